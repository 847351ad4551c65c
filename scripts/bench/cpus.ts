/**
 * How CPUs are split between the measured program and the load generator on
 * one machine: the load generator gets a quarter of the CPUs (at least one,
 * the last ones), the server the rest; on one CPU nothing is pinned (recorded
 * as null). --server-cpus and --client-cpus override the split.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Parses a list like "0-3,6,8-9" into CPU numbers. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    if (part === '') continue;
    const [a, b] = part.split('-').map((x) => Number.parseInt(x, 10));
    if (a === undefined || Number.isNaN(a)) continue;
    const end = b === undefined || Number.isNaN(b) ? a : b;
    for (let c = a; c <= end && c - a < 4096; c++) cpus.push(c);
  }
  return [...new Set(cpus)].sort((x, y) => x - y);
}

/** Formats CPU numbers as a compact taskset list: [0,1,2,5] → "0-2,5". */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** CPUs this process may run on (its affinity), falling back to all online CPUs. */
export function availableCpus(): number[] {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const m = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
    if (m) {
      const cpus = parseCpuList(m[1]!);
      if (cpus.length > 0) return cpus;
    }
  } catch {
    /* not Linux */
  }
  return Array.from({ length: os.availableParallelism() }, (_, i) => i);
}

export interface CpuSplit {
  /** taskset list for servers/programs, null when unpinned */
  server: string | null;
  /** taskset list for the load generator, null when unpinned */
  client: string | null;
  /** number of CPUs the server may use ("cores" workers) */
  serverCount: number;
  all: number[];
}

export function splitCpus(cpus: readonly number[], pinningPossible: boolean, override: { server?: string | null; client?: string | null } = {}): CpuSplit {
  if (cpus.length < 2 || !pinningPossible) {
    return { server: null, client: null, serverCount: Math.max(1, cpus.length), all: [...cpus] };
  }
  const clientCount = Math.max(1, Math.floor(cpus.length / 4));
  const server = override.server ? parseCpuList(override.server) : cpus.slice(0, cpus.length - clientCount);
  const client = override.client ? parseCpuList(override.client) : cpus.slice(cpus.length - clientCount);
  return { server: formatCpuList(server), client: formatCpuList(client), serverCount: Math.max(1, server.length), all: [...cpus] };
}

/** How many CPUs a taskset list names (1 for none: unpinned counts as one thread's worth). */
export function cpuCount(list: string | null): number {
  return list === null ? 1 : Math.max(1, parseCpuList(list).length);
}

/** Prefixes argv with `taskset -c <cpus>` when a CPU list is given. */
export function pinned(argv: readonly string[], cpus: string | null): string[] {
  return cpus === null ? [...argv] : ['taskset', '-c', cpus, ...argv];
}
