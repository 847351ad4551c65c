// Ops suite, Node: each operation is a plain loop of n iterations (a function
// per operation, so V8 optimizes each on its own), and tinybench times calls
// of it. Usage: node ops.js [SAMPLES]
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
// loop are stored in the module-level `sink` so escape analysis cannot drop
// them; `obj.b` is written after construction so V8 does not treat the field
// as a constant. V8 does inline `inc` into the call loop: that is what a JIT
// does, and the C, Go and Rust versions keep their call out of line.
import { Bench } from 'tinybench';

export const OPS = ['empty_loop', 'call', 'attribute', 'map_lookup', 'map_insert', 'alloc', 'format', 'record_logic'];
const MAX_N = 50_000_000;

let sink;

function inc(x) {
  return x + 1;
}

class Obj {
  constructor() {
    this.a = 1;
    this.b = 0;
    this.c = 3;
  }
}
const obj = new Obj();
obj.b = 7;

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
    for (let i = 0; i < n; i++) acc += inc(i);
    return acc;
  },
  attribute(n) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += obj.b;
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
      sink = r;
      acc += r.a;
    }
    return acc;
  },
  format(n) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const s = `item-${i}`;
      sink = s;
      acc += s.length;
    }
    return acc;
  },
  record_logic(n) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const out = transform(records[i % 1000]);
      if (out !== null) {
        sink = out;
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
      return 7 * n;
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

export function autorange(fn) {
  for (let n = 1; ; n *= 10) {
    for (const m of [1, 2, 5]) {
      if (n * m >= MAX_N || seconds(fn, n * m) >= 0.1) return Math.min(n * m, MAX_N);
    }
  }
}

/** Times `samples` calls of op's loop at an autoranged n with tinybench. */
export async function measure(op, samples) {
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
  const samples = process.argv[2] === undefined ? 5 : Number(process.argv[2]);
  if (!Number.isInteger(samples) || samples < 1) {
    console.error('usage: node ops.js [SAMPLES]');
    process.exit(2);
  }
  const over = (await measure('overhead', samples)).ns.toSorted((a, b) => a - b);
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

if (import.meta.url === `file://${process.argv[1]}`) await main();
