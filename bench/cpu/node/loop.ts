// The loop of bench/README.md, n iterations: two arithmetic operations and an if.
// Numbers are doubles; every intermediate value stays far below 2^53, so they are exact.
import { args, run } from './harness.ts';

function loop(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc = (acc * 31 + i) % 1_000_003;
    if (acc % 2 === 0) acc += 1;
  }
  return acc;
}

const { n, iterations } = args('loop.ts');
const result = run(iterations, () => loop(n), String);
console.log(String(result));
