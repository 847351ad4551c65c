import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SUITES } from '../../../src/schemas/run.ts';
import { blankCell, validatedCell } from '../../../scripts/bench/cells.ts';
import { SUITE_REGISTRY } from '../../../scripts/bench/suites/index.ts';

const SUITES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/bench/suites');

test('every suite of the schema is one module of scripts/bench/suites, registered once', () => {
  const modules = readdirSync(SUITES_DIR).filter((f) => f.endsWith('.ts') && f !== 'suite.ts' && f !== 'index.ts').map((f) => f.slice(0, -3)).sort();
  assert.deepEqual(modules, [...SUITES].sort(), 'a module per suite id, named after it');
  assert.deepEqual(SUITE_REGISTRY.map((s) => s.id).sort(), [...SUITES].sort(), 'each registered once');
});

test("every test a suite plans makes a cell the run schema accepts", () => {
  for (const s of SUITE_REGISTRY) {
    assert.ok(s.tests.length > 0, `${s.id} has tests`);
    for (const t of s.tests) {
      const { problem } = validatedCell(blankCell({ suite: s.id, impl: 'some-impl', test: t }, 'skipped', 'not run'));
      assert.equal(problem, null, `${s.id}/${t}`);
    }
  }
});
