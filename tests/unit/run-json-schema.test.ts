import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RUN_JSON_SCHEMA_FILE, runJsonSchemaText } from '../../scripts/export-json-schema.ts';

test('data/run.schema.json is the export of the zod Run schema (fix: npm run schema:export)', () => {
  assert.ok(readFileSync(RUN_JSON_SCHEMA_FILE, 'utf8') === runJsonSchemaText(), 'data/run.schema.json is stale: run `npm run schema:export` and commit it');
});
