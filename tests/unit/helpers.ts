/** Shared test helpers: fixture runs and translators without Vite. */
import { readFileSync } from 'node:fs';
import { parseRunFile } from '../../src/lib/runs.ts';
import { createTranslator, validDictionary } from '../../src/i18n/translator.ts';
import type { Run } from '../../src/schemas/run.ts';

export function fixtureRun(name: 'synthetic-a' | 'synthetic-b' | 'synthetic-c' | 'synthetic-stack' | 'synthetic-vintage'): Run {
  const file = `tests/fixtures/runs/${name}.json`;
  return parseRunFile(file, readFileSync(file, 'utf8'));
}

export function translator(lang: string) {
  const file = `src/i18n/${lang}.json`;
  return createTranslator(lang, validDictionary(file, JSON.parse(readFileSync(file, 'utf8'))));
}

/** A deep copy of a run with one cell changed. */
export function withCell(run: Run, match: (c: Run['cells'][number]) => boolean, change: Partial<Run['cells'][number]>): Run {
  const copy = structuredClone(run);
  copy.cells = copy.cells.map((c) => (match(c) ? ({ ...c, ...change } as typeof c) : c));
  return copy;
}
