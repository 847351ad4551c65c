/**
 * Checks the ids that essays pass to data components. Used by the remark
 * plugin at build time and by `npm run lint:essays`.
 */
import { parseMetricId } from './metric-ids.ts';
import { loadClaims } from './claims.ts';
import { getOriginal } from './originals.ts';
import { CHART_IDS } from './charts/registry.ts';
import { metricSubjects } from './implementations.ts';
import { hasRuntimeSplit } from './vintage-split.ts';

export interface Reference {
  component: string;
  attrs: Record<string, string>;
}

function checkMetric(id: string | undefined, attr: string, component: string): string[] {
  if (!id) return [`<${component}> needs a ${attr}="…" attribute`];
  const parsed = parseMetricId(id);
  if ('error' in parsed) return [`<${component} ${attr}>: ${parsed.error}`];
  const impls = metricSubjects(parsed.suite);
  if (impls.size > 0 && !impls.has(parsed.impl)) {
    return [
      `<${component} ${attr}>: "${id}": no ${parsed.suite} implementation "${parsed.impl}" in bench/${parsed.suite}/ (known: ${[...impls].join(', ')})`,
    ];
  }
  return [];
}

export function checkEssayReference(ref: Reference): string[] {
  const { component, attrs } = ref;
  switch (component) {
    case 'Metric':
      return checkMetric(attrs.id, 'id', component);
    case 'Ratio':
    case 'RatioNote':
      return [...checkMetric(attrs.of, 'of', component), ...checkMetric(attrs.to, 'to', component)];
    case 'Claim': {
      if (!attrs.id) return ['<Claim> needs an id="…" attribute'];
      return loadClaims().some((c) => c.id === attrs.id)
        ? []
        : [`<Claim id="${attrs.id}">: no such claim in data/claims.json`];
    }
    case 'Then':
      if (!attrs.id) return ['<Then> needs an id="…" attribute'];
      return getOriginal(attrs.id) ? [] : [`<Then id="${attrs.id}">: no such figure in data/original-2019.json or claim`];
    case 'Chart':
      if (!attrs.id) return ['<Chart> needs an id="…" attribute'];
      return (CHART_IDS as readonly string[]).includes(attrs.id)
        ? []
        : [`<Chart id="${attrs.id}">: unknown chart (known: ${CHART_IDS.join(', ')})`];
    case 'VintageSplit': {
      if (!attrs.id) return ['<VintageSplit> needs an id="…" attribute'];
      const claim = loadClaims().find((c) => c.id === attrs.id);
      if (!claim) return [`<VintageSplit id="${attrs.id}">: no such claim in data/claims.json`];
      return hasRuntimeSplit(claim) ? [] : [`<VintageSplit id="${attrs.id}">: the claim names no runtime measured with its 2019 version (src/lib/vintage-split.ts RUNTIMES_OF_2019)`];
    }
    default:
      return [];
  }
}
