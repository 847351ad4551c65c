/**
 * Starting a member's processes with a randomised layout (process-layout.ts):
 * workers for the worker-timed suites, and the argv/cwd/env of a whole
 * process (verification runs, the threads suite). The role names the process
 * within the run, so its layout is reproducible from the run id and differs
 * between an implementation and its A/A twin.
 */
import type { Session } from './session.ts';
import { applyLayout, drawLayout, layoutSeed, type LaidOut } from './process-layout.ts';
import { Worker } from './workers.ts';

/** How long a worker may take to start (a JVM on a loaded machine; PyPy's first import). */
const READY_TIMEOUT_MS = 60 * 1000;

export function laidOut(session: Session, role: string, argv: readonly string[], cwd: string, env: Record<string, string>): LaidOut {
  return applyLayout(argv, cwd, env, drawLayout(layoutSeed(session.run.id, role)));
}

export function startWorker(session: Session, role: string, argv: readonly string[], cwd: string, env: Record<string, string>, cpus: string | null): Promise<Worker> {
  const l = laidOut(session, role, argv, cwd, env);
  return Worker.start({ argv: l.argv, cwd: l.cwd, env: l.env, cpus, readyTimeoutMs: READY_TIMEOUT_MS, name: `${role} worker` });
}
