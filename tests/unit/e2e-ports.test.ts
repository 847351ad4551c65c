/**
 * Browser tests take free ports, not fixed ones (4411–4413 used to fail with
 * "already used" when a second checkout ran its tests or a preview was open):
 * tests/e2e/ports.ts picks them once per test run and hands them to
 * Playwright's workers through the environment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { spawnSync } from 'node:child_process';
import { freePorts, PORTS, SERVERS } from '../e2e/ports.ts';

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

test('freePorts gives distinct ports nobody holds', async () => {
  const ports = freePorts(4);
  assert.equal(new Set(ports).size, 4);
  for (const p of ports) assert.ok(await bindable(p), `port ${p} is free`);
});

test('a port in use is never chosen', async () => {
  const held = createServer();
  await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', () => resolve()));
  const port = (held.address() as { port: number }).port;
  for (let i = 0; i < 5; i++) assert.ok(!freePorts(4).includes(port));
  held.close();
});

test('worker processes find the ports the config chose', () => {
  assert.equal(new Set(Object.values(PORTS)).size, SERVERS.length);
  // This module set DIEZMIL_E2E_PORTS when it chose; a worker inherits it.
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', "import('./tests/e2e/ports.ts').then((m) => console.log(JSON.stringify(m.PORTS)))"], { encoding: 'utf8', env: process.env });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), PORTS);
});

test('no browser test or config names a fixed port', () => {
  const files = ['playwright.config.ts', ...readdirSync('tests/e2e').map((f) => `tests/e2e/${f}`)];
  for (const file of files) assert.doesNotMatch(readFileSync(file, 'utf8'), /(127\.0\.0\.1|localhost):\d{2,5}\b|\b44\d\d\b/, file);
});
