/**
 * `npm test`: type checks, lint, unit then integration tests (tests/unit,
 * tests/integration), essay lint, build-failure tests, a build
 * from a synthetic fixture run, and browser tests in Debian's chromium against
 * dist/ (built by `npm run build`) and the fixture build.
 * Ends with one line "test: N passed, N failed".
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Step {
  name: string;
  argv: string[];
  env?: Record<string, string>;
}

function run(step: Step): boolean {
  console.log(`\n▶ ${step.name}: ${step.argv.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(step.argv[0]!, step.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...step.env },
  });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✖'} ${step.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

function ensureChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`Chromium is missing at ${CHROMIUM}: installing Debian's chromium package…`);
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (update.status === 0 && install.status === 0 && existsSync(CHROMIUM)) return true;
  }
  console.error(
    `Browser tests need Chromium at ${CHROMIUM}. Install it with:\n  sudo apt-get install -y chromium\n` +
      'or point CHROMIUM_PATH at a Chromium binary.',
  );
  return false;
}

const node = process.execPath;
const astro = ['node_modules/astro/bin/astro.mjs'];
const steps: Step[] = [
  { name: 'types', argv: [node, ...astro, 'check'] },
  { name: 'lint (eslint + knip)', argv: [node, '--run', 'lint'] },
  // Tier 1, unit: pure functions and files (parsing, statistics, schemas, formatting, claims), no service started; four files at a time.
  { name: 'unit', argv: [node, '--test', '--test-concurrency=4', '--test-reporter=spec', 'tests/unit/**/*.test.ts'] },
  // Tier 2, integration: the runner end to end on fixture servers, the slicer against live servers, PostgreSQL and Redis,
  // setup and npm in copies of the project. Two at a time: most of their time is spent waiting on child processes.
  { name: 'integration', argv: [node, '--test', '--test-concurrency=2', '--test-reporter=spec', 'tests/integration/bench/*.test.ts', 'tests/integration/project/*.test.ts'] },
  { name: 'essay lint', argv: [node, 'scripts/essays/lint.ts'] },
  { name: 'i18n check', argv: [node, 'scripts/i18n/check.ts'] },
  // Each build test builds in its own folder, so two can run at once.
  { name: 'build failures', argv: [node, '--test', '--test-concurrency=2', '--test-reporter=spec', 'tests/build/*.test.ts'] },
  // Server and load generator on two hosts: network namespaces with an sshd each (skips with its reason where not permitted).
  { name: 'hosts (network namespaces)', argv: [node, '--test', '--test-concurrency=1', '--test-reporter=spec', 'tests/integration/*.test.ts'] },
  {
    name: 'fixture build',
    argv: [node, ...astro, 'build', '--outDir', '.test-dist/fixture'],
    // The web-stack suite writes a run of its own: the fixture's sits beside synthetic-a.
    // So do 2019's runtimes (--suite vintages): the fixture's has some of them, as a rebuilder's might.
    env: { DIEZMIL_RUN: 'tests/fixtures/runs/synthetic-a.json', DIEZMIL_STACK_RUN: 'tests/fixtures/runs/synthetic-stack.json', DIEZMIL_VINTAGE_RUN: 'tests/fixtures/runs/synthetic-vintage.json' },
  },
];

let passed = 0;
let failed = 0;
for (const step of steps) (run(step) ? passed++ : failed++);

if (!existsSync('dist/en/index.html')) {
  console.log('\ndist/ is missing: building the site first (npm run build).');
  run({ name: 'build', argv: [node, ...astro, 'build'] }) ? passed++ : failed++;
}
run({ name: 'site integrity (links, CSP, HTML, sitemap)', argv: [node, 'scripts/site/check-dist.ts', 'dist'] }) ? passed++ : failed++;
if (ensureChromium()) {
  run({ name: 'browser', argv: [node, 'node_modules/@playwright/test/cli.js', 'test'] }) ? passed++ : failed++;
} else {
  failed++;
}

console.log(`\ntest: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
