/** Runs wrk once, pinned to the client CPU, with report.lua writing its numbers as JSON. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRepetition } from '../../src/schemas/run.ts';
import { lastLines } from './processes.ts';
import { LocalHost, type Host } from './hosts/host.ts';
import { parseWrkReport, toRepetition } from './wrk-report.ts';

export const REPORT_LUA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wrk', 'report.lua');

export interface WrkParams {
  /** The server's address as the load generator reaches it. */
  host?: string;
  port: number;
  path: string;
  connections: number;
  threads: number;
  durationSeconds: number;
  timeoutSeconds: number;
  cpus: string | null;
}

export function wrkArgv(p: WrkParams, script = REPORT_LUA): string[] {
  return [
    'wrk',
    `-t${p.threads}`,
    `-c${p.connections}`,
    `-d${Math.max(1, Math.round(p.durationSeconds))}s`,
    `--timeout`,
    `${Math.max(1, Math.round(p.timeoutSeconds))}s`,
    '-s',
    script,
    `http://${p.host ?? '127.0.0.1'}:${p.port}${p.path}`,
  ];
}

/** Runs wrk on the load generator's host (this machine by default), pinned to the client CPUs; the report comes back as JSON. */
export async function runWrk(p: WrkParams, client: Host = LOCAL): Promise<{ rep: HttpRepetition } | { error: string }> {
  try {
    const r = await client.runTimed(wrkArgv(p, client.pathOf(REPORT_LUA)), {
      env: { DIEZMIL_WRK_OUT: '{scratch}/report.json' },
      cpus: p.cpus,
      timeoutMs: (p.durationSeconds + p.timeoutSeconds + 30) * 1000,
      readBack: ['report.json'],
    });
    if (client.problem) return { error: `${client.problem.message} (fix: ${client.problem.fix})` };
    if (r.spawnError) return { error: `wrk: ${r.spawnError}` };
    if (r.timedOut) return { error: 'wrk did not finish in time and was killed' };
    if (r.code !== 0) return { error: `wrk exited with code ${r.code}: ${lastLines(r.stderr + r.stdout, 5)}` };
    const text = r.files['report.json'];
    if (!text) return { error: `wrk wrote no report (scripts/bench/wrk/report.lua): ${lastLines(r.stderr + r.stdout, 5)}` };
    const report = parseWrkReport(text);
    const cpu = r.rep.user_seconds !== null && r.rep.sys_seconds !== null && r.wallSeconds > 0
      ? (r.rep.user_seconds + r.rep.sys_seconds) / r.wallSeconds
      : null;
    return { rep: toRepetition(report, cpu) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const LOCAL = new LocalHost({ cpus: null, root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..') });
