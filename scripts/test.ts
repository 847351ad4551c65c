/**
 * `npm test`: type checks, lint, unit tests, essay lint and the i18n check one
 * after another; then three lanes side by side: the integration tier (the
 * runner end to end, PostgreSQL and Redis, the slicer, the contributor's
 * paths), the hosts tier (two and three hosts in network namespaces) and the
 * site (build-failure tests, a build from a synthetic fixture run, the
 * integrity check of dist/, and browser tests in Debian's chromium against
 * dist/ — built by `npm run build` — and the fixture build). Each lane's
 * output is printed whole, step by step. Ends with one line
 * "test: N passed, N failed".
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Step {
  name: string;
  argv: string[];
  env?: Record<string, string>;
}

function header(step: Step): string {
  return `\n▶ ${step.name}: ${step.argv.join(' ')}`;
}

function footer(step: Step, ok: boolean, started: number): string {
  return `${ok ? '✔' : '✖'} ${step.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
}

const envOf = (step: Step) => ({ ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...step.env });

/** A step on its own: its output as it comes. */
function run(step: Step): boolean {
  console.log(header(step));
  const started = Date.now();
  const r = spawnSync(step.argv[0]!, step.argv.slice(1), { stdio: 'inherit', env: envOf(step) });
  const ok = r.status === 0;
  console.log(footer(step, ok, started));
  return ok;
}

/** A step beside another lane: its output held and printed whole when it ends, so two lanes never interleave lines. */
function runHeld(step: Step): Promise<boolean> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(step.argv[0]!, step.argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: envOf(step) });
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const done = (ok: boolean, extra = '') => {
      process.stdout.write(`${header(step)}\n${Buffer.concat(chunks).toString('utf8')}${extra}${footer(step, ok, started)}\n`);
      resolve(ok);
    };
    child.on('error', (e) => done(false, `${e.message}\n`));
    child.on('close', (code) => done(code === 0));
  });
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
/** First, one after another: the quick checks every later step relies on. */
const checks: Step[] = [
  { name: 'types', argv: [node, ...astro, 'check'] },
  { name: 'lint (eslint + knip)', argv: [node, '--run', 'lint'] },
  // Tier 1, unit: pure functions and files (parsing, statistics, schemas, formatting, claims), no service started; four files at a time.
  { name: 'unit', argv: [node, '--test', '--test-concurrency=4', '--test-reporter=spec', 'tests/unit/**/*.test.ts'] },
  { name: 'essay lint', argv: [node, 'scripts/essays/lint.ts'] },
  { name: 'i18n check', argv: [node, 'scripts/i18n/check.ts'] },
];

/**
 * Then three lanes side by side. Integration and hosts: tests that mostly wait on the programs they start (servers,
 * PostgreSQL, sshd in namespaces; the hosts tier used a quarter of the two CPUs when it ran alone). Site: builds and
 * the browser, which mostly compute. Side by side they fill the two CPUs that each lane alone leaves partly idle;
 * no test in one lane reads what another writes.
 */
const integrationLane: Step[] = [
  // Tier 2, integration: the runner end to end on fixture servers, the slicer against live servers, PostgreSQL and Redis,
  // setup and npm in copies of the project. Two at a time: most of their time is spent waiting on child processes.
  { name: 'integration', argv: [node, '--test', '--test-concurrency=2', '--test-reporter=spec', 'tests/integration/bench/*.test.ts', 'tests/integration/project/*.test.ts'] },
];
const hostsLane: Step[] = [
  // Server and load generator on two hosts: network namespaces with an sshd each (skips with its reason where not permitted).
  { name: 'hosts (network namespaces)', argv: [node, '--test', '--test-concurrency=1', '--test-reporter=spec', 'tests/integration/*.test.ts'] },
];

const siteLane: Step[] = [
  // Each build test builds in its own folder, so two can run at once; the browser tests read the sites they build.
  { name: 'build failures', argv: [node, '--test', '--test-concurrency=2', '--test-reporter=spec', 'tests/build/*.test.ts'] },
  {
    name: 'fixture build',
    argv: [node, ...astro, 'build', '--outDir', '.test-dist/fixture'],
    // The web-stack suite writes a run of its own: the fixture's sits beside synthetic-a.
    // So do 2019's runtimes (--suite vintages): the fixture's has some of them, as a rebuilder's might.
    env: { DIEZMIL_RUN: 'tests/fixtures/runs/synthetic-a.json', DIEZMIL_STACK_RUN: 'tests/fixtures/runs/synthetic-stack.json', DIEZMIL_VINTAGE_RUN: 'tests/fixtures/runs/synthetic-vintage.json' },
  },
  ...(existsSync('dist/en/index.html') ? [] : [{ name: 'build (dist/ was missing: npm run build)', argv: [node, ...astro, 'build'] }]),
  { name: 'site integrity (links, CSP, HTML, sitemap)', argv: [node, 'scripts/site/check-dist.ts', 'dist'] },
];

let passed = 0;
let failed = 0;
for (const step of checks) (run(step) ? passed++ : failed++);

async function lane(steps: readonly Step[]): Promise<boolean[]> {
  const results: boolean[] = [];
  for (const step of steps) results.push(await runHeld(step));
  return results;
}

const browser = async (): Promise<boolean[]> => (ensureChromium() ? [await runHeld({ name: 'browser', argv: [node, 'node_modules/@playwright/test/cli.js', 'test'] })] : [false]);
const results = await Promise.all([lane(integrationLane), lane(hostsLane), lane(siteLane).then(async (r) => [...r, ...(await browser())])]);
for (const ok of results.flat()) (ok ? passed++ : failed++);

console.log(`\ntest: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
