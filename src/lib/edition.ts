/**
 * What the edition card at the top of every essay says about the run behind
 * it, read from the run file: the machine (CPU, clock, cores, memory, system,
 * whether it is a virtual machine), the toolchains with their versions, and
 * when it was measured. Pure functions of the run; <EditionCard /> words them.
 */
import { clockIsMeasured } from './clock.ts';
import type { Run } from '../schemas/run.ts';

/** How each toolchain of a run file is named for readers, in the order the card lists them. */
const TOOLCHAINS: Array<{ key: string; name: string }> = [
  { key: 'python3', name: 'CPython' },
  { key: 'pypy3', name: 'PyPy' },
  { key: 'go', name: 'Go' },
  { key: 'rustc', name: 'Rust' },
  { key: 'java', name: 'Java (OpenJDK)' },
  { key: 'node', name: 'Node.js' },
  { key: 'gcc', name: 'gcc' },
  { key: 'g++', name: 'g++' },
  { key: 'php', name: 'PHP' },
  { key: 'postgresql', name: 'PostgreSQL' },
  { key: 'redis-server', name: 'Redis' },
  { key: 'wrk', name: 'wrk' },
];

/**
 * The version number in a toolchain's own version line: "go version go1.26.8
 * linux/amd64" → "1.26.8", "gcc (Debian 12.2.0-14) 12.2.0" → "12.2.0". PyPy
 * reports the Python it implements first and its own version in brackets:
 * "Python 3.9.16 (7.3.11+dfsg…" → "7.3.11 (Python 3.9.16)". Null when the
 * line holds no version.
 */
export function versionOf(key: string, line: string): string | null {
  if (key === 'pypy3') {
    const m = /Python (\d+\.\d+(?:\.\d+)?) \((\d+\.\d+(?:\.\d+)?)/.exec(line);
    if (m) return `${m[2]} (Python ${m[1]})`;
  }
  if (key === 'gcc' || key === 'g++') {
    const all = line.match(/\d+\.\d+\.\d+/g);
    if (all) return all.at(-1)!;
  }
  if (key === 'wrk') {
    const m = /(\d+\.\d+\.\d+)/.exec(line);
    return m ? m[1]! : null;
  }
  const m = /(?:^|[^\d.])v?(\d+\.\d+(?:\.\d+)?)/.exec(line);
  return m ? m[1]! : null;
}

export interface Toolchain {
  name: string;
  version: string;
}

/** The run's toolchains, named and with their version numbers; unknown ones keep their key. */
export function toolchainsOf(run: Pick<Run, 'toolchains'>): Toolchain[] {
  const known = TOOLCHAINS.filter((t) => run.toolchains[t.key]);
  const others = Object.keys(run.toolchains)
    .filter((k) => !TOOLCHAINS.some((t) => t.key === k))
    .sort()
    .map((key) => ({ key, name: key }));
  return [...known, ...others].flatMap(({ key, name }) => {
    const version = versionOf(key, run.toolchains[key]!.version);
    return version ? [{ name, version }] : [];
  });
}

export interface MachineFacts {
  cpu: string;
  /** Clock in whole MHz, as the machine reported it; null when it did not. */
  mhz: number | null;
  /** The running clock the run measured on its CPUs, whole MHz; null in older runs. */
  measuredMhz: number | null;
  cores: number;
  threads: number;
  memoryGib: number;
  os: string;
  /** What the run's machine card detected (docker, kvm…); null on bare metal. */
  virtualization: string | null;
}

export function machineFacts(run: Pick<Run, 'machine'>): MachineFacts {
  const m = run.machine;
  return {
    cpu: m.cpu_model,
    mhz: m.cpu_mhz === null ? null : Math.round(m.cpu_mhz),
    measuredMhz: clockIsMeasured(m) ? Math.round(m.cpu_mhz_measured!) : null,
    cores: m.cpu_cores,
    threads: m.cpu_threads,
    memoryGib: m.memory_bytes / 1024 ** 3,
    os: m.os,
    virtualization: m.virtualization,
  };
}
