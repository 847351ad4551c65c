/**
 * Writes data/run.schema.json, the JSON Schema of a run file, from the zod Run
 * schema (src/schemas/run.ts), for tools in other languages.
 * Usage: npm run schema:export
 * tests/unit/run-json-schema.test.ts fails when the committed file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Run, RUN_SCHEMA_VERSION } from '../src/schemas/run.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RUN_JSON_SCHEMA_FILE = path.join(root, 'data', 'run.schema.json');

/** The file's text, exactly as written. */
export function runJsonSchemaText(): string {
  const schema = {
    ...z.toJSONSchema(Run, { target: 'draft-2020-12', io: 'output' }),
    title: `Diez Mil benchmark run (schema_version ${RUN_SCHEMA_VERSION})`,
    description: 'A file of data/runs/, written by scripts/bench. Generated from src/schemas/run.ts by `npm run schema:export`; do not edit.',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(path.dirname(RUN_JSON_SCHEMA_FILE), { recursive: true });
  writeFileSync(RUN_JSON_SCHEMA_FILE, runJsonSchemaText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), RUN_JSON_SCHEMA_FILE)}\n`);
}
