/** Per-implementation bookkeeping shared by the suites: run info, toolchain versions, builds. */
import type { Implementation } from '../../src/schemas/run.ts';
import type { Impl } from './discovery.ts';
import { versionOf } from './machine.ts';
import { runtimeBuildRecord } from './runtimes/member.ts';
import { commandOutput, lastLines, runCommand } from './processes.ts';
import { shellQuote } from './placeholders.ts';
import type { Session } from './session.ts';
import type { Host } from './hosts/host.ts';
import path from 'node:path';

/** Resolved number of workers for an http or stack manifest ("cores" = CPUs given to the server). */
export function workersOf(impl: Impl, serverCpus: number): number | null {
  if (impl.suite !== 'http' && impl.suite !== 'stack') return null;
  return impl.manifest.workers === 'cores' ? serverCpus : impl.manifest.workers;
}

function librariesOf(impl: Impl): Record<string, string> {
  const cmd = impl.manifest.libraries_command;
  if (!cmd) return {};
  const r = commandOutput(cmd, impl.dir, impl.manifest.env);
  if (!r || !r.ok) return {};
  try {
    const json = JSON.parse(r.output.trim().split('\n').filter((l) => l.trim().startsWith('{')).pop() ?? '{}') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, String(v)]));
  } catch {
    return {};
  }
}

/** Records the implementation (language, runtime, libraries, workers) and its toolchain version in the run. */
export function describeImplementation(session: Session, impl: Impl): void {
  const key = `${impl.suite}/${impl.id}`;
  if (session.run.implementations[key]) return;
  const info: Implementation = {
    suite: impl.suite,
    language: impl.manifest.language,
    runtime: impl.manifest.runtime,
    source_dir: impl.sourceDir,
    libraries: librariesOf(impl),
    workers: workersOf(impl, session.split.serverCount),
  };
  if (impl.suite === 'cpu' && impl.manifest.compiler) {
    const c = impl.manifest.compiler;
    info.compiler = { command: c.command, version: versionOf([c.command, '--version'], impl.dir, impl.manifest.env), flags: c.flags };
  }
  const runtimeBuild = impl.vintage ? runtimeBuildRecord(impl.vintage) : null;
  if (runtimeBuild) info.runtime_build = runtimeBuild;
  session.addImplementation(key, info);
  const version = versionOf(impl.manifest.version_command, impl.dir, impl.manifest.env);
  if (version) {
    const tool = path.basename(impl.manifest.version_command[0]!);
    session.addToolchain(tool, version, shellQuote(impl.manifest.version_command));
  }
}

/** After a build: libraries_command may only work now (e.g. a venv the build created). */
export function refreshLibraries(session: Session, impl: Impl): void {
  const info = session.run.implementations[`${impl.suite}/${impl.id}`];
  if (info && Object.keys(info.libraries).length === 0) info.libraries = librariesOf(impl);
}

/**
 * Runs the manifest's build commands in order, on the host that will run the
 * implementation (this machine by default); returns why it failed, or null.
 * Bounded to 30 min per command.
 */
export async function buildImplementation(impl: Impl, onStep?: (cmd: string) => void, host?: Host): Promise<string | null> {
  for (const argv of impl.manifest.build) {
    const cmd = shellQuote(argv);
    onStep?.(cmd);
    const opts = { cwd: host ? host.pathOf(impl.dir) : impl.dir, env: impl.manifest.env, timeoutMs: 30 * 60 * 1000, maxStdoutBytes: 256 * 1024 };
    const r = host ? await host.run(argv, opts) : await runCommand(argv, opts);
    if (r.spawnError || r.timedOut || r.code !== 0) {
      const why = r.spawnError ?? (r.timedOut ? 'timed out after 30 min' : r.signal ? `killed by ${r.signal}` : `exited with code ${r.code}`);
      const tail = lastLines(`${r.stdout}\n${r.stderr}`, 10);
      return `build failed: \`${cmd}\` in ${impl.sourceDir}${host && !host.local ? ` on ${host.describe()}` : ''}: ${why}${tail ? `\n${tail}` : ''}`;
    }
  }
  return null;
}
