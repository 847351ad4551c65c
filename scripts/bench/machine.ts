/** What the run was measured on: machine, toolchains, git state. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Machine } from '../../src/schemas/run.ts';
import { commandOutput } from './processes.ts';

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function lscpuField(lscpu: string, name: string): string | null {
  const m = new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(lscpu);
  return m ? m[1]!.trim() : null;
}

export function machineInfo(): Machine {
  const cpuinfo = readText('/proc/cpuinfo') ?? '';
  const lscpu = commandOutput(['lscpu'])?.output ?? '';
  const model =
    /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ??
    lscpuField(lscpu, 'Model name') ??
    os.cpus()[0]?.model ??
    'unknown';
  const nproc = Number.parseInt(commandOutput(['nproc'])?.output.trim() ?? '', 10);
  const logical = Number.parseInt(lscpuField(lscpu, 'CPU\\(s\\)') ?? '', 10);
  const threads = Number.isFinite(logical) && logical > 0 ? logical : Number.isFinite(nproc) && nproc > 0 ? nproc : os.cpus().length || 1;
  const perSocket = Number.parseInt(lscpuField(lscpu, 'Core\\(s\\) per socket') ?? '', 10);
  const sockets = Number.parseInt(lscpuField(lscpu, 'Socket\\(s\\)') ?? '', 10);
  const cores = Number.isFinite(perSocket) && Number.isFinite(sockets) && perSocket * sockets > 0 ? perSocket * sockets : threads;
  const mhzText = /^cpu MHz\s*:\s*([\d.]+)$/m.exec(cpuinfo)?.[1] ?? lscpuField(lscpu, 'CPU max MHz');
  const mhz = mhzText ? Number.parseFloat(mhzText) : NaN;
  const memKb = Number.parseInt(/^MemTotal:\s*(\d+)\s*kB$/m.exec(readText('/proc/meminfo') ?? '')?.[1] ?? '', 10);
  const osRelease = readText('/etc/os-release') ?? '';
  const prettyName = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? `${os.type()} ${os.release()}`;
  const governor = readText('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor')?.trim() || null;
  const virtOut = commandOutput(['systemd-detect-virt']);
  // systemd-detect-virt prints "none" (and exits 1) on bare metal.
  const virtualization = virtOut ? virtOut.output.trim().split('\n')[0] || null : null;
  return {
    hostname: os.hostname(),
    cpu_model: model,
    cpu_cores: Math.max(1, cores),
    cpu_threads: Math.max(1, threads),
    cpu_mhz: Number.isFinite(mhz) && mhz > 0 ? mhz : null,
    memory_bytes: Number.isFinite(memKb) ? memKb * 1024 : os.totalmem(),
    os: prettyName,
    kernel: os.release(),
    cpu_governor: governor,
    virtualization,
  };
}

/** First non-empty line a version command prints, or null if it cannot run. */
export function versionOf(argv: readonly string[], cwd?: string, env?: Record<string, string>): string | null {
  const r = commandOutput(argv, cwd, env);
  if (!r) return null;
  const line = r.output
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') // colour codes (e.g. mvn)
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return line ?? null;
}

export function gitState(root: string): { commit: string | null; dirty: boolean | null } {
  const head = commandOutput(['git', 'rev-parse', 'HEAD'], root);
  if (!head || !head.ok) return { commit: null, dirty: null };
  const status = commandOutput(['git', 'status', '--porcelain', '--', '.', ':(exclude)data/runs'], root);
  return { commit: head.output.trim(), dirty: status && status.ok ? status.output.trim() !== '' : null };
}
