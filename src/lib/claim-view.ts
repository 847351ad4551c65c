/**
 * What a reader sees of a claim result, in the page's language: the verdict,
 * the 2019 figure, the measured figure with its 95 % interval, the rule in
 * words and, for an inconclusive verdict, why this run cannot decide.
 * Used by the badge (<Claim>) and the ledger (/claims/).
 */
import type { ClaimResult, Estimate, Inconclusive, RuleVerdict } from './claims.ts';
import { measuredUnit } from './claims.ts';
import type { Measure, Original, Rule } from '../schemas/claims.ts';
import { isRatioMeasure } from '../i18n/claim-texts.ts';
import type { PageContext } from './page.ts';
import type { UiKey } from '../i18n/keys.ts';
import type { Unit } from './metric-ids.ts';
import { formatOriginal } from './original-format.ts';
import { reasonLabel } from './missing-reason.ts';
import { formatNumber, formatWithUnit, scaleDuration, unitKey, formatList } from './format.ts';
import { formatRange } from './format-range.ts';
import { aaWhyText } from './aa-view.ts';

export interface ClaimView {
  id: string;
  verdict: ClaimResult['verdict'];
  verdictLabel: string;
  then: string | null;
  now: string | null;
  /** The measured quantity in words, as the badge names it ("CPython's time ÷ C++'s…"); null when nothing is measured. */
  measured: string | null;
  /** What the measured ratio says about its two sides ("PyPy is slower"), judged on its whole interval; null for a figure that is not a ratio. */
  direction: string | null;
  /** Raw measured value for tests (the main number). */
  raw: number | null;
  /** The 95 % interval of the measured figure, formatted ("35–48×"); null without one. */
  interval: string | null;
  /** The rule that gives the verdict, in words; null for claims the pipeline does not re-measure. */
  rule: string | null;
  /** Why an inconclusive verdict cannot decide, in words (with the verdict at the point value); null otherwise. */
  why: string | null;
  inconclusive: ClaimResult['inconclusive'];
  reason: ClaimResult['reason'];
  /** Why it is not measured, in the page's language. */
  reasonLabel: string | null;
}

/**
 * A figure's 95 % interval. For a ratio, an end that is not one but would
 * print as one ("1.0–1.1×" for 1.04–1.12) gets one more digit, so the
 * interval never seems to touch the boundary the badge's direction rests on.
 */
function intervalOf(e: Pick<Estimate, 'low' | 'high'>, unit: Unit, ctx: PageContext): string | null {
  if (e.low === null || e.high === null) return null;
  const one = ctx.fmt(1, 'times');
  const looksLikeOne = (x: number) => x !== 1 && ctx.fmt(x, 'times') === one;
  const extraDigits = unit === 'times' && (looksLikeOne(e.low) || looksLikeOne(e.high)) ? 1 : 0;
  return formatRange(e.low, e.high, unit, ctx, { extraDigits });
}

/** A rule's figure as it was published: "4×", "50 µs", never "4.0×". */
function figure(value: number, unit: Unit, ctx: PageContext): string {
  const scaled = scaleDuration(value, unit);
  return formatWithUnit(scaled.value, scaled.unit, ctx.locale.intl, ctx.t(unitKey(scaled.unit)), { trailingZeros: false });
}

/** A factor of a rule: "2", "1.5" (the ×/÷ is in the message). */
const factor = (f: number, ctx: PageContext) => new Intl.NumberFormat(ctx.locale.intl, { maximumFractionDigits: 2 }).format(f);

export interface RuleTextOptions {
  /** Unit the rule's figures are in (the claim's measured unit); default: the 2019 figure's, else a ratio. */
  unit?: Unit;
  /** What the claim measures: a range rule reads differently for a range measurement. */
  measure?: Measure['kind'];
}

/**
 * The rule that turns a measurement into a verdict, in words: "holds within
 * ×/÷2 of 2019’s 50×, partly within ×/÷4". A figure of the rule that is the
 * one published in 2019 (same number, same unit) is called 2019's.
 */
export function ruleText(rule: Rule, original: Original | null, ctx: PageContext, options: RuleTextOptions = {}): string | null {
  const numeric = original && !('text' in original) ? original : null;
  const unit: Unit = options.unit ?? ((numeric?.unit as Unit | undefined) ?? 'times');
  const sameUnit = numeric !== null && numeric.unit === unit;
  const named = (value: number) => {
    const f = figure(value, unit, ctx);
    return sameUnit && numeric && 'value' in numeric && numeric.value === value ? ctx.t('rule.target2019', { figure: f }) : f;
  };
  // A range measurement is judged at its ends: at_least at its lower end, at_most at its upper one.
  const ranged = options.measure === 'range_ratio' || options.measure === 'range_geomean_ratio';
  switch (rule.kind) {
    case 'approx':
      return ctx.t('rule.approx', { target: named(rule.target), holds: factor(rule.holds_factor, ctx), partly: factor(rule.partly_factor, ctx) });
    case 'range': {
      if (ranged) {
        return ctx.t('rule.rangeOfRange', { low: figure(rule.low, unit, ctx), high: figure(rule.high, unit, ctx), partly: factor(rule.partly_factor, ctx) });
      }
      const published = sameUnit && numeric && 'low' in numeric && numeric.low === rule.low && numeric.high === rule.high;
      const span = `${formatNumber(rule.low, unit, ctx.locale.intl, { trailingZeros: false })}–${figure(rule.high, unit, ctx)}`;
      return ctx.t('rule.range', { range: published ? ctx.t('rule.target2019', { figure: span }) : span, partly: factor(rule.partly_factor, ctx) });
    }
    case 'at_least':
      return ctx.t(ranged ? 'rule.atLeastLowest' : 'rule.atLeast', { min: named(rule.min), partly: figure(rule.partly_min, unit, ctx) });
    case 'at_most':
      return ctx.t(ranged ? 'rule.atMostHighest' : 'rule.atMost', { max: named(rule.max), partly: figure(rule.partly_max, unit, ctx) });
    case 'gil':
      return ctx.t('rule.gil', { threads: figure(rule.threads_max, 'times', ctx), processes: figure(rule.processes_min, 'times', ctx) });
    case 'none':
      return null;
  }
}

const verdictLabel = (v: ClaimResult['verdict'] | RuleVerdict, ctx: PageContext) => ctx.t(`verdict.${v}` as UiKey);
const list = (items: string[], ctx: PageContext) => formatList(items, ctx.locale.intl);

/** Flags whose meaning for a claim has its own words (claim.blocked.<kind>); others are named by their label. */
const BLOCKED_WORDS: Partial<Record<string, UiKey>> = {
  client_bound: 'claim.blocked.client_bound',
  few_samples: 'claim.blocked.few_samples',
  optimised_away: 'claim.blocked.optimised_away',
};

/**
 * Why a measured claim is inconclusive, in words, with what the rule says at
 * the measured value itself: "its 95 % interval reaches across a boundary of
 * the rule (holds and partly holds at its ends); leaning: holds".
 */
export function inconclusiveText(inconclusive: Inconclusive, leaning: RuleVerdict | null, ctx: PageContext): string {
  let why: string;
  switch (inconclusive.why) {
    case 'straddles':
      why = ctx.t('claim.why.straddles', { verdicts: list(inconclusive.verdicts.map((v) => verdictLabel(v, ctx)), ctx) });
      break;
    case 'no_interval':
      why = ctx.t('claim.why.no_interval');
      break;
    case 'blocked': {
      // One phrase per kind of flag, naming every cell that carries it.
      const byKind = new Map<string, string[]>();
      for (const f of inconclusive.flags) {
        const cells = byKind.get(f.kind) ?? [];
        if (!cells.includes(f.cell)) cells.push(f.cell);
        byKind.set(f.kind, cells);
      }
      const phrases = [...byKind].map(([kind, cells]) => {
        const key = BLOCKED_WORDS[kind];
        const joined = cells.join(', ');
        return key ? ctx.t(key, { cells: joined }) : ctx.t('claim.blocked.other', { flag: ctx.t(`flag.${kind}` as UiKey), cells: joined });
      });
      why = ctx.t('claim.why.blocked', { flags: phrases.join('; ') });
      break;
    }
    case 'aa':
      // The A/A check (src/lib/aa-check.ts): worded there, beside its judgement.
      why = aaWhyText(inconclusive, ctx);
      break;
  }
  return leaning ? `${why}; ${ctx.t('claim.leaning', { verdict: verdictLabel(leaning, ctx) })}` : why;
}

/** Which side of one a measured ratio lies on, over its whole 95 % interval (at its point values without one). */
export function sideOfOne(m: ClaimResult['measured']): 'above' | 'below' | 'both' | null {
  if (!m || m.kind === 'pair') return null;
  const points =
    m.kind === 'value'
      ? m.low !== null && m.high !== null ? [m.low, m.high, m.value] : [m.value]
      : [m.low.low ?? m.low.value, m.high.high ?? m.high.value, m.low.value, m.high.value];
  if (points.every((p) => p > 1)) return 'above';
  if (points.every((p) => p < 1)) return 'below';
  return 'both';
}

/** The direction of a ratio claim in words: the claim's own "above" or "below", or that the interval includes one. */
function directionText(result: ClaimResult, ctx: PageContext): string | null {
  if (!isRatioMeasure(result.claim.measure)) return null;
  const side = sideOfOne(result.measured);
  if (side === null) return null;
  if (side === 'both') return ctx.t('claim.direction.both');
  return side === 'above' ? ctx.texts.above(result.claim.id) : ctx.texts.below(result.claim.id);
}

export function claimView(result: ClaimResult, ctx: PageContext): ClaimView {
  const unit = measuredUnit(result.claim);
  const m = result.measured;
  let now: string | null = null;
  let raw: number | null = null;
  let interval: string | null = null;
  if (m?.kind === 'value') {
    now = ctx.fmt(m.value, unit);
    raw = m.value;
    interval = intervalOf(m, unit, ctx);
  } else if (m?.kind === 'range') {
    now = formatRange(m.low.value, m.high.value, unit, ctx);
    raw = m.low.value;
    interval = intervalOf({ low: m.low.low, high: m.high.high }, unit, ctx);
  } else if (m?.kind === 'pair') {
    const threads = ctx.t('claim.threads');
    const processes = ctx.t('claim.processes');
    now = `${threads} ${ctx.fmt(m.threads.value, 'times')} · ${processes} ${ctx.fmt(m.processes.value, 'times')}`;
    raw = m.threads.value;
    const t = intervalOf(m.threads, 'times', ctx);
    const p = intervalOf(m.processes, 'times', ctx);
    interval = t && p ? `${threads} ${t} · ${processes} ${p}` : null;
  }
  return {
    id: result.claim.id,
    verdict: result.verdict,
    verdictLabel: verdictLabel(result.verdict, ctx),
    then: result.claim.original ? formatOriginal(result.claim.original, ctx, `claim.${result.claim.id}`).text : null,
    now,
    measured: m ? ctx.texts.measured(result.claim.id) : null,
    direction: directionText(result, ctx),
    raw,
    interval,
    // A word joiner keeps "×/÷" on one line: browsers may break after a slash.
    rule: ruleText(result.claim.rule, result.claim.original, ctx, { unit, measure: result.claim.measure.kind })?.replaceAll('×/÷', '×\u2060/\u2060÷') ?? null,
    why: result.inconclusive ? inconclusiveText(result.inconclusive, result.leaning, ctx) : null,
    inconclusive: result.inconclusive,
    reason: result.reason,
    reasonLabel: result.reason ? reasonLabel(result.reason, ctx.t, ctx.locale.intl) : null,
  };
}
