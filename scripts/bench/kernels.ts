/**
 * bench/cpu/kernels.json: each kernel's size argument (full, quick, callgrind)
 * and the expected stdout. The loader is tolerant of a few shapes:
 *
 *   { "kernels": { "nbody": {...} } }  or  { "nbody": {...} }
 *   kernel: { "argument"|"n"|"size", "quick_argument"|"quick",
 *             "callgrind_argument"|"callgrind",
 *             "expected": "<stdout>" | { "<argument>": "<stdout>" } }
 *   or kernel: { "full"|"quick"|"callgrind": { "argument"|"n", "expected" } }
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.ts';

export interface KernelSpec {
  argument: string;
  quickArgument: string;
  callgrindArgument: string | null;
  /** argument → expected stdout */
  expected: Map<string, string>;
}

export type Kernels = Map<string, KernelSpec>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

function pick(o: Record<string, unknown>, ...keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
}

function parseKernel(id: string, raw: unknown, file: string): KernelSpec {
  if (typeof raw !== 'object' || raw === null) throw new UserError(`${file}: kernels.${id} should be an object with argument, quick_argument, callgrind_argument and expected`);
  const o = raw as Record<string, unknown>;
  const expected = new Map<string, string>();
  const nested = (key: string): { argument: string | null; expected: string | null } => {
    const v = o[key];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { argument: null, expected: null };
    const n = v as Record<string, unknown>;
    return { argument: str(pick(n, 'argument', 'n', 'size', 'arg')), expected: str(pick(n, 'expected', 'expected_stdout', 'stdout', 'output')) };
  };
  const full = nested('full');
  const quick = nested('quick');
  const cg = nested('callgrind');
  const argument = str(pick(o, 'argument', 'n', 'size', 'arg')) ?? full.argument;
  const quickArgument = str(pick(o, 'quick_argument', 'quick_n', 'quick_size')) ?? (typeof o['quick'] !== 'object' ? str(o['quick']) : null) ?? quick.argument ?? argument;
  const callgrindArgument = str(pick(o, 'callgrind_argument', 'callgrind_n', 'callgrind_size')) ?? (typeof o['callgrind'] !== 'object' ? str(o['callgrind']) : null) ?? cg.argument;
  if (argument === null) throw new UserError(`${file}: kernels.${id}.argument is missing; add the size argument of a full run, e.g. "argument": "50000000"`);
  for (const [arg, exp] of [[argument, full.expected], [quickArgument, quick.expected], [callgrindArgument, cg.expected]] as const) {
    if (arg !== null && exp !== null) expected.set(arg, exp);
  }
  const e = pick(o, 'expected', 'expected_stdout', 'outputs', 'expected_output', 'stdout');
  if (typeof e === 'string') expected.set(argument, e);
  else if (typeof e === 'object' && e !== null) {
    for (const [k, v] of Object.entries(e as Record<string, unknown>)) {
      const text = str(v) ?? (typeof v === 'object' && v !== null ? str(pick(v as Record<string, unknown>, 'expected', 'stdout', 'output')) : null);
      if (text === null) continue;
      // keys may be arguments ("5000000") or roles ("full", "quick", "callgrind")
      const arg = k === 'full' || k === 'argument' ? argument : k === 'quick' || k === 'quick_argument' ? quickArgument : k === 'callgrind' || k === 'callgrind_argument' ? callgrindArgument : k;
      if (arg !== null) expected.set(arg, text);
    }
  }
  return { argument, quickArgument: quickArgument ?? argument, callgrindArgument, expected };
}

export function loadKernels(benchDir: string): Kernels {
  const file = path.join(benchDir, 'cpu', 'kernels.json');
  const kernels: Kernels = new Map();
  if (!existsSync(file)) return kernels;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const top = json as Record<string, unknown>;
  const entries = typeof top['kernels'] === 'object' && top['kernels'] !== null ? (top['kernels'] as Record<string, unknown>) : top;
  for (const [id, raw] of Object.entries(entries)) {
    if (id.startsWith('$') || id === 'description' || id === 'comment' || id === 'schema_version') continue;
    if (typeof raw !== 'object' || raw === null) continue;
    kernels.set(id, parseKernel(id, raw, path.relative(process.cwd(), file)));
  }
  return kernels;
}

/** Compares a program's stdout with the expected text (trailing whitespace ignored). */
export function sameOutput(stdout: string, expected: string): boolean {
  const norm = (s: string) => s.replace(/\r\n/g, '\n').replace(/\s+$/, '');
  return norm(stdout) === norm(expected);
}

/**
 * The work unit of each kernel's worker (bench/README.md, "Workers"), how many
 * make the kernel's whole problem at size `n`, and the two unit counts whose
 * instruction totals under callgrind give instructions per unit.
 */
export interface KernelUnit {
  name: string;
  perProblem(n: number): number;
  /** Units of the two `count` runs under callgrind (the difference cancels start-up). */
  callgrindUnits: readonly [number, number];
  /** What the callgrind difference covers, when it is not an average over the whole problem. */
  callgrindNote: string | null;
  /**
   * When set, units are counted at this size and scaled to the run's size by
   * (run size ÷ this size)² (one spectral-norm product at n = 1500 is about ten
   * billion CPython instructions, minutes under callgrind).
   */
  callgrindSize?: number;
}

/** Products of A·Aᵀ·v in spectral-norm: 10 rounds of the power method, two products each. */
const SPECTRALNORM_PRODUCTS = 20;

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

export const KERNEL_UNITS: Record<string, KernelUnit> = {
  nbody: { name: 'one step of advance() (dt = 0.01)', perProblem: (n) => n, callgrindUnits: [1000, 3000], callgrindNote: null },
  spectralnorm: {
    name: `one product A·Aᵀ·v at size n (the problem is ${SPECTRALNORM_PRODUCTS} of them)`,
    perProblem: () => SPECTRALNORM_PRODUCTS,
    callgrindUnits: [0, 1],
    // At n = 100 CPython's cached small integers save 15 % of its instructions; at 500 the products are like those at 1500.
    callgrindSize: 500,
    callgrindNote: 'counted on one product at n = 500 and scaled by (n ÷ 500)², the n² inner-loop iterations of a product',
  },
  fannkuch: {
    name: 'one permutation (flips counted, checksum and maximum updated)',
    perProblem: (n) => factorial(n),
    callgrindUnits: [0, 40320],
    callgrindNote: 'instructions per permutation over the first 8! permutations (fewer flips than the average permutation of the problem)',
  },
  loop: { name: 'one iteration of the loop', perProblem: (n) => n, callgrindUnits: [100000, 300000], callgrindNote: null },
};
