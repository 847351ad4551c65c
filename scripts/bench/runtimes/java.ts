/**
 * Java: a JDK under /usr/lib/jvm (Debian's openjdk-N, Temurin's packages)
 * or the java on PATH. Commands get JAVA_HOME and the JDK's bin first on PATH;
 * `java`, `javac` and `jar` in a manifest's commands become that JDK's.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { findOnPath, isFile, jvmDir, subfolders, systemDirs, tilde } from './locations.ts';
import { runProbe } from './run-probe.ts';
import type { Candidate, KindDef } from './types.ts';

const homeOf = (program: string) => {
  let real = program;
  try {
    real = realpathSync(program);
  } catch {
    /* as given */
  }
  return path.dirname(path.dirname(real));
};

/** A JDK's release file: JAVA_VERSION, IMPLEMENTOR. */
function release(home: string): Record<string, string> {
  const file = path.join(home, 'release');
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)="?(.*?)"?$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

const majorOf = (v: string) => (v.startsWith('1.') ? v.split('.')[1]! : v.split(/[.+-]/)[0]!);

export const java: KindDef = {
  kind: 'java',
  placeholders: ['java', 'javac'],
  isProgram: (b) => ['java', 'javac', 'jar', 'jshell'].includes(b),
  programPath: (program, b) => path.join(path.dirname(program), b),
  versionArgs: ['-version'],

  candidates(p) {
    const out: Candidate[] = [];
    const seen = new Set<string>();
    const add = (program: string, origin: Candidate['origin']) => {
      const home = homeOf(program);
      if (seen.has(home)) return;
      seen.add(home);
      out.push({ program: path.join(home, 'bin', 'java'), origin });
    };
    // JDKs before JREs: the manifests compile with javac.
    const homes = subfolders(jvmDir())
      .map((n) => path.join(jvmDir(), n))
      .filter((h) => isFile(path.join(h, 'bin', 'java')) && majorOf(release(h)['JAVA_VERSION'] ?? '') === p.version)
      .sort((a, b) => Number(isFile(path.join(b, 'bin', 'javac'))) - Number(isFile(path.join(a, 'bin', 'javac'))));
    for (const h of homes) add(path.join(h, 'bin', 'java'), 'jvm');
    const onPath = findOnPath('java', systemDirs());
    if (onPath) add(onPath, 'system');
    return out;
  },

  fromUserPath(_p, given) {
    if (isFile(given)) return given;
    return path.join(given, 'bin', 'java');
  },

  probe(program, origin) {
    const r = runProbe([program, '-version']);
    if (!r.ok) return { error: `${tilde(program)} ${r.why}` };
    const m = /version "([^"]+)"/.exec(r.stderr + r.stdout);
    if (!m) return { error: `${tilde(program)} did not answer like Java` };
    const home = homeOf(program);
    const rel = release(home);
    const vm = /^(.*(?:VM|Server).*)$/m.exec(r.stderr)?.[1]?.trim();
    const who = rel['IMPLEMENTOR'] ? `${rel['IMPLEMENTOR']} ` : '';
    const javac = isFile(path.join(home, 'bin', 'javac')) ? 'JDK' : 'JRE';
    void origin;
    return { version: m[1]!, freeThreaded: false, flags: [], detail: `${who}${javac} ${m[1]} in ${tilde(home)}${vm ? ` (${vm})` : ''}` };
  },

  env(program) {
    const home = homeOf(program);
    return { JAVA_HOME: home, PATH: `${path.join(home, 'bin')}:${process.env['PATH'] ?? ''}` };
  },

  fix(p) {
    return `install a JDK ${p.version} under /usr/lib/jvm (apt-get install -y openjdk-${p.version}-jdk-headless where Debian has it, or Temurin's package), or --runtime ${p.spec}=/path/to/jdk-${p.version}`;
  },

  places(p) {
    return `${jvmDir()}/* with JAVA_VERSION ${p.version}, java on PATH`;
  },
};
