// The loop of bench/README.md, n iterations: two arithmetic operations and an if.
// Numbers are doubles; every intermediate value stays far below 2^53, so they are exact.
import { main, type Kernel } from './harness.ts';

/** The problem; one unit = one iteration. The accumulator and the next i persist between units. */
class Loop implements Kernel {
  acc = 0;
  nextI = 0;

  init(n: number): number {
    return n;
  }

  reset(): void {
    this.acc = 0;
    this.nextI = 0;
  }

  advance(units: number): void {
    let acc = this.acc;
    const end = this.nextI + units;
    for (let i = this.nextI; i < end; i++) {
      acc = (acc * 31 + i) % 1_000_003;
      if (acc % 2 === 0) acc += 1;
    }
    this.acc = acc;
    this.nextI = end;
  }

  answer(): string {
    return String(this.acc);
  }
}

void main('loop', 100000, new Loop());
