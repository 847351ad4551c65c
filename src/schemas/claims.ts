/**
 * Claims: every quantitative statement of the 2019 essays, how to measure it
 * from a run, and the rule that turns the measurement into a verdict.
 * File: data/claims.json. Evaluated by src/lib/claims.ts.
 */
import { z } from 'zod';
import { ORIGINAL_UNITS } from './originals.ts';

const MetricRef = z.string().regex(/^[a-z]+\.[a-z0-9-]+\.[a-z_]+\.[a-z_0-9]+$/, 'a metric id like http.go.json.rps');
const Pair = z.tuple([MetricRef, MetricRef]);

export const Measure = z.discriminatedUnion('kind', [
  /** One metric as it is. */
  z.object({ kind: z.literal('metric'), id: MetricRef }).strict(),
  /** of ÷ to. */
  z.object({ kind: z.literal('ratio'), of: MetricRef, to: MetricRef }).strict(),
  /** Geometric mean of of ÷ to over several pairs (e.g. the five HTTP tests). */
  z.object({ kind: z.literal('geomean_ratio'), pairs: z.array(Pair).min(1) }).strict(),
  /** Smallest and largest of of ÷ to over several pairs: a range. */
  z.object({ kind: z.literal('range_ratio'), pairs: z.array(Pair).min(1) }).strict(),
  /**
   * Geometric mean of of ÷ to over each group's pairs, then the smallest and
   * largest of those means: a range (e.g. every ORM ÷ its driver, one group
   * per language, each over the database tests).
   */
  z.object({ kind: z.literal('range_geomean_ratio'), groups: z.array(z.array(Pair).min(1)).min(1) }).strict(),
  /** Smallest of of ÷ to over several pairs. */
  z.object({ kind: z.literal('min_ratio'), pairs: z.array(Pair).min(1) }).strict(),
  /** Largest value among `of` divided by `to` (e.g. fastest native ÷ Python). */
  z.object({ kind: z.literal('best_ratio'), of: z.array(MetricRef).min(1), to: MetricRef }).strict(),
  /** Smallest of several metrics (e.g. the slowest transfer rate). */
  z.object({ kind: z.literal('min_metric'), ids: z.array(MetricRef).min(1) }).strict(),
  /** Geometric mean of several metrics. */
  z.object({ kind: z.literal('geomean_metric'), ids: z.array(MetricRef).min(1) }).strict(),
  /** Speedup of N threads and of N processes over one thread. */
  z.object({ kind: z.literal('threads_vs_processes'), threads: MetricRef, processes: MetricRef }).strict(),
  /** Not re-measured by the pipeline: stays the author's 2019 observation. */
  z.object({ kind: z.literal('none') }).strict(),
]);
export type Measure = z.infer<typeof Measure>;

const factor = z.number().gt(1);

export const Rule = z.discriminatedUnion('kind', [
  /** Holds within ×/÷ holds_factor of target; partly within ×/÷ partly_factor. */
  z.object({ kind: z.literal('approx'), target: z.number().positive(), holds_factor: factor, partly_factor: factor }).strict(),
  /** For a value: holds inside [low, high], partly within ×/÷ partly_factor of it.
   *  For a range measure: holds when both ends are within ×/÷ partly_factor of low and high, partly when the ranges overlap. */
  z.object({ kind: z.literal('range'), low: z.number().positive(), high: z.number().positive(), partly_factor: factor }).strict(),
  z.object({ kind: z.literal('at_least'), min: z.number(), partly_min: z.number() }).strict(),
  z.object({ kind: z.literal('at_most'), max: z.number(), partly_max: z.number() }).strict(),
  /** Holds when threads gain less than threads_max and processes gain at least processes_min. */
  z.object({ kind: z.literal('gil'), threads_max: z.number().positive(), processes_min: z.number().positive() }).strict(),
  z.object({ kind: z.literal('none') }).strict(),
]);
export type Rule = z.infer<typeof Rule>;

export const Original = z.union([
  z.object({ value: z.number(), unit: z.enum(ORIGINAL_UNITS) }).strict(),
  z.object({ low: z.number(), high: z.number(), unit: z.enum(ORIGINAL_UNITS) }).strict(),
  /** A figure given in words; its text per language is in src/i18n/<lang>/claims.json. */
  z.object({ text: z.literal(true) }).strict(),
]);
export type Original = z.infer<typeof Original>;

/**
 * The author's own sentence, quoted briefly in the language the 2019 essay was
 * written in (four in English, two in Spanish): the claim is what this
 * sentence says, and the measure must be the quantity it is about.
 */
const ClaimSource = z
  .object({
    lang: z.string().regex(/^[a-z]{2}$/, 'a language code like "en" or "es"'),
    quote: z.string().trim().min(3).max(240, 'quote the sentence briefly (at most 240 characters)'),
  })
  .strict();
type ClaimSource = z.infer<typeof ClaimSource>;

export const Claim = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    essay: z.string(),
    source: ClaimSource,
    /**
     * Statement, method (how the measurement is computed), the measured
     * quantity in words, the direction of a ratio and the anchor (a few words
     * of the essay's sentence the badge follows) per language:
     * src/i18n/<lang>/claims.json.
     */
    original: Original.nullable(),
    measure: Measure,
    rule: Rule,
  })
  .strict()
  .superRefine((c, ctx) => {
    const unmeasured = c.measure.kind === 'none';
    if (unmeasured !== (c.rule.kind === 'none'))
      ctx.addIssue({ code: 'custom', path: ['rule'], message: 'rule "none" goes with measure "none" and only with it' });
    if ((c.measure.kind === 'threads_vs_processes') !== (c.rule.kind === 'gil'))
      ctx.addIssue({ code: 'custom', path: ['rule'], message: 'rule "gil" goes with measure "threads_vs_processes"' });
  });
export type Claim = z.infer<typeof Claim>;

export const ClaimsFile = z
  .object({ $comment: z.string().optional(), claims: z.array(Claim) })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.claims.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['claims', i, 'id'], message: `duplicate claim id ${c.id}` });
      seen.add(c.id);
    });
  });
export type ClaimsFile = z.infer<typeof ClaimsFile>;

/**
 * holds / partly / no_longer_holds: the rule gives that verdict at the
 * measured value and at both ends of its 95 % interval. inconclusive: the ends
 * disagree, there is no interval, or a source cell's flag keeps claims off it.
 */
export const VERDICTS = ['holds', 'partly', 'no_longer_holds', 'inconclusive', 'not_measured', 'not_remeasured'] as const;
export type Verdict = (typeof VERDICTS)[number];
