/**
 * The clock a CPU actually runs at (scripts/bench/clock/clock.c), measured on
 * the CPUs the programs are pinned to when the run starts (runs with the
 * cpu or ops suite, whose cycles per operation need it). Under a hypervisor
 * /proc/cpuinfo gives the nominal clock, lower than the running one, and
 * cycles per iteration derived from it make a real one-cycle loop look
 * optimised away. Recorded as `machine.cpu_mhz_measured`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pinned } from './cpus.ts';
import { runCommand } from './processes.ts';

const CLOCK_SOURCE = path.join(import.meta.dirname, 'clock', 'clock.c');

/** The `{"mhz":…}` line of the clock program, or null. */
export function parseClock(stdout: string): number | null {
  try {
    const mhz = (JSON.parse(stdout.trim()) as { mhz?: unknown }).mhz;
    return typeof mhz === 'number' && Number.isFinite(mhz) && mhz > 0 ? mhz : null;
  } catch {
    return null;
  }
}

/**
 * Repetitions of the add chain (about 9 ms each at 3.6 GHz) and the pause
 * between them: a full run spreads 40 over about two and a half seconds, so
 * the fastest catches a fast phase of the host; a quick run takes 5 at once.
 */
export const CLOCK_FULL = { repetitions: 40, gapMs: 50 } as const;
export const CLOCK_QUICK = { repetitions: 5, gapMs: 0 } as const;

/** Compiles and runs the clock program pinned to `cpus`; the measured MHz, or why there is none. */
export async function measureClockMhz(
  cpus: string | null,
  how: { repetitions: number; gapMs: number } = CLOCK_QUICK,
): Promise<{ mhz: number } | { error: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'diezmil-clock-'));
  try {
    const binary = path.join(dir, 'clock');
    const cc = await runCommand(['cc', '-O2', '-o', binary, CLOCK_SOURCE], { cwd: dir, timeoutMs: 60_000 });
    if (cc.code !== 0) return { error: `could not compile ${path.relative(process.cwd(), CLOCK_SOURCE)}: ${cc.stderr.trim().split('\n').pop() ?? `exit ${cc.code}`}` };
    const r = await runCommand(pinned([binary, String(how.repetitions), String(how.gapMs)], cpus), { cwd: dir, timeoutMs: 30_000 });
    const mhz = r.code === 0 ? parseClock(r.stdout) : null;
    return mhz === null ? { error: `the clock program failed: ${(r.stderr || r.stdout).trim().slice(0, 200) || `exit ${r.code}`}` } : { mhz };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
