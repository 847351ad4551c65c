// Ops suite, Node: each operation is a plain loop of n iterations (a function
// per operation, so V8 optimizes each on its own), and tinybench times calls
// of it.
//
//   node ops.js [SAMPLES]   one JSON line per operation (bench/README.md)
//   node ops.js worker      long-lived worker: commands on stdin (bench/ops/README.md)
//
// Why batches: tinybench times each call of a task function with a clock
// read on either side, which costs more than most of these operations; so a
// task is one call of a loop of n iterations and ns/op = call time / n.
// Sizing works like Python's timeit.autorange (n = 1, 2, 5, 10, ... until one
// call takes >= 0.1 s, which also gives V8 time to optimize the loop), capped
// at 50,000,000 so every checksum stays an exact double (< 2^53). tinybench
// then warms up and runs SAMPLES calls at that n.
//
// Guarding against V8: every loop adds its result to `acc`, which the
// function returns and the harness checks; objects and strings built in the
// loop are stored in the module-level `_sink` so escape analysis cannot drop
// them. `attribute` reads objs[acc & 7].b, an object chosen by what the
// previous turn read, so the load is neither hoisted nor constant. `call`
// calls through a table of eight distinct functions (i & 7): the call site is
// megamorphic, so TurboFan does not inline it and every turn is a real call
// (node --trace-turbo-inlining shows no inlining of incs; bench/ops/README.md).
//
// Node 12 (2019's runtime, a vintage member: scripts/bench/runtimes/) runs the
// worker mode, so this file keeps to ES2019 syntax and Node 12's built-ins
// (tests/unit/bench/node12-syntax.test.ts checks it); tinybench 6, which Node 12
// cannot parse, is loaded only by the command-line mode.
import { realpathSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const OPS = ['empty_loop', 'call', 'attribute', 'map_lookup', 'map_insert', 'alloc', 'format', 'record_logic'];
const MAX_N = 50000000;

let _sink; // written, never read: what escapes into it is kept (the underscore tells the linter so)

// call: eight functions with the same body, each its own function literal (a
// SharedFunctionInfo of its own), called as incs[i & 7](i). The call site sees
// many targets, goes megamorphic, and TurboFan emits a generic call instead of
// inlining (node --trace-turbo-inlining ops.js worker: nothing inlined there).
const incs = [(x) => x + 1, (x) => x + 1, (x) => x + 1, (x) => x + 1, (x) => x + 1, (x) => x + 1, (x) => x + 1, (x) => x + 1];

class Obj {
  constructor(a, b, c) {
    this.a = a;
    this.b = b;
    this.c = c;
  }
}
// attribute: b = 8k + 1 on object k
const objs = Array.from({ length: 8 }, (_, k) => new Obj(k, 8 * k + 1, 3));

class Rec {
  constructor(a, b, c) {
    this.a = a;
    this.b = b;
    this.c = c;
  }
}

const keys = Array.from({ length: 100 }, (_, k) => `key${k}`);
const lookup = new Map(keys.map((key, k) => [key, k]));

const records = Array.from({ length: 1000 }, (_, i) => ({
  id: i,
  name: 'My name',
  description: 'Some words on here so it looks full',
  type: 'U',
  count: 33,
  created_at: 1569882498.9117897,
}));
const ALLOWED_TYPES = new Set(['U', 'A', 'M']);

/** Validates one record and builds its output; null when invalid. */
export function transform(rec) {
  if (rec.id < 0 || !rec.name) return null;
  if (!ALLOWED_TYPES.has(rec.type)) return null;
  if (!(rec.count >= 0 && rec.count <= 1000)) return null;
  return {
    id: rec.id,
    name: rec.name,
    type: rec.type.toUpperCase(),
    count: rec.count,
    score: rec.count * 2 + (rec.id % 7),
    created_at: Math.round(rec.created_at),
  };
}

/** op -> loop of n iterations returning the accumulated checksum. */
export const LOOPS = {
  overhead(n) {
    let last = 0;
    for (let i = 0; i < n; i++) last = i;
    return last;
  },
  empty_loop(n) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc++;
    return acc;
  },
  call(n) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += incs[i & 7](i);
    return acc;
  },
  // b ≡ 1 (mod 8): turn i reads object i & 7, and a wrong object gives a wrong checksum.
  attribute(n) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += objs[acc & 7].b;
    return acc;
  },
  map_lookup(n) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += lookup.get(keys[i % 100]);
    return acc;
  },
  map_insert(n) {
    let acc = 0;
    const m = new Map();
    for (let i = 0; i < n; i++) {
      m.set(i, i);
      if ((i & 1023) === 1023) {
        acc += m.size;
        m.clear();
      }
    }
    return acc;
  },
  alloc(n) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const r = new Rec(i, 1, 2);
      _sink = r;
      acc += r.a;
    }
    return acc;
  },
  format(n) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const s = `item-${i}`;
      _sink = s;
      acc += s.length;
    }
    return acc;
  },
  record_logic(n) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const out = transform(records[i % 1000]);
      if (out !== null) {
        _sink = out;
        acc += out.score;
      }
    }
    return acc;
  },
};

function sumMod(n, period, mod) {
  let full = 0;
  let part = 0;
  for (let j = 0; j < period; j++) {
    full += j % mod;
    if (j < n % period) part += j % mod;
  }
  return Math.floor(n / period) * full + part;
}

/** The checksum of one run of n iterations (bench/ops/README.md); exact for n <= MAX_N. */
export function expected(op, n) {
  switch (op) {
    case 'empty_loop':
      return n;
    case 'call':
      return (n * (n + 1)) / 2;
    case 'attribute':
      return n + 8 * sumMod(n, 8, 8);
    case 'map_lookup':
      return sumMod(n, 100, 100);
    case 'map_insert':
      return 1024 * Math.floor(n / 1024);
    case 'alloc':
      return n > 0 ? (n * (n - 1)) / 2 : 0;
    case 'format': {
      let digits = n > 0 ? 1 : 0; // the number 0
      for (let lo = 1, d = 1; lo < n; lo *= 10, d++) digits += (Math.min(n, lo * 10) - lo) * d;
      return 5 * n + digits;
    }
    case 'record_logic':
      return 66 * n + sumMod(n, 1000, 7);
    default:
      throw new Error(`unknown op ${op}`);
  }
}

function seconds(fn, n) {
  const t0 = process.hrtime.bigint();
  fn(n);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** The first of 1, 2, 5, 10, 20, … after n. */
function next125(n) {
  let p = 1;
  while (p * 10 <= n) p *= 10;
  const lead = Math.floor(n / p);
  return lead === 1 ? 2 * p : lead === 2 ? 5 * p : 10 * p;
}

export function autorange(fn) {
  for (let n = 1; ; n = next125(n)) if (n >= MAX_N || seconds(fn, n) >= 0.1) return Math.min(n, MAX_N);
}

/** A worker chunk lasts at least this long (and, by the 1-2-5 steps, at most ~2.5 times it). */
const CHUNK_MIN_SECONDS = 0.005;

/** Autoranges one chunk to >= 5 ms, confirmed by a second chunk at that n (the first may have included V8's compilation). */
function chunkSize(fn) {
  for (let n = 1; ; n = next125(n)) {
    if (n >= MAX_N) return MAX_N;
    if (seconds(fn, n) >= CHUNK_MIN_SECONDS && seconds(fn, n) >= CHUNK_MIN_SECONDS) return n;
  }
}

/**
 * The worker protocol of bench/ops/README.md: one JSON line per command.
 * `lines` is an async iterable of command lines; `say` writes one line.
 * Returns the exit status (1 after a wrong checksum).
 */
export async function worker(lines, say) {
  say(JSON.stringify({ ready: true, tests: OPS }));
  const chunks = new Map();
  for await (const line of lines) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    if (words.length === 1 && words[0] === 'quit') return 0;
    const [cmd, op, arg] = words;
    if (words.length !== 3 || (cmd !== 'run' && cmd !== 'count')) {
      say(JSON.stringify({ error: 'unknown command (known: run OP SECONDS, count OP N, quit)' }));
      continue;
    }
    if (!OPS.includes(op)) {
      say(JSON.stringify({ error: 'unknown test (the ready line lists them)' }));
      continue;
    }
    const fn = LOOPS[op];
    if (cmd === 'count') {
      const n = /^\d+$/.test(arg) ? Number(arg) : NaN;
      if (!(n <= MAX_N)) {
        say(JSON.stringify({ error: `count takes a test and a whole number of iterations up to ${MAX_N}` }));
        continue;
      }
      const sum = fn(n);
      if (sum !== expected(op, n)) {
        say(JSON.stringify({ error: `${op}: checksum ${sum}, expected ${expected(op, n)} for n=${n}` }));
        return 1;
      }
      say(JSON.stringify({ test: op, units: n, checksum: String(sum) }));
      continue;
    }
    const limit = /^\d+(\.\d*)?([eE][-+]?\d+)?$|^\.\d+$/.test(arg) ? Number(arg) : NaN;
    if (!(limit >= 0)) {
      say(JSON.stringify({ error: 'run takes a test and a number of seconds' }));
      continue;
    }
    if (!chunks.has(op)) chunks.set(op, chunkSize(fn));
    const n = chunks.get(op);
    const want = expected(op, n);
    let count = 0;
    let elapsed;
    const t0 = process.hrtime.bigint();
    for (;;) {
      const sum = fn(n);
      elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
      count++;
      if (sum !== want) {
        say(JSON.stringify({ error: `${op}: chunk ${count} gave checksum ${sum}, expected ${want} for n=${n}` }));
        return 1;
      }
      if (elapsed >= limit) break;
    }
    say(JSON.stringify({ test: op, units: n * count, chunks: count, seconds: elapsed, checksum: String(want) }));
  }
  return 0;
}

/** Times `samples` calls of op's loop at an autoranged n with tinybench. */
export async function measure(op, samples) {
  const { Bench } = await import('tinybench');
  const fn = LOOPS[op];
  const n = autorange(fn);
  const want = op === 'overhead' ? n - 1 : expected(op, n);
  const sums = new Set();
  const bench = new Bench({
    iterations: samples,
    time: 0,
    warmup: true,
    warmupIterations: 2,
    warmupTime: 0,
    retainSamples: true,
    timestampProvider: 'hrtimeNow',
    throws: true,
  });
  bench.add(op, () => {
    sums.add(fn(n));
  });
  await bench.run();
  const result = bench.tasks[0].result;
  const samplesMs = result.latency.samples;
  if (sums.size !== 1 || !sums.has(want)) {
    throw new Error(`${op}: checksum ${[...sums]} != expected ${want} for n=${n}`);
  }
  const ns = samplesMs.map((ms) => Math.round(((ms * 1e6) / n) * 1000) / 1000);
  return { n, ns, checksum: want };
}

async function main() {
  if (process.argv[2] === 'worker') {
    // Writes to a pipe are synchronous on Linux, so each answer leaves before the next command is read.
    process.exitCode = await worker(createInterface({ input: process.stdin, crlfDelay: Infinity }), (line) => process.stdout.write(`${line}\n`));
    process.stdin.destroy();
    return;
  }
  const samples = process.argv[2] === undefined ? 5 : Number(process.argv[2]);
  if (!Number.isInteger(samples) || samples < 1) {
    console.error('usage: node ops.js [SAMPLES]');
    process.exit(2);
  }
  const over = [...(await measure('overhead', samples)).ns].sort((a, b) => a - b);
  const overhead = over[Math.floor(over.length / 2)];
  for (const op of OPS) {
    const { n, ns, checksum } = await measure(op, samples);
    console.log(
      JSON.stringify({
        op,
        harness: 'tinybench',
        iterations_per_sample: n,
        samples_ns_per_op: ns,
        harness_overhead_ns_per_op: overhead,
        overhead_subtracted: false,
        checksum: String(checksum),
      }),
    );
  }
}

// Run as a program (not imported by the tests). Real paths on both sides: a vintage member runs this
// file through a link in its work folder (bench/ops/.vintage-node-12/ops.js), and import.meta.url is
// the file's real path.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
