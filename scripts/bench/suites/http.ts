/**
 * HTTP suite: build every implementation, start every server at once (pinned
 * to the server CPUs, the load generators on the client CPU), then measure
 * each test on all of them (http/load-test.ts: verify, warm up, interleaved
 * rounds of sub-second slices, memory after the rounds of the json test).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HTTP_TESTS } from '../../../src/schemas/run.ts';
import { failedCell, nowIso, type CellId } from '../cells.ts';
import type { Impl } from '../discovery.ts';
import { UserError } from '../errors.ts';
import { groupSchedule, groupOf, twinId, twinOf, type GroupPlan } from '../groups.ts';
import { runLoadTest, type LoadTest } from '../http/load-test.ts';
import { startServer, stopServers, type RunningServer } from '../http/servers.ts';
import { refreshLibraries, buildImplementation } from '../implementations.ts';
import type { Session } from '../session.ts';
import { removeSlicers } from '../slicer-run.ts';
import { loadExpectations } from '../http/test-types/index.ts';
import { verifyEndpoint, type HttpTest } from '../verify.ts';
import { memberCell, planGroups, selectedTests, type Suite } from './suite.ts';

type HttpEntry = Extract<Impl, { suite: 'http' }>;

/** Ratios of a test are taken to this implementation when it is measured. */
const HTTP_REFERENCE = 'go';
/** The test after whose rounds each server's memory is sampled. */
const MEMORY_TEST: HttpTest = 'json';

/** The comparison groups of the suite: one per test, every selected server a member (plus the A/A twin). */
function httpGroups(impls: readonly Impl[], tests: string[] | null, aa: string | null): GroupPlan[] {
  const ids = impls.filter((i) => i.suite === 'http').map((i) => i.id);
  if (ids.length === 0) return [];
  return selectedTests(HTTP_TESTS, tests).map((test) => groupOf('http', test, ids, aa, [HTTP_REFERENCE]));
}

/** The file the http and stack suites verify responses against (bench/data/records.json). */
export function checkRecords(dataDir: string): void {
  if (!existsSync(path.join(dataDir, 'records.json'))) {
    throw new UserError(`${path.join(dataDir, 'records.json')}: missing; the http and stack suites verify responses against it (regenerate with \`python3 bench/data/generate.py\` or pass --data-dir)`);
  }
}

async function runHttpSuite(session: Session, impls: readonly Impl[], groups: readonly GroupPlan[]): Promise<void> {
  if (groups.length === 0) return;
  const expectations = loadExpectations(session.dataDir);
  const byId = new Map(impls.filter((i): i is HttpEntry => i.suite === 'http').map((i) => [i.id, i]));
  const pending = (member: string) => groups.some((g) => g.members.includes(member) && !session.has({ suite: 'http', impl: member, test: g.tests[0]! }));
  const servers = new Map<string, RunningServer>();
  const failAll = (member: string, reason: string) => {
    const at = nowIso();
    for (const g of groups) if (g.members.includes(member) && !session.has({ suite: 'http', impl: member, test: g.tests[0]! })) session.record(failedCell({ suite: 'http', impl: member, test: g.tests[0]! }, reason, at));
  };
  try {
    const members = groups[0]!.members;
    for (const member of members) {
      if (session.stopping) return;
      const impl = byId.get(member) ?? byId.get(twinOf(member) ?? '');
      if (!impl || !pending(member)) continue;
      const first: CellId = { suite: 'http', impl: member, test: groups[0]!.tests[0]! };
      if (member === impl.id) {
        const build = await buildImplementation(impl, (cmd) => session.step(first, `build: ${cmd}`), session.layout.server);
        if (session.stopping) return;
        if (build) {
          failAll(member, build);
          if (session.options.aa === member) failAll(twinId(member), build);
          continue;
        }
        refreshLibraries(session, impl);
      } else if (!servers.has(impl.id)) {
        continue; // the twin of a server that did not start
      }
      session.step(first, 'starting server');
      const s = await startServer(session, impl, member);
      if ('error' in s) failAll(member, s.error);
      else servers.set(member, s);
    }
    const schedule = groupSchedule(session, 'http', groups);
    for (const g of groups) {
      if (session.stopping) return;
      const test = g.tests[0] as HttpTest;
      const exp = expectations[test];
      const spec: LoadTest = { suite: 'http', test, path: exp.path, verify: (s) => verifyEndpoint(s.port, exp, 60000, { host: s.host.address }), memory: test === MEMORY_TEST };
      await runLoadTest(session, g, servers, spec, schedule.budgetMs(g));
      schedule.done(g);
    }
  } finally {
    await stopServers(session, servers.values());
    await removeSlicers();
  }
}

export const httpSuite: Suite = {
  id: 'http',
  manifests: 'http',
  tests: HTTP_TESTS,
  inAll: true,
  // HTTP rounds of quarter-second slices reach ±5 % on most tests in under a minute here.
  rounds: { precision: 0.05, budgetShare: 0.38, quickSampleSeconds: 1.5 },
  loadGenerator: true,
  workers: false,
  everyCpu: false,
  randomLayout: false,
  toolVersions: ['wrk'],
  implByRuntime: true,
  hasTest: () => true,
  preflight: ({ dataDir }) => checkRecords(dataDir),
  groups: httpGroups,
  // Warm-up (a few seconds per member; one load in a quick run) and the memory load come on top of the rounds.
  plan: (ctx) => planGroups(ctx.groups, ctx.budgetSeconds, ctx.quick ? 1 : 8, memberCell),
  run: runHttpSuite,
};
