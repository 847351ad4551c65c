/** The 2019 figures (data/original-2019.json), resolved to numbers. */
import { readFileSync } from 'node:fs';
import { Originals } from '../schemas/originals.ts';
import type { Original } from '../schemas/claims.ts';
import { loadClaims } from './claims.ts';

let cache: Originals | null = null;

export function loadOriginals(file = 'data/original-2019.json'): Originals {
  if (cache) return cache;
  const parsed = Originals.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${file} is invalid (schema src/schemas/originals.ts):\n${parsed.error.issues.map((i) => `  at ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  cache = parsed.data;
  return cache;
}

const MIB = 1024 * 1024;

/**
 * A 2019 figure as the site formats it: a claim's original, plus what a
 * figure of data/original-2019.json may add: that it was derived here (not
 * published, so it reads with the usual precision) or that it is a
 * per-process figure times a number of processes.
 */
export type OriginalFigure = Original & { derived?: true; processes?: number };

/** A 2019 figure by id: a number with unit, a localized text, or a claim's original figure. */
export function getOriginal(id: string): OriginalFigure | null {
  if (id.startsWith('claim.')) {
    const claim = loadClaims().find((c) => c.id === id.slice('claim.'.length));
    return claim?.original ?? null;
  }
  const o = loadOriginals();
  const text = o.texts[id];
  if (text) return { text: true };
  const figure = o.figures[id];
  if (!figure) return null;
  if ('value' in figure) return figure.processes ? { value: figure.value, unit: figure.unit, processes: figure.processes } : { value: figure.value, unit: figure.unit };
  const from = o.figures[figure.derive.mibps_from];
  if (!from || !('value' in from)) return null;
  return { value: (from.value * MIB) / figure.derive.body_bytes, unit: 'rps', derived: true };
}
