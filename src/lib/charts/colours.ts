/**
 * The one place colours are chosen. Each runtime family (the manifests'
 * `display.family`: c, cpp, rust, go, java, node, pypy, cpython, php) has one
 * hue on every chart of the site, from Paul Tol's "muted" qualitative scheme,
 * whose nine hues stay apart for the common colour-vision deficiencies. The
 * deployments of one family in a suite (CPython behind uWSGI or nginx, the
 * three Python web stacks) share its hue in distinct shades, in manifest order.
 * Bars also carry their value as a label and an outline, and every chart has
 * a data table: colour is never the only way to tell series apart.
 */
import type { SuiteId } from '../../schemas/run.ts';
import { listImplementations, listVintageMembers } from '../implementations.ts';
import { byDisplayOrder, implFamily } from '../labels.ts';

/**
 * Tol's muted scheme, one hue per family. Families with several deployments
 * in a suite have the mid-lightness hues, which leave room for shades both
 * ways; families not listed take the spare hues, in order of their first
 * implementation.
 */
export const FAMILY_HUES: Readonly<Record<string, string>> = {
  cpython: '#AA4499', // purple
  pypy: '#CC6677', // rose
  go: '#44AA99', // teal
  rust: '#999933', // olive
  java: '#882255', // wine
  node: '#117733', // green
  c: '#332288', // indigo
  cpp: '#88CCEE', // cyan
  php: '#DDCC77', // sand
};
/** For families a contributor adds: Okabe–Ito hues not close to the ones above. */
const SPARE_HUES = ['#E69F00', '#0072B2', '#D55E00', '#000000', '#DDDDDD'];

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const hex = ([r, g, b]: Rgb) => `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * t) as Rgb;
/** Relative luminance (WCAG), to shade away from the end of the scale a hue is near. */
function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** How far each shade moves from the hue, and whether towards the hue's nearer end (light hues darken first). */
const SHADES: ReadonlyArray<{ amount: number; first: boolean }> = [
  { amount: 0, first: true },
  { amount: 0.45, first: true },
  { amount: 0.4, first: false },
  { amount: 0.7, first: true },
  { amount: 0.6, first: false },
  { amount: 0.25, first: true },
  { amount: 0.2, first: false },
];

/** The k-th shade of a hue: the hue itself, then alternately darker and lighter (lighter first for a dark hue), further each time. */
export function shade(base: string, k: number): string {
  const c = rgb(base);
  const step = SHADES[k] ?? { amount: Math.min(0.85, 0.1 + 0.05 * k), first: k % 2 === 1 };
  if (step.amount === 0) return hex(c);
  const light = luminance(c) > 0.3;
  const darker = step.first === light;
  return hex(mix(c, darker ? [0, 0, 0] : [255, 255, 255], step.amount));
}

let spare: Map<string, string> | null = null;

/** A family's hue: its own, or a spare one for families a contributor adds (stable for a given set of manifests). */
export function familyHue(family: string): string {
  const own = FAMILY_HUES[family];
  if (own) return own;
  if (!spare) {
    spare = new Map();
    const unknown = byDisplayOrder(listAllIds())
      .map(implFamily)
      .filter((f, i, all) => !FAMILY_HUES[f] && all.indexOf(f) === i);
    unknown.forEach((f, i) => spare!.set(f, SPARE_HUES[i % SPARE_HUES.length]!));
  }
  return spare.get(family) ?? SPARE_HUES[0]!;
}

function listAllIds(): string[] {
  return (['http', 'cpu', 'ops', 'threads', 'stack'] as const).flatMap((s) => listImplementations(s).map((i) => i.id));
}

/** Manifests of the build suite are the HTTP servers'. */
const manifestSuite = (suite: SuiteId): SuiteId => (suite === 'build' ? 'http' : suite);

/**
 * The colour of each implementation of a chart of `suite`: its family's hue,
 * shaded by its rank among that family's implementations in the suite's
 * manifests (ids a run has that no manifest names come after them). Every
 * implementation has the same colour on every chart of its suite, and two
 * implementations of one chart never share one.
 */
export function seriesColours(suite: SuiteId, ids: readonly string[]): Map<string, string> {
  // The suite's manifests first, so a run's extra ids (older runs' names) never shift a known implementation's shade.
  // Members under vintage runtimes (cpython-3-14…) are declared by their manifests too, so their shades do not depend on which runs have them.
  const declared = byDisplayOrder([...listImplementations(manifestSuite(suite)).map((i) => i.id), ...listVintageMembers(manifestSuite(suite)).map((v) => v.id)]);
  const members = [...declared, ...byDisplayOrder(ids.filter((id) => !declared.includes(id)))];
  const out = new Map<string, string>();
  for (const id of ids) {
    const family = implFamily(id);
    const rank = members.filter((m) => implFamily(m) === family).indexOf(id);
    out.set(id, shade(familyHue(family), rank));
  }
  return out;
}
