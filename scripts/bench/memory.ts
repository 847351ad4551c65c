/**
 * Memory of a server's whole process tree, sampled under load. RSS counts
 * shared pages once per process (forked workers double-count), so PSS from
 * /proc/PID/smaps_rollup is recorded beside it.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/PID/stat after the command name (so [1] is the parent pid, [11]/[12] utime/stime); null if it exited. */
export function procStat(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The pid and all its descendants (from /proc/<pid>/stat parent ids). */
export function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [rootPid];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const fields = procStat(e);
    if (!fields) continue; // exited meanwhile
    const ppid = Number(fields[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(e));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const stack = [rootPid];
  while (stack.length > 0 && out.length < 10000) {
    const p = stack.pop()!;
    out.push(p);
    for (const c of children.get(p) ?? []) stack.push(c);
  }
  return out;
}

interface MemorySample {
  rssBytes: number;
  pssBytes: number | null;
  processes: number;
}

function kb(text: string, field: string): number | null {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

function sampleTree(rootPid: number): MemorySample | null {
  let rss = 0;
  let pss: number | null = 0;
  let processes = 0;
  for (const pid of processTree(rootPid)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const r = kb(rollup, 'Rss');
      if (r === null) continue;
      rss += r;
      const p = kb(rollup, 'Pss');
      pss = pss === null || p === null ? null : pss + p;
      processes++;
    } catch {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const r = kb(status, 'VmRSS');
        if (r === null) continue;
        rss += r;
        pss = null;
        processes++;
      } catch {
        /* exited meanwhile */
      }
    }
  }
  return processes > 0 ? { rssBytes: rss, pssBytes: pss, processes } : null;
}

/** Samples every `intervalMs` until stopped; returns the peaks. */
export function startSampler(rootPid: number, intervalMs = 200): { stop(): { peak_rss_bytes: number; peak_pss_bytes: number | null; processes: number } | null } {
  let peakRss = 0;
  let peakPss: number | null = 0;
  let maxProcesses = 0;
  let samples = 0;
  const take = () => {
    const s = sampleTree(rootPid);
    if (!s) return;
    samples++;
    peakRss = Math.max(peakRss, s.rssBytes);
    peakPss = peakPss === null || s.pssBytes === null ? null : Math.max(peakPss, s.pssBytes);
    maxProcesses = Math.max(maxProcesses, s.processes);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples > 0 ? { peak_rss_bytes: peakRss, peak_pss_bytes: peakPss, processes: maxProcesses } : null;
    },
  };
}
