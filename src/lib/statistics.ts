/**
 * The statistics of Diez Mil: one module for the runner (summaries, adaptive
 * stopping) and the site (every figure and its interval). Data flows one way:
 * the run file keeps raw samples, everything here is derived from them.
 *
 * The design follows the literature on benchmarking in noisy clouds:
 * - samples are taken in rounds, each visiting every implementation of a
 *   comparison group in a fresh random order (Abedi & Brecht 2017);
 * - a ratio is estimated from per-round ratios, so that the host's slow
 *   phases, shared by both sides of a round, cancel (Bulej et al. 2020);
 * - intervals come from a bootstrap that resamples whole rounds, the level
 *   where the variance is (Kalibera & Jones 2013), seeded so a build is
 *   reproducible.
 */

// ------------------------------------------------------------------ basics

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  // Selection, not a sort: the bootstrap takes thousands of medians of hundreds of samples per figure.
  const a = Float64Array.from(values);
  const n = a.length;
  const mid = n >> 1;
  const upper = select(a, mid);
  if (n % 2 === 1) return upper;
  // Even count: the lower middle is the largest value left of the upper one after selection.
  let lower = a[0]!;
  for (let i = 1; i < mid; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** The k-th smallest value of `a` (Hoare's selection, in place): everything left of k ends up ≤ it, everything right ≥ it. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('mean of no values');
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
export function stddev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Coefficient of variation (stddev ÷ mean); null when it means nothing (one value, or mean 0). */
export function cv(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  if (m === 0) return null;
  return stddev(values) / Math.abs(m);
}

/** Quantile of sorted values by linear interpolation (R's type 7), p in [0, 1]. */
function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function geometricMean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('geometric mean of no values');
  let s = 0;
  for (const v of values) s += Math.log(v);
  return Math.exp(s / values.length);
}

/** The descriptive summary a run file keeps beside raw samples (shape of Summary in src/schemas/run.ts). */
export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  mean: number;
  stddev: number;
  cv: number | null;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summary of no values');
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`summary of a non-finite value: ${v}`);
  return {
    n: values.length,
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    mean: mean(values),
    stddev: stddev(values),
    cv: cv(values),
  };
}

// ------------------------------------------------------------------ randomness

/** 32-bit FNV-1a of a string, to derive independent seeds from names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, seedable generator; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh random order of `items` (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ------------------------------------------------------------------ interval of a median

/** Binomial(n, 1/2) cumulative probability P(X ≤ k). */
function binomialHalfCdf(n: number, k: number): number {
  let p = 0;
  let term = Math.pow(0.5, n);
  for (let i = 0; i <= k; i++) {
    p += term;
    term = (term * (n - i)) / (i + 1);
  }
  return p;
}

/**
 * Distribution-free confidence interval of a median from order statistics:
 * [x(j), x(n+1−j)] with the largest j whose coverage is still ≥ level. Null
 * when there are too few values for that coverage (n < 6 at 95 %).
 */
export function medianInterval(values: readonly number[], level = 0.95): { low: number; high: number } | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  let j = 0;
  // Coverage of [x(k+1), x(n−k)] is 1 − 2·P(X ≤ k).
  while (j + 1 <= n / 2 && 1 - 2 * binomialHalfCdf(n, j) >= level) j++;
  if (j === 0) return null;
  return { low: sorted[j - 1]!, high: sorted[n - j]! };
}

// ------------------------------------------------------------------ rounds and quantities

/** One measured value and the round it was taken in (round ids are per comparison group). */
export interface Sample {
  round: number;
  value: number;
}

/**
 * The samples of one cell. `group` names the comparison group whose rounds the
 * samples belong to (e.g. "http/json"): cells of one group were measured in
 * the same rounds and their per-round ratios pair up. A cell measured on its
 * own (runs made before rounds existed) is a group of its own.
 */
export interface Series {
  group: string;
  samples: readonly Sample[];
}

/** How a bootstrap replicate picks rounds: group → round ids, with repetition. */
type Selection = (group: string) => readonly number[];

/**
 * A number derived from samples, that can be evaluated on the original rounds
 * or on a bootstrap replicate. `groups` lists the round ids each group has, so
 * the bootstrap knows what to resample.
 */
export interface Quantity {
  groups: ReadonlyMap<string, readonly number[]>;
  evaluate(select: Selection): number | null;
}

function mergeGroups(parts: readonly Quantity[]): Map<string, readonly number[]> {
  const out = new Map<string, readonly number[]>();
  for (const p of parts) for (const [g, rounds] of p.groups) if (!out.has(g)) out.set(g, rounds);
  return out;
}

/** Round id → the values a series took in that round. */
function byRound(series: Series): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (const s of series.samples) {
    const list = m.get(s.round);
    if (list) list.push(s.value);
    else m.set(s.round, [s.value]);
  }
  return m;
}

function roundIds(series: Series): number[] {
  return [...new Set(series.samples.map((s) => s.round))].sort((a, b) => a - b);
}

/** The median of a series' samples in the selected rounds. */
export function medianOf(series: Series): Quantity {
  const rounds = byRound(series);
  return {
    groups: new Map([[series.group, roundIds(series)]]),
    evaluate(select) {
      const values: number[] = [];
      for (const r of select(series.group)) {
        const v = rounds.get(r);
        if (v) values.push(...v);
      }
      return values.length === 0 ? null : median(values);
    },
  };
}

/**
 * Tukey's biweight location (c = 6 MADs, a few iterations from the median):
 * values beyond c scale units from the centre get no weight at all.
 */
export function biweightLocation(values: readonly number[], c = 6, iterations = 5): number {
  let m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  if (mad === 0) return m;
  for (let it = 0; it < iterations; it++) {
    let num = 0;
    let den = 0;
    for (const v of values) {
      const u = (v - m) / (c * mad);
      if (Math.abs(u) >= 1) continue;
      const w = (1 - u * u) ** 2;
      num += w * v;
      den += w;
    }
    if (den === 0) break;
    m = num / den;
  }
  return m;
}

/** How per-round log-ratios become one ratio. */
export const ESTIMATORS = {
  /** exp(mean of log ratios): the geometric mean of per-round ratios. */
  geomean: (logs: number[]) => mean(logs),
  /** exp(median of log ratios). */
  median: (logs: number[]) => median(logs),
  /** exp(20 % trimmed mean of log ratios): drops the rounds a phase change split. */
  trimmed_geomean: (logs: number[]) => {
    const sorted = [...logs].sort((a, b) => a - b);
    const cut = Math.floor(sorted.length * 0.2);
    return mean(sorted.slice(cut, sorted.length - cut));
  },
  /** exp(Hodges–Lehmann estimate): the median of all pairwise means of log ratios. */
  hodges_lehmann: (logs: number[]) => {
    const walsh: number[] = [];
    for (let i = 0; i < logs.length; i++) for (let j = i; j < logs.length; j++) walsh.push((logs[i]! + logs[j]!) / 2);
    return median(walsh);
  },
  /** exp(Tukey's biweight location of log ratios): rounds far from the bulk get no weight. */
  biweight: (logs: number[]) => biweightLocation(logs),
} as const satisfies Record<string, (logs: number[]) => number>;
export type EstimatorId = keyof typeof ESTIMATORS;

/**
 * The estimator of a ratio from per-round ratios: the runner's (recorded in
 * each run's settings.statistics.estimator), and the site's for runs made
 * before it was recorded. Chosen by simulation on a model of the host
 * (scripts/bench/host-model.ts, tests/unit/statistics.test.ts): of the
 * geometric mean, the median, a trimmed mean, Hodges–Lehmann and the
 * biweight, the biweight kept 95 % coverage on every host model while the
 * plain geometric mean fell to 86–92 %, because a round split by a change of
 * host speed is an outlier that a mean follows.
 */
export const DEFAULT_ESTIMATOR: EstimatorId = 'biweight';

/** Per-round log-ratios of a ÷ b in the selected rounds, where both were measured. */
function logRatios(a: Map<number, number[]>, b: Map<number, number[]>, rounds: readonly number[]): number[] {
  const out: number[] = [];
  for (const r of rounds) {
    const x = a.get(r);
    const y = b.get(r);
    if (!x || !y) continue;
    const xv = x.length === 1 ? x[0]! : median(x);
    const yv = y.length === 1 ? y[0]! : median(y);
    if (xv > 0 && yv > 0) out.push(Math.log(xv / yv));
  }
  return out;
}

/**
 * a ÷ b. Measured in the same rounds: the estimator over per-round ratios.
 * Measured apart (different groups): the ratio of the two medians, each
 * resampled over its own rounds.
 */
export function ratioOf(a: Series, b: Series, estimator: EstimatorId): Quantity {
  if (a.group !== b.group) return quotient(medianOf(a), medianOf(b));
  const ra = byRound(a);
  const rb = byRound(b);
  const shared = roundIds(a).filter((r) => rb.has(r));
  const f = ESTIMATORS[estimator];
  return {
    groups: new Map([[a.group, shared]]),
    evaluate(select) {
      const logs = logRatios(ra, rb, select(a.group));
      return logs.length === 0 ? null : Math.exp(f(logs));
    },
  };
}

export function quotient(a: Quantity, b: Quantity): Quantity {
  return {
    groups: mergeGroups([a, b]),
    evaluate(select) {
      const x = a.evaluate(select);
      const y = b.evaluate(select);
      return x === null || y === null || y === 0 ? null : x / y;
    },
  };
}

/** k × q, or k ÷ q with `inverse` (e.g. µs per request from requests per second). */
export function scaled(q: Quantity, k: number, inverse = false): Quantity {
  return {
    groups: q.groups,
    evaluate(select) {
      const x = q.evaluate(select);
      if (x === null) return null;
      if (!inverse) return x * k;
      return x === 0 ? null : k / x;
    },
  };
}

function combine(parts: readonly Quantity[], f: (xs: number[]) => number): Quantity {
  return {
    groups: mergeGroups(parts),
    evaluate(select) {
      const xs: number[] = [];
      for (const p of parts) {
        const x = p.evaluate(select);
        if (x === null) return null;
        xs.push(x);
      }
      return f(xs);
    },
  };
}

export const geomeanOf = (parts: readonly Quantity[]): Quantity => combine(parts, geometricMean);
export const minOf = (parts: readonly Quantity[]): Quantity => combine(parts, (xs) => Math.min(...xs));
export const maxOf = (parts: readonly Quantity[]): Quantity => combine(parts, (xs) => Math.max(...xs));

/** A value measured once (e.g. a memory peak, an instruction count): no interval. */
export function constant(value: number): Quantity {
  return { groups: new Map(), evaluate: () => value };
}

// ------------------------------------------------------------------ normal and t quantiles

/** Standard normal CDF (Abramowitz & Stegun 7.1.26; absolute error ≤ 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Standard normal quantile (Acklam's rational approximation; relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new Error(`normal quantile of ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * Student's t CDF for whole degrees of freedom, exact to rounding: the finite
 * series of Abramowitz & Stegun 26.7.3 (odd ν) and 26.7.4 (even ν) for
 * A(t|ν) = P(|T| < t), with θ = atan(t/√ν).
 */
export function tCdf(t: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new Error(`t distribution with ${df} degrees of freedom: a whole number ≥ 1 is needed`);
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  const s = Math.sin(theta);
  let a: number;
  if (df % 2 === 1) {
    // θ + sinθ·(cosθ + (2/3)cos³θ + … + (2·4…(ν−3))/(1·3…(ν−2))·cos^(ν−2)θ)
    let term = Math.cos(theta);
    let sum = df > 1 ? term : 0;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      sum += term;
    }
    a = (2 / Math.PI) * (theta + s * sum);
  } else {
    // sinθ·(1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3…(ν−3))/(2·4…(ν−2))·cos^(ν−2)θ)
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= df - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      sum += term;
    }
    a = s * sum;
  }
  return t >= 0 ? (1 + a) / 2 : (1 - a) / 2;
}

/**
 * Student's t quantile for whole degrees of freedom: bisection on tCdf, so
 * as exact as the CDF (a series in 1/ν was 3 % short at ν = 2).
 */
export function tQuantile(p: number, df: number): number {
  if (p <= 0 || p >= 1) throw new Error(`t quantile of ${p}`);
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Tail probability for an expanded percentile interval (Hesterberg 2015):
 * with n resampled units the plain percentile bootstrap is too narrow, like
 * a z-interval with a biased variance; using the quantiles at
 * Φ(−√(n/(n−1))·t(α/2, n−1)) instead of α/2 corrects both.
 */
export function expandedTail(level: number, n: number): number {
  const alpha = (1 - level) / 2;
  if (n < 3) return alpha;
  return normalCdf(-Math.sqrt(n / (n - 1)) * tQuantile(1 - alpha, n - 1));
}

// ------------------------------------------------------------------ bootstrap

export interface Interval {
  value: number;
  /** Bounds of the confidence interval; null when it cannot be computed (too few rounds, or a constant). */
  low: number | null;
  high: number | null;
  level: number;
  /** Smallest number of rounds among the groups the value rests on (0 for constants). */
  rounds: number;
}

export interface BootstrapOptions {
  level?: number;
  replicates?: number;
  seed?: number;
  /** Fewer rounds than this in any group: no interval. */
  minRounds?: number;
}

export const BOOTSTRAP_DEFAULTS = { level: 0.95, replicates: 2000, seed: 20190101, minRounds: 5 } as const;

/**
 * A quantity evaluated on the original rounds and on every bootstrap
 * replicate (NaN where it is undefined there). `values` is null with too few
 * rounds for an interval. Kept so that two independent quantities (two runs'
 * figures) can be divided replicate by replicate without resampling again.
 */
export interface Replicates {
  value: number;
  /** The fewest rounds among the groups it rests on. */
  rounds: number;
  values: Float64Array | null;
}

/** The bootstrap replicates of a quantity (see bootstrap); null when its point value is undefined. */
export function bootstrapReplicates(q: Quantity, o: BootstrapOptions = {}): Replicates | null {
  const replicates = o.replicates ?? BOOTSTRAP_DEFAULTS.replicates;
  const seed = o.seed ?? BOOTSTRAP_DEFAULTS.seed;
  const minRounds = o.minRounds ?? BOOTSTRAP_DEFAULTS.minRounds;
  const all = (g: string) => q.groups.get(g) ?? [];
  const value = q.evaluate(all);
  if (value === null || !Number.isFinite(value)) return null;
  const sizes = [...q.groups.values()].map((r) => r.length);
  const rounds = sizes.length === 0 ? 0 : Math.min(...sizes);
  if (sizes.length === 0 || rounds < minRounds) return { value, rounds, values: null };

  const groups = [...q.groups];
  const groupSeeds = groups.map(([g]) => hashString(g) ^ seed);
  // One pick buffer per group, refilled every replicate (evaluate reads its selection and keeps none of it).
  const picks = groups.map(([, ids]) => new Array<number>(ids.length));
  const slot = new Map(groups.map(([g], i) => [g, i]));
  const none: readonly number[] = [];
  const select = (g: string) => {
    const i = slot.get(g);
    return i === undefined ? none : picks[i]!;
  };
  const values = new Float64Array(replicates);
  for (let b = 0; b < replicates; b++) {
    for (let gi = 0; gi < groups.length; gi++) {
      const ids = groups[gi]![1];
      const pick = picks[gi]!;
      // Each (group, replicate) has its own stream, so a group resamples the
      // same way whatever else the quantity combines it with.
      const random = seededRandom((groupSeeds[gi]! + Math.imul(b + 1, 0x9e3779b1)) >>> 0);
      for (let i = 0; i < ids.length; i++) pick[i] = ids[Math.floor(random() * ids.length)]!;
    }
    const v = q.evaluate(select);
    values[b] = v !== null && Number.isFinite(v) ? v : NaN;
  }
  return { value, rounds, values };
}

/** x ÷ y replicate by replicate, for two quantities resampled on their own (undefined where y is zero); null when the point value is undefined. */
export function replicateQuotient(x: Replicates, y: Replicates): Replicates | null {
  if (y.value === 0) return null;
  const value = x.value / y.value;
  if (!Number.isFinite(value)) return null;
  const rounds = Math.min(x.rounds, y.rounds);
  if (!x.values || !y.values || x.values.length !== y.values.length) return { value, rounds, values: null };
  const values = new Float64Array(x.values.length);
  for (let i = 0; i < values.length; i++) {
    const d = y.values[i]!;
    const v = d === 0 ? NaN : x.values[i]! / d;
    values[i] = Number.isFinite(v) ? v : NaN;
  }
  return { value, rounds, values };
}

/** The expanded percentile interval of a quantity's replicates (see bootstrap). */
export function intervalFromReplicates(r: Replicates, o: BootstrapOptions = {}): Interval {
  const level = o.level ?? BOOTSTRAP_DEFAULTS.level;
  const replicates = o.replicates ?? BOOTSTRAP_DEFAULTS.replicates;
  const { value, rounds } = r;
  if (!r.values) return { value, low: null, high: null, level, rounds };
  const values = [...r.values].filter((v) => !Number.isNaN(v));
  if (values.length < replicates * 0.9) return { value, low: null, high: null, level, rounds };
  values.sort((a, b) => a - b);
  const tail = expandedTail(level, rounds);
  return { value, low: quantileSorted(values, tail), high: quantileSorted(values, 1 - tail), level, rounds };
}

/**
 * Point value and bootstrap interval of a quantity, resampling whole rounds
 * of every group it rests on, independently per group (groups were measured
 * at different times). The interval is the expanded percentile interval
 * (see expandedTail), so that it keeps its coverage with ten or so rounds.
 * Deterministic for a given seed.
 */
export function bootstrap(q: Quantity, o: BootstrapOptions = {}): Interval | null {
  const r = bootstrapReplicates(q, o);
  return r ? intervalFromReplicates(r, o) : null;
}

export function relativeHalfWidth(i: Pick<Interval, 'value' | 'low' | 'high'>): number | null {
  if (i.low === null || i.high === null || i.value === 0) return null;
  return Math.max(i.high / i.value - 1, 1 - i.low / i.value);
}
