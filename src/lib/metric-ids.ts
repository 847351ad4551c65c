/**
 * Metric ids: `<suite>.<impl>.<test>.<metric>`, e.g. `http.go.json.rps`.
 *
 * This registry says which ids the run schema can ever produce. An id outside
 * it is a typo and fails the build; an id inside it that the active run lacks
 * renders "not measured".
 */
import { HTTP_TESTS, CPU_KERNELS, OPS, THREAD_MODES, BUILD_KINDS, STACK_TESTS, type SuiteId } from '../schemas/run.ts';

export type Unit = 'rps' | 'mibps' | 'us' | 'ns' | 'ms' | 's' | 'mib' | 'mb' | 'opsps' | 'times' | 'instructions' | 'percent';

export const METRICS = {
  http: {
    tests: HTTP_TESTS,
    metrics: {
      rps: 'rps',
      mibps: 'mibps',
      us_per_request: 'us',
      latency_mean_us: 'us',
      latency_p50_us: 'us',
      latency_p99_us: 'us',
      memory_mib: 'mib',
    },
  },
  cpu: {
    tests: [...CPU_KERNELS, 'geomean'],
    metrics: { seconds: 's', vs_c: 'times', vs_cpp: 'times', memory_mib: 'mib', instructions: 'instructions' },
  },
  ops: { tests: OPS, metrics: { ns: 'ns', ops_per_second: 'opsps' } },
  threads: { tests: THREAD_MODES, metrics: { seconds: 's', speedup: 'times' } },
  build: { tests: BUILD_KINDS, metrics: { seconds: 's' } },
  stack: {
    tests: STACK_TESTS,
    metrics: {
      rps: 'rps',
      mibps: 'mibps',
      us_per_request: 'us',
      latency_mean_us: 'us',
      latency_p50_us: 'us',
      latency_p99_us: 'us',
      memory_mib: 'mib',
    },
  },
} as const satisfies Record<SuiteId, { tests: readonly string[]; metrics: Record<string, Unit> }>;

/** Whether a larger value is better; used for "fastest" and chart sorting. */
export const HIGHER_IS_BETTER: Record<Unit, boolean> = {
  rps: true,
  mibps: true,
  opsps: true,
  us: false,
  ns: false,
  ms: false,
  s: false,
  mib: false,
  mb: false,
  percent: false,
  times: false,
  instructions: false,
};

export interface MetricId {
  id: string;
  suite: SuiteId;
  impl: string;
  test: string;
  metric: string;
  unit: Unit;
}

const IMPL = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Parses an id, or returns the reason it can never exist. */
export function parseMetricId(id: string): MetricId | { error: string } {
  const parts = id.split('.');
  if (parts.length !== 4) return { error: `"${id}" must have four parts: <suite>.<impl>.<test>.<metric>` };
  const [suite, impl, test, metric] = parts as [string, string, string, string];
  if (!(suite in METRICS)) return { error: `"${id}": unknown suite "${suite}" (known: ${Object.keys(METRICS).join(', ')})` };
  const def = METRICS[suite as SuiteId];
  if (!IMPL.test(impl)) return { error: `"${id}": "${impl}" is not an implementation id` };
  if (!(def.tests as readonly string[]).includes(test))
    return { error: `"${id}": unknown ${suite} test "${test}" (known: ${def.tests.join(', ')})` };
  if (!(metric in def.metrics))
    return { error: `"${id}": unknown ${suite} metric "${metric}" (known: ${Object.keys(def.metrics).join(', ')})` };
  if (test === 'geomean' && metric !== 'vs_c' && metric !== 'vs_cpp') return { error: `"${id}": the geomean row only has vs_c and vs_cpp` };
  const unit = (def.metrics as Record<string, Unit>)[metric]!;
  return { id, suite: suite as SuiteId, impl, test, metric, unit };
}

export function metricId(suite: SuiteId, impl: string, test: string, metric: string): string {
  return `${suite}.${impl}.${test}.${metric}`;
}
