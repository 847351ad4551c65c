/**
 * Display names of implementations, suites and tests, and the order of
 * implementations in charts and tables. Implementation names, order and
 * colour family come from one place: the `display` block of each manifest
 * (src/schemas/manifest.ts), read through the runner's reader
 * (src/lib/implementations.ts). Suite and test names are UI strings
 * (src/i18n/<lang>.json).
 */
import type { Translate } from '../i18n/index.ts';
import type { UiKey } from '../i18n/keys.ts';
import { DEFAULT_LOCALE } from '../i18n/locales.ts';
import { HTTP_TESTS, SUITES, type SuiteId } from '../schemas/run.ts';
import type { Display } from '../schemas/manifest.ts';
import { allImplementations } from './implementations.ts';
import { splitSpec, vintageMemberId } from './runtime-ids.ts';

let displays: Map<string, Display> | null = null;

/** Display blocks by implementation id (an id shared by several suites, such as "go", has one name). */
function displayById(): Map<string, Display> {
  if (displays) return displays;
  displays = new Map();
  for (const impl of allImplementations()) if (impl.display && !displays.has(impl.id)) displays.set(impl.id, impl.display);
  // Members under a vintage runtime (cpython-3-7…) take their manifest's display: its name with the version, its family, right after it.
  for (const impl of allImplementations()) {
    const parent = impl.display;
    if (!parent) continue;
    for (const spec of impl.vintages) {
      const id = vintageMemberId(impl.id, spec);
      if (id && !displays.has(id)) displays.set(id, vintageDisplay(parent, spec));
    }
  }
  return displays;
}

/** "cpython@3.14t" under "CPython" → "CPython 3.14t"; "cpython@3.13+pyenv" → "CPython 3.13 (pyenv)"; ordered by version after today's. */
function vintageDisplay(parent: Display, spec: string): Display {
  const p = splitSpec(spec);
  const version = p ? `${p.version}${p.freeThreaded ? 't' : ''}` : spec.replace(/^[a-z]+@/, '');
  const suffix = ` ${version}${p?.origin ? ` (${p.origin})` : ''}`;
  const name = typeof parent.name === 'string' ? `${parent.name}${suffix}` : Object.fromEntries(Object.entries(parent.name).map(([l, n]) => [l, `${n}${suffix}`]));
  // Between the manifest's order and the next whole number, older versions first.
  const [major = 0, minor = 0] = p ? p.version.split('.').map(Number) : [];
  const rank = p ? major * 1000 + minor * 10 + (p.freeThreaded ? 1 : 0) + (p.origin ? 2 : 0) : 0;
  return { name: name as Display['name'], order: parent.order + rank / 1e6, family: parent.family };
}

function implDisplay(id: string): Display | null {
  return displayById().get(id) ?? null;
}

/** The manifest's name for an implementation in a language (else the default language's), or its id when it declares none. */
export function implName(id: string, lang: string = DEFAULT_LOCALE): string {
  const name = implDisplay(id)?.name;
  if (name === undefined) return id;
  if (typeof name === 'string') return name;
  return name[lang] ?? name[DEFAULT_LOCALE] ?? name.en;
}

/** The A/A check's second copy of an implementation: "Go (second copy, A/A check)". */
export function twinName(of: string, t: Translate): string {
  return t('impl.aaTwin', { name: (lang) => implName(of, lang) });
}

/** A cell's implementation as readers know it: the A/A twin named as such. */
export function cellImplName(cell: { impl: string; twin_of?: string | null | undefined }, t: Translate, lang: string): string {
  return cell.twin_of ? twinName(cell.twin_of, t) : implName(cell.impl, lang);
}

/** The implementations the report is about (those whose manifest names them), as opposed to extra variants in bench/. */
export function isReportImplementation(id: string): boolean {
  return displayById().has(id);
}

/** Where an implementation stands in charts and tables: its manifest's order; undeclared ones last. */
function implOrder(id: string): number {
  return implDisplay(id)?.order ?? Number.POSITIVE_INFINITY;
}

/** Ids in display order (by manifest order, then id), each once. */
export function byDisplayOrder(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => implOrder(a) - implOrder(b) || a.localeCompare(b));
}

/** The runtime family that gives an implementation its colour: the manifest's, else the id itself. */
export function implFamily(id: string): string {
  return implDisplay(id)?.family ?? id;
}

/** A suite as readers know it: "HTTP servers", "CPU kernels"… */
export function suiteName(suite: SuiteId | string, t: Translate): string {
  return (SUITES as readonly string[]).includes(suite) ? t(`suite.${suite}` as UiKey) : suite;
}

/** Kernel names are the Benchmarks Game's; the loop is described in words. */
const KERNEL_NAMES: Record<string, string> = { nbody: 'n-body', spectralnorm: 'spectral-norm', fannkuch: 'fannkuch-redux' };

export function testName(suite: string, test: string, t: Translate): string {
  if (suite === 'cpu' && KERNEL_NAMES[test]) return KERNEL_NAMES[test];
  if (suite === 'cpu' && test === 'geomean') return t('test.geomean');
  // The stack suite's HTTP tests are the HTTP suite's; its database tests have names of their own.
  const shared = suite === 'http' || (suite === 'stack' && (HTTP_TESTS as readonly string[]).includes(test));
  const key = `${suite === 'cpu' || shared ? 'test' : suite}.${test}` as UiKey;
  return t(key);
}
