/**
 * Waits until a server's process tree stops using CPU after a load ends
 * (garbage collection, workers finishing queued requests), so that a reading
 * taken next on the same CPUs (the host probe) does not compete with it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { procStat, processTree } from './memory.ts';

/** utime + stime of the whole tree, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
function treeCpuTicks(rootPid: number): number {
  let ticks = 0;
  for (const pid of processTree(rootPid)) {
    const fields = procStat(pid);
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

/**
 * Polls every `intervalMs` until the tree used at most `maxTicks` ticks in one
 * interval (with the usual 100 Hz ticks: 200 ms and 2 ticks, i.e. ≤ 10 % of a
 * CPU), or `timeoutMs` passed. Returns whether it went idle.
 */
export async function waitIdle(rootPid: number, o: { intervalMs?: number; maxTicks?: number; timeoutMs?: number } = {}): Promise<boolean> {
  const intervalMs = o.intervalMs ?? 200;
  const maxTicks = o.maxTicks ?? 2;
  const deadline = Date.now() + (o.timeoutMs ?? 5000);
  let last = treeCpuTicks(rootPid);
  while (Date.now() < deadline) {
    await sleep(intervalMs);
    const now = treeCpuTicks(rootPid);
    if (now - last <= maxTicks) return true;
    last = now;
  }
  return false;
}
