/**
 * The machine or the runtime? Every claim with a 2019 figure compared a
 * number measured on the author's i7-920 with 2019's runtimes against one
 * measured here with today's. Split in two:
 *
 *   2019 figure  →  2019's runtimes on this machine  →  today's runtimes on this machine
 *                (what the hardware changed)         (what the runtime changed)
 *
 * Both measured points come from the vintage run (src/lib/vintage-runs.ts):
 * the same rounds, so the runtime step is not a difference between two runs.
 * "2019's runtimes" means, per manifest, the runtime that stands for 2019
 * (RUNTIMES_OF_2019); the claim is evaluated again with each of its
 * implementations swapped for that runtime's member (cpu.cpython.nbody →
 * cpu.cpython-3-7.nbody), which also gives the claim's verdict on its own
 * terms: 2019's languages, today's machine.
 */
import type { Run, RuntimeBuild, SuiteId } from '../schemas/run.ts';
import type { Claim, Measure } from '../schemas/claims.ts';
import { evaluateClaim, measuredUnit, type ClaimResult, type Estimate, type Measured } from './claims.ts';
import { measureMetricIds } from './claims-check.ts';
import { listVintageMembers } from './implementations.ts';
import { parseMetricId, type Unit } from './metric-ids.ts';
import { vintageMemberId } from './runtime-ids.ts';
import { isVintageClaim } from './vintage-runs.ts';

/**
 * The runtime that stands for 2019's, per manifest: the release that was
 * current in 2019 (CPython 3.7, Go 1.13, Node.js 12). Java 17 (2021) is the
 * oldest JDK on the machine and also the default: 2019's Java 11–13 cannot be
 * had here, so Java claims do not split (Java 25 against 17 is a claim of its own).
 */
const RUNTIMES_OF_2019: Readonly<Record<string, string>> = { cpython: 'cpython@3.7', go: 'go@1.13', node: 'node@12', java: 'java@17' };

/** The families (manifest ids) a claim names whose 2019 runtime is a vintage member of their manifest. */
export function splitFamilies(claim: Pick<Claim, 'measure'>, benchDir = 'bench'): string[] {
  const out = new Set<string>();
  for (const { id } of measureMetricIds(claim.measure)) {
    const m = parseMetricId(id);
    if ('error' in m) continue;
    const spec = RUNTIMES_OF_2019[m.impl];
    if (!spec) continue;
    const member = vintageMemberId(m.impl, spec);
    if (listVintageMembers(m.suite, benchDir).some((v) => v.id === member)) out.add(m.impl);
  }
  return [...out];
}

/**
 * Whether a claim is judged again with 2019's runtimes: it names a family whose 2019 runtime can be
 * measured, and is not itself about vintages (runtime-go-126-vs-113 compares Go with Go).
 */
export function hasRuntimeSplit(claim: Claim, benchDir = 'bench'): boolean {
  return claim.measure.kind !== 'none' && !isVintageClaim(claim, benchDir) && splitFamilies(claim, benchDir).length > 0;
}

/** Whether a claim gets the split: a 2019 figure (a number or a range), and a family whose 2019 runtime can be measured. */
export function hasSplit(claim: Claim, benchDir = 'bench'): boolean {
  const o = claim.original;
  return o !== null && !('text' in o) && hasRuntimeSplit(claim, benchDir);
}

/** The member of `family` that ran `spec` in a suite of the run (by its runtime record), else the id the manifest gives it. */
export function memberFor(run: Run | null, suite: SuiteId, family: string, spec: string): string {
  const bare = (s: string) => s.replace(/\+.*$/, '');
  const records = Object.entries(run?.implementations ?? {}).filter(([key, i]) => key.startsWith(`${suite}/`) && i.runtime_build?.of === family);
  // An unpinned member first (cpython-3-13 over cpython-3-13-pyenv), as the manifest names it.
  const hit = records.find(([, i]) => i.runtime_build!.spec === spec) ?? records.find(([, i]) => bare(i.runtime_build!.spec) === spec);
  if (hit) return hit[0].slice(suite.length + 1);
  return vintageMemberId(family, spec) ?? family;
}

/** The measure with every metric id rewritten by `f`. */
function mapMeasure(measure: Measure, f: (id: string) => string): Measure {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return 'error' in parseMetricId(v) ? v : f(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'kind' ? x : walk(x)]));
    return v;
  };
  return walk(measure) as Measure;
}

/** The claim as it reads with 2019's runtimes in `run`: each family's id swapped for its 2019 member. */
export function claimWith2019Runtimes(claim: Claim, run: Run | null, families: readonly string[]): Claim {
  return {
    ...claim,
    measure: mapMeasure(claim.measure, (id) => {
      const m = parseMetricId(id);
      if ('error' in m || !families.includes(m.impl)) return id;
      return `${m.suite}.${memberFor(run, m.suite, m.impl, RUNTIMES_OF_2019[m.impl]!)}.${m.test}.${m.metric}`;
    }),
  };
}

/** One point of the split: a value with its interval (a 2019 range is drawn as its geometric middle, the range as the interval). */
export interface SplitPoint extends Estimate {
  /** The 2019 figure was a range ("2–3×"). */
  range: boolean;
}

export function pointOfMeasured(m: Measured | null): SplitPoint | null {
  if (!m) return null;
  if (m.kind === 'value') return { value: m.value, low: m.low, high: m.high, range: false };
  if (m.kind === 'range') return { value: Math.sqrt(m.low.value * m.high.value), low: m.low.low ?? m.low.value, high: m.high.high ?? m.high.value, range: true };
  return null;
}

function pointOf2019(claim: Claim): SplitPoint | null {
  const o = claim.original;
  if (!o || 'text' in o) return null;
  if ('value' in o) return { value: o.value, low: null, high: null, range: false };
  return { value: Math.sqrt(o.low * o.high), low: o.low, high: o.high, range: true };
}

/** A family's two runtimes as the vintage run recorded them (null: not in the run). */
export interface FamilyRuntimes {
  family: string;
  suite: SuiteId;
  thenId: string;
  thenSpec: string;
  then: RuntimeBuild | null;
  now: RuntimeBuild | null;
}

export interface VintageSplit {
  claim: Claim;
  unit: Unit;
  /** The author's figure (2019, i7-920, 2019's runtimes). */
  original: SplitPoint | null;
  /** 2019's runtimes on this machine: the claim re-evaluated with them (its verdict is the claim on its own terms). */
  then: ClaimResult;
  /** Today's runtimes on this machine, in the same run. */
  now: ClaimResult;
  families: FamilyRuntimes[];
  /** then ÷ 2019 figure: what the hardware changed (null when either is missing). */
  hardware: number | null;
  /** now ÷ then: what the runtime changed. */
  runtime: number | null;
}

/** The split of one claim against the vintage run (null: no vintage run; every point then says "not measured"). */
export function vintageSplit(claim: Claim, vintage: Run | null, benchDir = 'bench'): VintageSplit {
  const families = splitFamilies(claim, benchDir);
  const thenClaim = claimWith2019Runtimes(claim, vintage, families);
  const then = evaluateClaim(thenClaim, vintage);
  const now = evaluateClaim(claim, vintage);
  const original = pointOf2019(claim);
  const t = pointOfMeasured(then.measured);
  const n = pointOfMeasured(now.measured);
  const suites = [...new Set(measureMetricIds(claim.measure).map(({ id }) => parseMetricId(id)).filter((m) => !('error' in m)).map((m) => (m as { suite: SuiteId }).suite))];
  const record = (suite: SuiteId, id: string) => vintage?.implementations[`${suite}/${id}`]?.runtime_build ?? null;
  return {
    claim,
    unit: measuredUnit(claim),
    original,
    then,
    now,
    families: families.flatMap((family) =>
      suites.map((suite) => {
        const thenSpec = RUNTIMES_OF_2019[family]!;
        const thenId = memberFor(vintage, suite, family, thenSpec);
        return { family, suite, thenId, thenSpec, then: record(suite, thenId), now: record(suite, family) };
      }),
    ),
    hardware: original && t ? t.value / original.value : null,
    runtime: t && n ? n.value / t.value : null,
  };
}
