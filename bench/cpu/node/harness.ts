// Shared by the kernels: the size and iteration-count arguments, and the
// stderr line {"iteration_seconds":[…]} printed when a kernel ran more than once.

/** The size (first argument) and the iteration count (second, default 1). */
export function args(usage: string): { n: number; iterations: number } {
  const [size, count] = process.argv.slice(2);
  if (size === undefined) {
    console.error(`usage: ${usage} N [ITERATIONS]`);
    process.exit(2);
  }
  const n = Number.parseInt(size, 10);
  const iterations = count === undefined ? 1 : Math.max(1, Number.parseInt(count, 10));
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(iterations)) {
    console.error(`usage: ${usage} N [ITERATIONS]`);
    process.exit(2);
  }
  return { n, iterations };
}

/**
 * Calls `kernel` `iterations` times, checks that every run gives the same
 * answer (compared as `key` strings), reports the timings, and returns the answer.
 */
export function run<T>(iterations: number, kernel: () => T, key: (result: T) => string): T {
  let result: T | undefined;
  const seconds: string[] = [];
  for (let it = 0; it < iterations; it++) {
    const start = performance.now();
    const r = kernel();
    seconds.push(((performance.now() - start) / 1000).toFixed(9));
    if (result !== undefined && key(r) !== key(result)) {
      console.error(`iteration ${it} gave a different answer`);
      process.exit(1);
    }
    result = r;
  }
  if (iterations > 1) console.error(`{"iteration_seconds":[${seconds.join(',')}]}`);
  return result as T;
}
