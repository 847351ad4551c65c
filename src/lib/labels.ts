/** Display names of implementations and tests. Stack names are proper nouns, the same in every language. */
import type { Translate } from '../i18n/index.ts';
import type { UiKey } from '../i18n/keys.ts';

const IMPL_NAMES: Record<string, string> = {
  cpython: 'CPython',
  pypy: 'PyPy',
  go: 'Go',
  'rust-actix': 'Rust · actix-web',
  'rust-axum': 'Rust · axum',
  rust: 'Rust',
  node: 'Node.js',
  java: 'Java',
  c: 'C',
  cpp: 'C++',
};

export function implName(id: string): string {
  return IMPL_NAMES[id] ?? id;
}

/** The implementations the report is about (those with a display name), as opposed to extra variants in bench/. */
export function isReportImplementation(id: string): boolean {
  return id in IMPL_NAMES;
}

/** Kernel names are the Benchmarks Game's; the loop is described in words. */
const KERNEL_NAMES: Record<string, string> = { nbody: 'n-body', spectralnorm: 'spectral-norm', fannkuch: 'fannkuch-redux' };

export function testName(suite: string, test: string, t: Translate): string {
  if (suite === 'cpu' && KERNEL_NAMES[test]) return KERNEL_NAMES[test];
  if (suite === 'cpu' && test === 'geomean') return t('test.geomean');
  const key = `${suite === 'cpu' ? 'test' : suite === 'http' ? 'test' : suite}.${test}` as UiKey;
  return t(key);
}
