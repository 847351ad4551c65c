/**
 * Whether the tools an implementation (or the runner) needs are installed:
 * each `requires[].check` must exit 0. A missing tool skips the cells with
 * the exact install command as the fix.
 */
import { commandWorks } from './processes.ts';

export interface Missing {
  tool: string;
  reason: string;
  fix: string;
}

const cache = new Map<string, boolean>();

function works(argv: readonly string[], cwd: string): boolean {
  const key = `${cwd}\0${JSON.stringify(argv)}`;
  let ok = cache.get(key);
  if (ok === undefined) {
    ok = commandWorks(argv, cwd);
    cache.set(key, ok);
  }
  return ok;
}

/** The first requirement whose check fails, or null when everything is there. */
export function firstMissing(
  requires: ReadonlyArray<{ tool: string; check: readonly string[]; install: string }>,
  cwd: string,
): Missing | null {
  for (const r of requires) {
    if (!works(r.check, cwd)) return { tool: r.tool, reason: `${r.tool} not found`, fix: r.install };
  }
  return null;
}

/** Tools the runner itself uses. */
export const RUNNER_TOOLS = {
  wrk: { tool: 'wrk', check: ['sh', '-c', 'command -v wrk'], install: 'apt-get install -y wrk' },
  cc: { tool: 'a C compiler (cc)', check: ['sh', '-c', 'command -v cc'], install: 'apt-get install -y gcc' },
  taskset: { tool: 'taskset', check: ['taskset', '-V'], install: 'apt-get install -y util-linux' },
  time: { tool: 'GNU time', check: ['/usr/bin/time', '-f', '%e', 'true'], install: 'apt-get install -y time' },
  valgrind: { tool: 'valgrind', check: ['valgrind', '--version'], install: 'apt-get install -y valgrind' },
} as const;

export function runnerToolMissing(name: keyof typeof RUNNER_TOOLS): Missing | null {
  return firstMissing([RUNNER_TOOLS[name]], process.cwd());
}
