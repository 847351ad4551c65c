/** What the run was measured on: machine, toolchains, git state. */
import { stripVTControlCharacters } from 'node:util';
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

/** What a machine card is read from: files and command outputs, here or on another host. */
export interface MachineTexts {
  hostname: string;
  cpuinfo: string;
  lscpu: string;
  nproc: string;
  meminfo: string;
  osRelease: string;
  kernel: string;
  governor: string | null;
  /** systemd-detect-virt's output, null when it could not run. */
  virt: string | null;
}

export function machineFromTexts(t: MachineTexts): Machine {
  const { cpuinfo, lscpu } = t;
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? lscpuField(lscpu, 'Model name') ?? 'unknown';
  const nproc = Number.parseInt(t.nproc.trim(), 10);
  const logical = Number.parseInt(lscpuField(lscpu, 'CPU\\(s\\)') ?? '', 10);
  const threads = Number.isFinite(logical) && logical > 0 ? logical : Number.isFinite(nproc) && nproc > 0 ? nproc : 1;
  const perSocket = Number.parseInt(lscpuField(lscpu, 'Core\\(s\\) per socket') ?? '', 10);
  const sockets = Number.parseInt(lscpuField(lscpu, 'Socket\\(s\\)') ?? '', 10);
  const cores = Number.isFinite(perSocket) && Number.isFinite(sockets) && perSocket * sockets > 0 ? perSocket * sockets : threads;
  const mhzText = /^cpu MHz\s*:\s*([\d.]+)$/m.exec(cpuinfo)?.[1] ?? lscpuField(lscpu, 'CPU max MHz');
  const mhz = mhzText ? Number.parseFloat(mhzText) : NaN;
  const memKb = Number.parseInt(/^MemTotal:\s*(\d+)\s*kB$/m.exec(t.meminfo)?.[1] ?? '', 10);
  const prettyName = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(t.osRelease)?.[1] ?? 'unknown';
  // systemd-detect-virt prints "none" (and exits 1) on bare metal.
  const virtualization = t.virt !== null ? t.virt.trim().split('\n')[0] || null : null;
  return {
    hostname: t.hostname.trim(),
    cpu_model: model,
    cpu_cores: Math.max(1, cores),
    cpu_threads: Math.max(1, threads),
    cpu_mhz: Number.isFinite(mhz) && mhz > 0 ? mhz : null,
    memory_bytes: Number.isFinite(memKb) ? memKb * 1024 : 0,
    os: prettyName,
    kernel: t.kernel.trim(),
    cpu_governor: t.governor?.trim() || null,
    virtualization,
  };
}

export function machineInfo(): Machine {
  const m = machineFromTexts({
    hostname: os.hostname(),
    cpuinfo: readText('/proc/cpuinfo') ?? '',
    lscpu: commandOutput(['lscpu'])?.output ?? '',
    nproc: commandOutput(['nproc'])?.output ?? String(os.cpus().length || 1),
    meminfo: readText('/proc/meminfo') ?? '',
    osRelease: readText('/etc/os-release') ?? '',
    kernel: os.release(),
    governor: readText('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor'),
    virt: commandOutput(['systemd-detect-virt'])?.output ?? null,
  });
  return {
    ...m,
    cpu_model: m.cpu_model === 'unknown' ? (os.cpus()[0]?.model ?? 'unknown') : m.cpu_model,
    memory_bytes: m.memory_bytes || os.totalmem(),
    os: m.os === 'unknown' ? `${os.type()} ${os.release()}` : m.os,
  };
}

/** One shell command that prints every MachineTexts field between markers (for another host). */
export const MACHINE_TEXTS_COMMAND = [
  ['hostname', 'hostname'],
  ['cpuinfo', 'cat /proc/cpuinfo'],
  ['lscpu', 'lscpu'],
  ['nproc', 'nproc'],
  ['meminfo', 'cat /proc/meminfo'],
  ['osRelease', 'cat /etc/os-release'],
  ['kernel', 'uname -r'],
  ['governor', 'cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor'],
  ['virt', 'systemd-detect-virt'],
]
  .map(([k, cmd]) => `echo '--diezmil-${k}--'; ${cmd} 2>/dev/null`)
  .join('; ');

export function parseMachineTexts(out: string): MachineTexts {
  const get = (k: string): string | null => {
    const m = new RegExp(`--diezmil-${k}--\\n([\\s\\S]*?)(?=--diezmil-|$)`).exec(out);
    return m ? m[1]! : null;
  };
  return {
    hostname: get('hostname') ?? 'unknown',
    cpuinfo: get('cpuinfo') ?? '',
    lscpu: get('lscpu') ?? '',
    nproc: get('nproc') ?? '',
    meminfo: get('meminfo') ?? '',
    osRelease: get('osRelease') ?? '',
    kernel: get('kernel') ?? '',
    governor: get('governor') || null,
    virt: get('virt') || null,
  };
}

/** First non-empty line a version command prints, or null if it cannot run. */
export function versionOf(argv: readonly string[], cwd?: string, env?: Record<string, string>): string | null {
  const r = commandOutput(argv, cwd, env);
  if (!r) return null;
  // Without colour codes (e.g. mvn's).
  const line = stripVTControlCharacters(r.output)
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
