/**
 * The build refuses bad input with a message naming the file and the key:
 * a malformed run, an unknown metric id in an essay, a missing Spanish UI key
 * and a typo'd placeholder, a missing claim text in a finished language, a bad
 * rule and an unknown implementation in data/claims.json. `npm run build`
 * (scripts/build.ts) never loses the last good site when a build fails.
 * Each case builds a copy of the site (node_modules linked) with one defect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, symlinkSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = resolve('.');
const SANDBOXES = resolve('.test-dist/sandboxes');

function sandbox(name: string): string {
  const dir = join(SANDBOXES, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of ['src', 'data', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  // Only the manifests of bench/: the site reads them to know implementation ids.
  for (const suite of readdirSync('bench', { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const suiteDir = join('bench', suite.name);
    for (const impl of readdirSync(suiteDir)) {
      const manifest = join(suiteDir, impl, 'manifest.json');
      if (existsSync(manifest)) cpSync(manifest, join(dir, manifest));
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function build(dir: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', 'out'], {
    cwd: dir,
    env: { ...process.env, ...env, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

test('a malformed run file fails the build with the file and the JSON path', () => {
  const dir = sandbox('malformed-run');
  const run = JSON.parse(readFileSync('tests/fixtures/runs/synthetic-a.json', 'utf8'));
  run.cells[2].summary.requests_per_second.median = 'fast';
  mkdirSync(join(dir, 'data/runs'), { recursive: true });
  writeFileSync(join(dir, 'data/runs/2026-broken.json'), JSON.stringify(run));
  const r = build(dir);
  assert.notEqual(r.status, 0, 'the build must fail');
  assert.match(r.output, /data\/runs\/2026-broken\.json is not a valid run/);
  assert.match(r.output, /\$\.cells\[2\]\.summary\.requests_per_second\.median/);
});

test('an unknown metric id in an essay fails the build with the MDX file and line', () => {
  const dir = sandbox('unknown-metric');
  const file = join(dir, 'src/content/essays/es/why-learn-go.mdx');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\nUna cifra inventada: <Metric id="http.go.json.speed" />.\n`);
  const r = build(dir);
  assert.notEqual(r.status, 0, 'the build must fail');
  assert.match(r.output, /src\/content\/essays\/es\/why-learn-go\.mdx:\d+: <Metric id>: "http\.go\.json\.speed": unknown http metric "speed"/);
});

/** `npm run build` in a sandbox, over a last good site in out/ (a page only a finished build would replace). */
function buildOverLastGood(dir: string) {
  mkdirSync(join(dir, 'out/en'), { recursive: true });
  writeFileSync(join(dir, 'out/index.html'), 'the last good site\n');
  writeFileSync(join(dir, 'out/en/index.html'), 'the last good site\n');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.ts'), '--outDir', 'out'], {
    cwd: dir,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

test('a missing Spanish UI key and a typo’d placeholder fail the build naming the keys; the last good site stays', () => {
  const dir = sandbox('missing-key');
  const file = join(dir, 'src/i18n/es.json');
  const dict = JSON.parse(readFileSync(file, 'utf8'));
  delete dict['nav.results'];
  dict['verdictCount.holds_other'] = '{{cout}} afirmaciones se cumplen';
  writeFileSync(file, JSON.stringify(dict, null, 2));
  const r = buildOverLastGood(dir);
  assert.notEqual(r.status, 0, 'the build must fail');
  assert.match(r.output, /src\/i18n\/es\.json: missing key "nav\.results"/);
  assert.match(r.output, /src\/i18n\/es\.json: key "verdictCount\.holds_other": \{\{cout\}\} is not a placeholder of this message/);
  // Astro empties its output folder first: the build went to out.building/, and out/ is untouched.
  assert.equal(readFileSync(join(dir, 'out/en/index.html'), 'utf8'), 'the last good site\n');
  assert.equal(existsSync(join(dir, 'out.building')), false);
  assert.match(r.output, /The build failed: out\/ still holds the last good site\./);
});

test('a bad rule and an unknown implementation in data/claims.json stop the build before it starts, by claim id', () => {
  const dir = sandbox('bad-claims');
  const file = join(dir, 'data/claims.json');
  const claims = JSON.parse(readFileSync(file, 'utf8'));
  claims.claims.find((c: { id: string }) => c.id === 'cpu-go-2-3x-c').measure.id = 'cpu.cobol.geomean.vs_cpp';
  writeFileSync(file, JSON.stringify(claims, null, 2));
  const unknown = buildOverLastGood(dir);
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.output, /The claims have 1 problem:\n\ndata\/claims\.json: claim "cpu-go-2-3x-c": at measure\.id: "cpu\.cobol\.geomean\.vs_cpp": no cpu implementation "cobol"/);
  assert.match(unknown.output, /The build stopped before it started: out\/ still holds the last good site\./);

  claims.claims.find((c: { id: string }) => c.id === 'cpu-python-50x-c').rule.holds_factor = 0.5;
  writeFileSync(file, JSON.stringify(claims, null, 2));
  const rule = buildOverLastGood(dir);
  assert.notEqual(rule.status, 0);
  assert.match(rule.output, /data\/claims\.json: claim "cpu-python-50x-c": at rule\.holds_factor:/);
  assert.doesNotMatch(rule.output, /mdx:0:0|Stack trace|\n\s+at \S+ \(/);
  assert.equal(readFileSync(join(dir, 'out/en/index.html'), 'utf8'), 'the last good site\n');
});

test('a missing claim text in a finished language fails the build naming the file and the path', () => {
  const dir = sandbox('missing-claim-text');
  const config = JSON.parse(readFileSync('src/i18n/locales.json', 'utf8')) as { defaultLocale: string; locales: { code: string; inProgress?: boolean }[] };
  const lang = (config.locales.find((l) => !l.inProgress && l.code !== config.defaultLocale) ?? config.locales[0]!).code;
  const file = join(dir, `src/i18n/${lang}/claims.json`);
  const texts = JSON.parse(readFileSync(file, 'utf8'));
  delete texts.claims['cpu-python-50x-c'].statement;
  writeFileSync(file, JSON.stringify(texts, null, 2));
  const r = build(dir);
  assert.notEqual(r.status, 0, 'the build must fail');
  assert.ok(r.output.includes(`src/i18n/${lang}/claims.json: missing "claims.cpu-python-50x-c.statement"`), r.output.slice(-2000));
});
