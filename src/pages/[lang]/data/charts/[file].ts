/**
 * /<lang>/data/charts/<chart>.csv and .json: what each chart draws, in the
 * page's language (its category and implementation names), from the active
 * run, as the "Data" links under every chart offer it (src/lib/charts/export.ts).
 */
import type { APIContext } from 'astro';
import { CHART_IDS, buildChart, type ChartId } from '../../../../lib/charts/registry.ts';
import { chartCsv, chartExport } from '../../../../lib/charts/export.ts';
import { getActiveRun, getStackRun } from '../../../../lib/runs.ts';
import { pageContext } from '../../../../lib/page.ts';
import { LOCALE_CODES } from '../../../../i18n/locales.ts';

export function getStaticPaths() {
  const run = getActiveRun();
  return LOCALE_CODES.flatMap((lang) => {
    const { t } = pageContext(lang);
    return CHART_IDS.filter((id) => buildChart(id, run, t, lang) !== null).flatMap((id) =>
      (['csv', 'json'] as const).map((format) => ({ params: { lang, file: `${id}.${format}` }, props: { id, format } })),
    );
  });
}

export function GET(context: APIContext) {
  const { id, format } = context.props as { id: ChartId; format: 'csv' | 'json' };
  const { t, lang } = pageContext(context.params.lang);
  const run = getActiveRun()!;
  const chart = buildChart(id, run, t, lang)!;
  // Web-stack charts read the stack run shown beside the active run.
  const data = chartExport(chart, chart.suite === 'stack' ? (getStackRun()?.id ?? run.id) : run.id);
  return format === 'csv'
    ? new Response(chartCsv(data), { headers: { 'content-type': 'text/csv; charset=utf-8' } })
    : new Response(`${JSON.stringify(data, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
}
