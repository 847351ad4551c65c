/**
 * The chart of one claim's split (src/lib/vintage-split.ts): three bars, one
 * per stage — the author's 2019 figure, 2019's runtimes on this machine,
 * today's runtimes on this machine — each measured one with its 95 % interval
 * (a 2019 range is drawn as its middle, the range as the interval), on a log
 * scale so that equal factors look equal. Drawn by the grouped-bar spec of
 * every chart (spec.ts), with the same numbers in the table beside it.
 */
import type { Translate } from '../../i18n/index.ts';
import type { UiKey } from '../../i18n/keys.ts';
import { HIGHER_IS_BETTER } from '../metric-ids.ts';
import type { SplitPoint, VintageSplit } from '../vintage-split.ts';
import { pointOfMeasured } from '../vintage-split.ts';
import type { ChartModel, ChartRow } from './registry.ts';

export const SPLIT_STAGES = ['original', 'then', 'now'] as const;
type SplitStage = (typeof SPLIT_STAGES)[number];

/** The stages are not implementations: their own colours (Okabe–Ito grey, orange, blue), the same on every split. */
const STAGE_COLOURS: Record<SplitStage, string> = { original: '#7f7f7f', then: '#d55e00', now: '#0072b2' };

/** The stages' values (null: not measured on this machine, or no 2019 figure). */
function splitPoints(split: VintageSplit): Record<SplitStage, SplitPoint | null> {
  return { original: split.original, then: pointOfMeasured(split.then.measured), now: pointOfMeasured(split.now.measured) };
}

/** The chart model, or null when fewer than two stages have a value (nothing to compare). */
export function vintageSplitChart(split: VintageSplit, category: string, valueTitle: string, t: Translate): ChartModel | null {
  const points = splitPoints(split);
  const rows: ChartRow[] = [];
  for (const stage of SPLIT_STAGES) {
    const p = points[stage];
    if (!p) continue;
    rows.push({ category, series: t(`vintages.stage.${stage}` as UiKey), impl: stage, value: p.value, low: p.low, high: p.high, metricId: stage === 'original' ? `2019:${split.claim.id}` : `${stage}:${split.claim.id}` });
  }
  if (rows.length < 2) return null;
  return {
    id: 'vintage-split',
    title: t('vintages.chartTitle'),
    description: t('vintages.chartDesc'),
    unit: split.unit,
    higherIsBetter: HIGHER_IS_BETTER[split.unit],
    log: true,
    categoryTitle: t('chart.category'),
    valueTitle,
    suite: split.families[0]?.suite ?? 'cpu',
    series: SPLIT_STAGES.map((s) => t(`vintages.stage.${s}` as UiKey)),
    colours: SPLIT_STAGES.map((s) => STAGE_COLOURS[s]),
    categories: [category],
    rows,
    rules: [],
  };
}
