/**
 * What an essay says about its edition and its 2019 figures: the edition card's
 * facts read from the run (machine, toolchains), 2019 figures as the author
 * wrote them, which side a ratio favours, and the latency chart's units and
 * connections (issue #21).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { machineFacts, toolchainsOf, versionOf } from '../../src/lib/edition.ts';
import { formatOriginal } from '../../src/lib/original-format.ts';
import { getOriginal } from '../../src/lib/originals.ts';
import { sideOfOne } from '../../src/lib/claim-view.ts';
import { buildChart } from '../../src/lib/charts/registry.ts';
import { loadClaims } from '../../src/lib/claims.ts';
import type { PageContext } from '../../src/lib/page.ts';
import { fixtureRun, translator } from './helpers.ts';

const ctx = (lang: 'en' | 'es') =>
  ({
    lang,
    locale: { code: lang, intl: lang === 'en' ? 'en-US' : 'es-ES' },
    t: translator(lang),
    texts: { figure: (id: string) => (JSON.parse(readFileSync(`src/i18n/${lang}/claims.json`, 'utf8')).originals as Record<string, string>)[id]! },
  }) as unknown as PageContext;

test('toolchain versions are read from the version lines the run recorded', () => {
  assert.equal(versionOf('go', 'go version go1.26.8 linux/amd64'), '1.26.8');
  assert.equal(versionOf('java', 'openjdk 17.0.15 2025-04-15'), '17.0.15');
  assert.equal(versionOf('node', 'v24.21.0'), '24.21.0');
  assert.equal(versionOf('python3', 'Python 3.11.2'), '3.11.2');
  assert.equal(versionOf('pypy3', 'Python 3.9.16 (7.3.11+dfsg-2+deb12u3, Dec 30 2024, 22:36:23)'), '7.3.11 (Python 3.9.16)');
  assert.equal(versionOf('rustc', 'rustc 1.95.0 (59807616e 2026-04-14)'), '1.95.0');
  assert.equal(versionOf('gcc', 'gcc (Debian 12.2.0-14+deb12u1) 12.2.0'), '12.2.0');
  assert.equal(versionOf('wrk', 'wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer'), '4.1.0');
  assert.equal(versionOf('php', 'PHP 8.2.36 (cli) (built: Nov 18 2026 20:02:04) (NTS)'), '8.2.36');
  assert.equal(versionOf('x', 'no version here'), null);
});

test('the edition card names the machine and the toolchains of the run', () => {
  const run = fixtureRun('synthetic-a');
  const m = machineFacts(run);
  assert.equal(m.cpu, run.machine.cpu_model);
  assert.equal(m.cores, run.machine.cpu_cores);
  assert.equal(m.virtualization, run.machine.virtualization);
  const tools = toolchainsOf(run);
  assert.ok(tools.length > 0 && tools.every((t) => /\d/.test(t.version)), JSON.stringify(tools));
  // Known toolchains in a fixed order, with readers' names.
  const names = tools.map((t) => t.name);
  if (names.includes('CPython') && names.includes('Go')) assert.ok(names.indexOf('CPython') < names.indexOf('Go'));
});

test('2019 memory reads as the author wrote it: MB per process, times the processes, and the total', () => {
  const pypy = getOriginal('http.pypy.json.memory_mib')!;
  assert.equal(formatOriginal(pypy, ctx('en'), 'http.pypy.json.memory_mib').text, '85\u00a0MB × 8 processes = 680\u00a0MB');
  assert.equal(formatOriginal(pypy, ctx('es'), 'http.pypy.json.memory_mib').text, '85\u00a0MB × 8 procesos = 680\u00a0MB');
  assert.equal(formatOriginal(pypy, ctx('en'), 'http.pypy.json.memory_mib', 'perProcess').text, '85\u00a0MB');
  assert.equal(formatOriginal(getOriginal('http.rust-actix.json.memory_mib')!, ctx('en')).text, '41\u00a0MB');
  // Published figures keep their digits; figures derived here read like measured ones.
  assert.equal(formatOriginal(getOriginal('http.go.transfer.mibps')!, ctx('en')).text, '2,897.66\u00a0MiB/s');
  assert.equal(formatOriginal(getOriginal('http.go.transfer.rps')!, ctx('en')).text, '22,700\u00a0req/s');
  // The barrier's derivation: 1 ÷ 30 µs, a little over 30,000 a second; "5ms" and "0.1ms".
  assert.equal(formatOriginal(getOriginal('barrier.ceiling.opsps')!, ctx('es')).text, '30.000\u00a0operaciones/s');
  assert.equal(formatOriginal(getOriginal('barrier.wall_operation.ms')!, ctx('en')).text, '0.1\u00a0ms');
  // Figures in words or in units the site does not format, per language.
  assert.equal(formatOriginal(getOriginal('infra.ansible.hosts')!, ctx('es'), 'infra.ansible.hosts').text, '50 equipos');
  assert.equal(formatOriginal(getOriginal('rust.patch.bundled')!, ctx('en'), 'rust.patch.bundled').text, '2 GiB');
});

test('a ratio states which side it favours only when its whole interval is on that side', () => {
  assert.equal(sideOfOne({ kind: 'value', value: 0.6, low: 0.55, high: 0.62 }), 'below');
  assert.equal(sideOfOne({ kind: 'value', value: 1.5, low: 1.45, high: 1.51 }), 'above');
  assert.equal(sideOfOne({ kind: 'value', value: 1.02, low: 0.97, high: 1.08 }), 'both');
  assert.equal(sideOfOne({ kind: 'value', value: 0.9, low: null, high: null }), 'below');
  assert.equal(sideOfOne({ kind: 'range', low: { value: 1.3, low: 1.2, high: 1.4 }, high: { value: 14, low: 13, high: 15 } }), 'above');
  assert.equal(sideOfOne({ kind: 'range', low: { value: 1.0, low: 0.9, high: 1.1 }, high: { value: 3.2, low: 2.9, high: 3.5 } }), 'both');
  assert.equal(sideOfOne(null), null);
});

test('the audited claims measure the quantity their sentence is about', () => {
  const byId = new Map(loadClaims().map((c) => [c.id, c]));
  // "Even the slowest 700MiB/s": the slowest of every deployment, not each language's faster one.
  const transfer = byId.get('http-transfer-700mibps')!.measure;
  assert.equal(transfer.kind, 'min_metric');
  const ids = transfer.kind === 'min_metric' ? transfer.ids : [];
  for (const d of ['cpython-uwsgi', 'cpython-nginx', 'pypy-gunicorn', 'pypy-nginx']) assert.ok(ids.includes(`http.${d}.transfer.mibps`), d);
  assert.ok(!ids.some((id) => /^http\.(cpython|pypy)\./.test(id)), 'no runtime alias (its faster deployment)');
  // "Cache it yourself", advice for a Python application: Python's own figure.
  assert.deepEqual(byId.get('stack-postgres-repeat-redis-cache')!.measure, { kind: 'ratio', of: 'stack.python-werkzeug.cached.rps', to: 'stack.python-werkzeug.repeated.rps' });
  // "Python is 80% slower, which means 5x from Rust": Rust's ORM stack against Python's.
  assert.deepEqual(byId.get('stack-orm-python-5x-leader')!.measure, { kind: 'ratio', of: 'stack.rust-orm.fortunes.rps', to: 'stack.python-flask.fortunes.rps' });
  // "The language per se": the loop, where the language does all the work.
  assert.deepEqual(byId.get('stack-python-slower-php')!.measure, { kind: 'ratio', of: 'stack.php.loop.rps', to: 'stack.python-flask.loop.rps' });
});

test('the latency chart reads in milliseconds and says how many connections each server had', () => {
  for (const lang of ['en', 'es'] as const) {
    const chart = buildChart('http-latency', fixtureRun('synthetic-a'), translator(lang))!;
    assert.equal(chart.unit, 'ms');
    assert.equal(chart.valueTitle, 'p99 (ms)');
    const run = fixtureRun('synthetic-a');
    const connections = [...new Set(run.cells.flatMap((c) => (c.suite === 'http' && 'load' in c && c.load ? [c.load.connections] : [])))];
    assert.ok(connections.length > 1, 'the fixture loads servers with different connections');
    for (const n of connections) assert.match(chart.description, new RegExp(`\\b${n}\\b`), `${lang}: ${n} connections`);
  }
});
