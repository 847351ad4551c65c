/** Runs wrk once, pinned to the client CPU, with report.lua writing its numbers as JSON. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRepetition } from '../../src/schemas/run.ts';
import { lastLines } from './processes.ts';
import { runTimed } from './timed.ts';
import { parseWrkReport, toRepetition } from './wrk-report.ts';

export const REPORT_LUA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wrk', 'report.lua');

export interface WrkParams {
  port: number;
  path: string;
  connections: number;
  threads: number;
  durationSeconds: number;
  timeoutSeconds: number;
  cpus: string | null;
}

export function wrkArgv(p: WrkParams): string[] {
  return [
    'wrk',
    `-t${p.threads}`,
    `-c${p.connections}`,
    `-d${Math.max(1, Math.round(p.durationSeconds))}s`,
    `--timeout`,
    `${Math.max(1, Math.round(p.timeoutSeconds))}s`,
    '-s',
    REPORT_LUA,
    `http://127.0.0.1:${p.port}${p.path}`,
  ];
}

export async function runWrk(p: WrkParams): Promise<{ rep: HttpRepetition } | { error: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'diezmil-wrk-'));
  const out = path.join(dir, 'report.json');
  try {
    const r = await runTimed(wrkArgv(p), {
      cwd: dir,
      env: { DIEZMIL_WRK_OUT: out },
      cpus: p.cpus,
      timeoutMs: (p.durationSeconds + p.timeoutSeconds + 30) * 1000,
    });
    if (r.spawnError) return { error: `wrk: ${r.spawnError}` };
    if (r.timedOut) return { error: 'wrk did not finish in time and was killed' };
    if (r.code !== 0) return { error: `wrk exited with code ${r.code}: ${lastLines(r.stderr + r.stdout, 5)}` };
    let text: string;
    try {
      text = readFileSync(out, 'utf8');
    } catch {
      return { error: `wrk wrote no report (scripts/bench/wrk/report.lua): ${lastLines(r.stderr + r.stdout, 5)}` };
    }
    const report = parseWrkReport(text);
    const cpu = r.rep.user_seconds !== null && r.rep.sys_seconds !== null && r.wallSeconds > 0
      ? (r.rep.user_seconds + r.rep.sys_seconds) / r.wallSeconds
      : null;
    return { rep: toRepetition(report, cpu) };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
