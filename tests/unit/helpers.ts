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

/**
 * Runs of each format the project has published, kept as fixtures so that no
 * test depends on what data/runs holds: version 1, blocks of wrk repetitions
 * (26 November); version 2, rounds of wrk loads (1 December 15:01); version 2,
 * rounds of the slicer's slices (1 December 18:22).
 */
export const FORMAT_RUNS = {
  v1Wrk: 'tests/fixtures/runs/formats/2026-11-26T06-44-29Z-vm.json',
  v2WrkRounds: 'tests/fixtures/runs/formats/2026-12-01T15-01-05Z-vm.json',
  v2Slicer: 'tests/fixtures/runs/formats/2026-12-01T18-22-45Z-vm.json',
} as const;

export function formatRun(name: keyof typeof FORMAT_RUNS): Run {
  const file = FORMAT_RUNS[name];
  return parseRunFile(file, readFileSync(file, 'utf8'));
}

/** A deep copy of a run with one cell changed. */
export function withCell(run: Run, match: (c: Run['cells'][number]) => boolean, change: Partial<Run['cells'][number]>): Run {
  const copy = structuredClone(run);
  copy.cells = copy.cells.map((c) => (match(c) ? ({ ...c, ...change } as typeof c) : c));
  return copy;
}

/** Sets one value deep inside a parsed JSON document, for tests that break a file on purpose (the path must exist up to its last key). */
export function setAt(doc: unknown, path: ReadonlyArray<string | number>, value: unknown): void {
  let at = doc as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
}
