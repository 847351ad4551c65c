/**
 * Writes data/run.schema.json, the JSON Schema of a run file, from the zod Run
 * schema (src/schemas/run.ts), for tools in other languages.
 * Usage: npm run schema:export
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Run, RUN_SCHEMA_VERSION } from '../src/schemas/run.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'data', 'run.schema.json');

const schema = {
  ...z.toJSONSchema(Run, { target: 'draft-2020-12', io: 'output' }),
  title: `Diez Mil benchmark run (schema_version ${RUN_SCHEMA_VERSION})`,
  description: 'A file of data/runs/, written by scripts/bench. Generated from src/schemas/run.ts by `npm run schema:export`; do not edit.',
};
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
