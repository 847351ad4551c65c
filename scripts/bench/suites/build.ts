/**
 * Build suite: for http manifests with `build_bench`, the time of a cold build
 * (after the `clean` commands) and of an incremental one (after touching one
 * source file). The build commands run in order; a repetition's wall time is
 * their sum, user/sys likewise, max RSS the largest.
 */
import { utimesSync, existsSync } from 'node:fs';
import path from 'node:path';
import { BUILD_KINDS, type BuildCell, type Cell, type ProcessRepetition } from '../../../src/schemas/run.ts';
import { blankCell, failedCell, nowIso, type CellId } from '../cells.ts';
import type { Impl } from '../discovery.ts';
import { noisyFlag } from '../flags.ts';
import { shellQuote } from '../placeholders.ts';
import { lastLines, runCommand } from '../processes.ts';
import type { Session } from '../session.ts';
import { summarize } from '../../../src/lib/statistics.ts';
import { failureOf, runTimed } from '../timed.ts';
import { selectedTests, type Suite } from './suite.ts';

const BUILD_TIMEOUT_MS = 30 * 60 * 1000;

type HttpEntry = Extract<Impl, { suite: 'http' }>;

function buildable(impl: Impl): impl is HttpEntry {
  return impl.suite === 'http' && impl.manifest.build_bench !== null && impl.manifest.build.length > 0;
}

/**
 * A cold release build of a Rust server takes minutes on two cores, so a full
 * run times it once; incremental builds five times, enough for an interval.
 * A quick run times one incremental build and no cold one.
 */
function buildReps(quick: boolean, reps: number | null, kind: string = 'incremental'): number {
  return reps ?? (quick || kind === 'cold' ? 1 : 5);
}

/** The kinds a run times: a quick run skips cold builds (minutes each). */
function buildKinds(tests: string[] | null, quick: boolean): string[] {
  return selectedTests(BUILD_KINDS, tests).filter((k) => !quick || k !== 'cold');
}

async function timedBuild(impl: HttpEntry): Promise<ProcessRepetition | string> {
  const rep: ProcessRepetition = { wall_seconds: 0, user_seconds: 0, sys_seconds: 0, max_rss_bytes: 0 };
  for (const argv of impl.manifest.build) {
    // Unpinned: a developer's build uses every CPU.
    const r = await runTimed(argv, { cwd: impl.dir, env: impl.manifest.env, cpus: null, timeoutMs: BUILD_TIMEOUT_MS });
    const f = failureOf(r, `\`${shellQuote(argv)}\``);
    if (f) return `${f}${lastLines(r.stderr + r.stdout, 6) ? `:\n${lastLines(r.stderr + r.stdout, 6)}` : ''}`;
    rep.wall_seconds += r.rep.wall_seconds;
    rep.user_seconds = rep.user_seconds === null || r.rep.user_seconds === null ? null : rep.user_seconds + r.rep.user_seconds;
    rep.sys_seconds = rep.sys_seconds === null || r.rep.sys_seconds === null ? null : rep.sys_seconds + r.rep.sys_seconds;
    rep.max_rss_bytes = rep.max_rss_bytes === null || r.rep.max_rss_bytes === null ? null : Math.max(rep.max_rss_bytes, r.rep.max_rss_bytes);
  }
  return rep;
}

async function clean(impl: HttpEntry): Promise<string | null> {
  for (const argv of impl.manifest.build_bench!.clean) {
    const r = await runCommand(argv, { cwd: impl.dir, env: impl.manifest.env, timeoutMs: 5 * 60 * 1000 });
    const f = failureOf(r, `clean \`${shellQuote(argv)}\``);
    if (f) return f;
  }
  return null;
}

async function measureKind(session: Session, impl: HttpEntry, kind: string): Promise<Cell> {
  const id: CellId = { suite: 'build', impl: impl.id, test: kind };
  const startedAt = nowIso();
  const reps = buildReps(session.options.quick, session.options.reps, kind);
  const cell = blankCell(id, 'ok', null) as BuildCell;
  cell.started_at = startedAt;
  cell.command = impl.manifest.build.map((a) => shellQuote(a)).join(' && ');
  const touch = path.join(impl.dir, impl.manifest.build_bench!.touch);
  if (kind === 'incremental') {
    cell.touched_file = path.relative(session.root, touch);
    if (!existsSync(touch)) return failedCell(id, `build_bench.touch: ${cell.touched_file} does not exist; fix ${impl.manifestPath}`, startedAt);
    session.step(id, 'initial build');
    const first = await timedBuild(impl);
    if (typeof first === 'string') return failedCell(id, `build failed: ${first}`, startedAt);
  }
  const repetitions: ProcessRepetition[] = [];
  for (let i = 0; i < reps; i++) {
    if (session.stopping) return failedCell(id, 'interrupted', startedAt);
    session.step(id, `repetition ${i + 1}/${reps}`);
    if (kind === 'cold') {
      const c = await clean(impl);
      if (c) return failedCell(id, c, startedAt);
    } else {
      const now = new Date();
      utimesSync(touch, now, now);
    }
    const r = await timedBuild(impl);
    if (typeof r === 'string') return failedCell(id, `build failed: ${r}`, startedAt);
    repetitions.push(r);
  }
  const walls = repetitions.map((r) => r.wall_seconds);
  cell.repetitions = repetitions;
  cell.summary = { wall_seconds: summarize(walls) };
  const noisy = noisyFlag(walls, session.noisyThreshold, 'Build time');
  cell.flags = noisy ? [noisy] : [];
  cell.finished_at = nowIso();
  return cell;
}

async function runBuildSuite(session: Session, impls: readonly Impl[], tests: string[] | null): Promise<void> {
  for (const impl of impls) {
    if (session.stopping) return;
    if (!buildable(impl)) continue;
    for (const kind of buildKinds(tests, session.options.quick)) {
      if (session.stopping) return;
      const id: CellId = { suite: 'build', impl: impl.id, test: kind };
      if (session.has(id)) continue;
      const cell = await measureKind(session, impl, kind);
      if (!session.stopping) session.record(cell);
    }
  }
}

export const buildSuite: Suite = {
  id: 'build',
  // It times the HTTP servers' builds.
  manifests: 'http',
  tests: BUILD_KINDS,
  inAll: true,
  rounds: null,
  loadGenerator: false,
  workers: false,
  // Builds run unpinned, on every CPU, as a developer's would.
  everyCpu: true,
  randomLayout: false,
  toolVersions: [],
  implByRuntime: false,
  // plan() lists the cells of every server with build_bench, those that cannot run too.
  hasTest: () => false,
  groups: () => [],
  plan: (ctx) =>
    ctx.impls.filter(buildable).flatMap((impl) =>
      buildKinds(ctx.tests, ctx.quick).map((kind) => ({ id: { suite: 'build' as const, impl: impl.id, test: kind }, estimateSeconds: buildReps(ctx.quick, null, kind) * (kind === 'cold' ? 180 : 10) })),
    ),
  run: (session, impls) => runBuildSuite(session, impls, session.options.tests),
};
