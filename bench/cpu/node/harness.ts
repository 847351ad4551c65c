// What every kernel shares with the other languages (bench/README.md, "CPU suite"):
//
//   kernel.ts N [ITERATIONS]      the whole problem of size N, answer on stdout; with
//                                 ITERATIONS > 1 each iteration's seconds as JSON on stderr
//   kernel.ts worker N [START]    a worker (bench/README.md, "Workers"): answers `run`,
//                                 `count` and `quit` on stdin, one JSON line each
//
// A kernel is a resumable problem (Kernel); the command line is reset(0),
// advance(all), answer(); a worker does whole chunks of units and starts the
// problem over when it is done.
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

export interface Kernel {
  /** Sizes the problem; returns how many work units make it. */
  init(n: number): number;
  /** Starts the problem over at unit `start`. */
  reset(start: number): void;
  /** Does the next `units` units. */
  advance(units: number): void;
  /** What the command line prints for the units done so far. */
  answer(): string;
}

function number(text: string, what: string): number {
  const v = Number(text);
  if (!Number.isFinite(v)) {
    console.error(`bad ${what}: ${text}`);
    process.exit(2);
  }
  return v;
}

async function serve(name: string, chunk: number, k: Kernel, units: number, start: number): Promise<number> {
  let done = start;
  k.reset(start);
  // The next n units, starting the problem over each time it is done.
  const work = (n: number) => {
    while (n > 0) {
      if (done === units) {
        k.reset(0);
        done = 0;
      }
      const take = Math.min(units - done, n);
      k.advance(take);
      done += take;
      n -= take;
    }
  };
  const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
  say({ ready: true, tests: [name] });
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, test, arg] = line.trim().split(/\s+/);
    if (cmd === 'quit') return 0;
    if (test !== name || arg === undefined || (cmd !== 'run' && cmd !== 'count')) {
      say({ error: `unknown command (this worker runs ${name})` });
      return 1;
    }
    if (cmd === 'run') {
      const seconds = number(arg, 'seconds');
      const t0 = performance.now();
      let chunks = 0;
      let elapsed: number;
      do {
        work(chunk);
        chunks++;
      } while ((elapsed = (performance.now() - t0) / 1000) < seconds);
      say({ test, units: chunks * chunk, chunks, seconds: elapsed, checksum: k.answer() });
    } else {
      const n = number(arg, 'unit count');
      k.reset(0);
      done = 0;
      work(n);
      say({ test, units: n, checksum: k.answer() });
    }
  }
  return 0;
}

/** The program: the command line or, with `worker`, a worker; `chunk` is the units per chunk of `run`. */
export async function main(name: string, chunk: number, k: Kernel): Promise<void> {
  let rest = process.argv.slice(2);
  const worker = rest[0] === 'worker';
  if (worker) rest = rest.slice(1);
  if (rest[0] === undefined) {
    console.error(`usage: ${name}.ts N [ITERATIONS]\n       ${name}.ts worker N [START]`);
    process.exit(2);
  }
  const units = k.init(number(rest[0], 'size'));
  if (worker) {
    process.exitCode = await serve(name, chunk, k, units, rest[1] === undefined ? 0 : number(rest[1], 'start') % units);
    process.stdin.destroy();
    return;
  }
  const iterations = rest[1] === undefined ? 1 : Math.max(1, number(rest[1], 'iteration count'));
  let first: string | undefined;
  const seconds: string[] = [];
  for (let it = 0; it < iterations; it++) {
    const t0 = performance.now();
    k.reset(0);
    k.advance(units);
    seconds.push(((performance.now() - t0) / 1000).toFixed(9));
    const answer = k.answer();
    if (first === undefined) first = answer;
    else if (answer !== first) {
      console.error(`iteration ${it} gave a different answer`);
      process.exit(1);
    }
  }
  console.log(first);
  if (iterations > 1) console.error(`{"iteration_seconds":[${seconds.join(',')}]}`);
}
