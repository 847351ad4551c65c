/**
 * `npm run bench:setup -- --vintages` (scripts/setup.sh hands over to this):
 * installs or builds every runtime the manifests list besides today's
 * ("vintages": cpython@3.7, go@1.13, node@12, java@25…), then builds each
 * implementation under each one it found. What it already has it only checks,
 * so a second run takes seconds; what this machine cannot have gets one line
 * with its fix. Exits 1 only when an install or build it tried failed.
 *
 * - Go: a toolchain module through `go mod download` (runtimes/install-go.ts).
 * - Node.js: the npm package `node` of that major, in the cache (install-node.ts).
 * - CPython 3.13 and later (t = free-threaded): Debian's source package, built
 *   like Debian's own python3 with PGO and LTO (install-cpython.ts,
 *   build-cpython.sh); where the mirror has none, or for `+source`, upstream's
 *   source from the Go module proxy, built like pyenv's (install-cpython-source.ts,
 *   build-cpython-source.sh); older ones come from pyenv (the fix says `pyenv install`).
 * - Java: JDKs are looked for, not installed (the fix names the package).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { discover } from './bench/discovery.ts';
import { buildImplementation } from './bench/implementations.ts';
import { UserError } from './bench/errors.ts';
import { downloadGo, latestGoRelease, restoreExecBits } from './bench/runtimes/install-go.ts';
import { installNode } from './bench/runtimes/install-node.ts';
import { aptUpdate, buildCpython, buildPrefix, ensureDebSrc, fetchSource, installBuildDeps, isBuilt, missingBuildDeps, sourceVersions, upstreamVersion } from './bench/runtimes/install-cpython.ts';
import { buildCpythonFromSource, downloadCpythonSource, latestCpythonRelease, sourceBuildPrefix } from './bench/runtimes/install-cpython-source.ts';
import { OLDEST_DEBIAN_SOURCE } from './bench/runtimes/cpython.ts';
import { tilde } from './bench/runtimes/locations.ts';
import { forgetProbes, isResolved, readRuntimesFile, resolveRuntime } from './bench/runtimes/resolve.ts';
import { compareVersions, parseSpec, type ParsedSpec } from './bench/runtimes/spec.ts';
import type { Resolved } from './bench/runtimes/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** --bench-dir DIR: other implementations (the tests use a folder of their own). */
const benchArg = process.argv.indexOf('--bench-dir');
const BENCH = benchArg > 0 && process.argv[benchArg + 1] ? path.resolve(process.argv[benchArg + 1]!) : path.join(ROOT, 'bench');
/** --only go,node: only these kinds (cpython, go, node, java), e.g. to leave the long CPython builds for later. */
const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg > 0 && process.argv[onlyArg + 1] ? new Set(process.argv[onlyArg + 1]!.split(',')) : null;
const say = (s: string) => process.stdout.write(`${s}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Every vintage spec the manifests list, in a stable order. */
function vintageSpecs(): ParsedSpec[] {
  const { impls, problems } = discover(BENCH, ROOT, ['http', 'cpu', 'ops', 'threads', 'stack']);
  for (const p of problems) say(`warning: ${p.message}`);
  const specs = new Set<string>();
  for (const i of impls) {
    const runtimes = (i.manifest as { runtimes?: { vintages: string[] } | null }).runtimes;
    if (i.vintage?.default && runtimes) for (const s of runtimes.vintages) specs.add(s);
  }
  return [...specs]
    .map((s) => parseSpec(s))
    .filter((p): p is ParsedSpec => !('error' in p) && (ONLY === null || ONLY.has(p.kind)))
    .sort((a, b) => a.kind.localeCompare(b.kind) || compareVersions(a.version, b.version) || a.spec.localeCompare(b.spec));
}

function describe(r: Resolved): string {
  return `${r.probe.version} · ${r.origin}${r.probe.flags.length ? ` · ${r.probe.flags.join(' ')}` : ''} · ${tilde(r.program)}`;
}

async function main(): Promise<number> {
  const started = Date.now();
  const fileOverrides = readRuntimesFile();
  const resolve = (spec: string) => resolveRuntime(spec, { root: ROOT, fileOverrides });
  const specs = vintageSpecs();
  say(`vintages: ${specs.map((s) => s.spec).join(', ')}`);
  let failures = 0;
  /** Why a vintage could not be installed here, with the fix: said once, in the status line at the end. */
  const notHere = new Map<string, { reason: string; fix: string }>();

  // ------------------------------------------------------------ Go and Node: quick installs
  for (const p of specs.filter((s) => s.kind === 'go' || s.kind === 'node')) {
    const before = resolve(p.spec);
    if (isResolved(before)) continue;
    if (p.kind === 'go') {
      // A toolchain already downloaded may only lack its exec bits.
      const latest = latestGoRelease(p.version);
      if ('error' in latest) {
        failures++;
        say(`FAILED ${p.spec}: ${latest.error}`);
        continue;
      }
      say(`install ${p.spec}: go mod download golang.org/toolchain (go${latest.release})…`);
      const got = downloadGo(latest.release);
      if ('error' in got) {
        failures++;
        say(`FAILED ${p.spec}: ${got.error}`);
        continue;
      }
      const n = restoreExecBits(got.dir);
      if (n > 0) say(`        restored the exec bits of ${n} programs in ${tilde(got.dir)}`);
    } else {
      say(`install ${p.spec}: npm install node@${p.version}…`);
      const got = installNode(p.version);
      if ('error' in got) {
        failures++;
        say(`FAILED ${p.spec}: ${got.error}`);
      }
    }
    forgetProbes();
  }

  // ------------------------------------------------------------ CPython: Debian source builds
  // CPython 3.13 and later: Debian's source package with Debian's flags (PGO + LTO, like Debian's 3.11);
  // where the mirror has none (3.14 on bookworm's mirrors) or the spec says +source, upstream's source
  // from the Go module proxy, built like pyenv's 3.7 and 3.13 (no PGO or LTO).
  const cpythonToBuild = specs.filter(
    (p) => p.kind === 'cpython' && (p.origin === null || p.origin === 'built' || p.origin === 'source') && compareVersions(p.version, OLDEST_DEBIAN_SOURCE) >= 0,
  );
  const has = (p: ParsedSpec, origin: 'built' | 'source') => isResolved(resolveRuntime(`cpython@${p.version}${p.freeThreaded ? 't' : ''}+${origin}`, { root: ROOT }));
  const fromSource: ParsedSpec[] = cpythonToBuild.filter((p) => p.origin === 'source' && !has(p, 'source'));
  // A spec without an origin that already has its source build does not ask the mirror again (a second setup takes seconds).
  const missingBuilds = cpythonToBuild.filter((p) => p.origin !== 'source' && !has(p, 'built') && !(p.origin === null && has(p, 'source')));
  const minors = [...new Set(missingBuilds.map((p) => p.version))].sort(compareVersions);
  /** A Debian build this machine cannot make: a spec pinned to +built says why; one without an origin falls back to the source build. */
  const noDebianBuild = (p: ParsedSpec, reason: string, fix: string) => {
    if (p.origin === 'built') notHere.set(p.spec, { reason, fix });
    else fromSource.push(p);
  };
  if (missingBuilds.length > 0) {
    if (process.getuid?.() !== 0) {
      for (const p of missingBuilds) noDebianBuild(p, 'building CPython needs root for apt (a deb-src entry, the source package, build dependencies)', 'run npm run bench:setup -- --vintages as root');
    } else {
      if (ensureDebSrc() || minors.some((m) => sourceVersions(m).length === 0)) {
        say('apt-get update (source packages of trixie and forky)…');
        const err = aptUpdate();
        if (err) say(`warning: ${err}`);
      }
      const depsError = installBuildDeps();
      if (depsError) {
        failures++;
        say(`FAILED CPython build dependencies: ${depsError}`);
      } else {
        for (const minor of minors) {
          const wanted = missingBuilds.filter((p) => p.version === minor);
          if (wanted.length === 0) continue;
          const src = fetchSource(minor);
          if ('error' in src) {
            if (wanted.some((p) => p.origin === null)) say(`note: ${src.error}; CPython ${minor} is built from upstream's source instead (like pyenv's builds: no PGO or LTO)`);
            for (const p of wanted) {
              const t = p.freeThreaded ? 't' : '';
              noDebianBuild(p, src.error, `a Debian mirror that serves python${minor}, or pyenv install ${minor}${t}, or uv python install ${minor}${t}, or --runtime ${p.spec}=/path/to/python${minor}${t}`);
            }
            continue;
          }
          for (const p of wanted) {
            const prefix = buildPrefix(upstreamVersion(src.dsc), p.freeThreaded);
            if (isBuilt(prefix)) continue;
            say(`build  ${p.spec} from ${path.basename(src.dsc)} (nice -n 19, PGO + LTO; tens of minutes) → ${tilde(prefix)}`);
            const r = await buildCpython(src.dsc, p.freeThreaded, p.spec);
            if (r.error) {
              failures++;
              say(`FAILED ${p.spec}: ${r.error}`);
            } else say(`built  ${p.spec} in ${r.elapsed} (log: ${tilde(r.log)})`);
          }
        }
      }
    }
    forgetProbes();
  }

  // ------------------------------------------------------------ CPython: upstream's source (Go module proxy)
  const depsMissing = fromSource.length > 0 ? missingBuildDeps() : [];
  for (const minor of [...new Set(fromSource.map((p) => p.version))].sort(compareVersions)) {
    const wanted = fromSource.filter((p) => p.version === minor && !has(p, 'source'));
    if (wanted.length === 0) continue;
    const fixOf = (p: ParsedSpec) => `pyenv install ${minor}${p.freeThreaded ? 't' : ''}, or uv python install ${minor}${p.freeThreaded ? 't' : ''}, or --runtime ${p.spec}=/path/to/python${minor}${p.freeThreaded ? 't' : ''}`;
    if (depsMissing.length > 0) {
      for (const p of wanted) notHere.set(p.spec, { reason: `building CPython needs ${depsMissing.join(' ')}`, fix: `apt-get install -y ${depsMissing.join(' ')} (as root), or ${fixOf(p)}` });
      continue;
    }
    const latest = latestCpythonRelease(minor);
    const src = 'error' in latest ? latest : downloadCpythonSource(latest.release);
    if ('error' in src || 'error' in latest) {
      for (const p of wanted) notHere.set(p.spec, { reason: 'error' in src ? src.error : 'no release', fix: fixOf(p) });
      continue;
    }
    for (const p of wanted) {
      const prefix = sourceBuildPrefix(latest.release, p.freeThreaded);
      if (isBuilt(prefix)) continue;
      say(`build  ${p.spec} from CPython ${latest.release}'s source (Go module proxy; nice -n 19, configured like pyenv: no PGO or LTO; tens of minutes) → ${tilde(prefix)}`);
      const r = await buildCpythonFromSource(src.dir, latest.release, p.freeThreaded, p.spec);
      if (r.error) {
        failures++;
        say(`FAILED ${p.spec}: ${r.error}`);
      } else say(`built  ${p.spec} in ${r.elapsed} (log: ${tilde(r.log)})`);
    }
    forgetProbes();
  }

  // ------------------------------------------------------------ what this machine has now
  for (const p of specs) {
    const r = resolve(p.spec);
    const why = isResolved(r) ? null : (notHere.get(p.spec) ?? r);
    say(isResolved(r) ? `ready  ${p.spec.padEnd(20)} ${describe(r)}` : `missing ${p.spec}: ${why!.reason.replace(`${p.spec} `, '')}; fix: ${why!.fix}`);
  }

  // ------------------------------------------------------------ build each implementation under each vintage
  const { impls } = discover(BENCH, ROOT, ['cpu', 'ops', 'threads'], { vintages: true, runtimesFile: fileOverrides });
  const broken: string[] = [];
  for (const impl of impls) {
    if (!impl.vintage || impl.vintage.default || !impl.vintage.runtime || impl.manifest.build.length === 0) continue;
    if (ONLY !== null && !ONLY.has(impl.vintage.runtime.parsed.kind)) continue;
    const t = Date.now();
    const err = await buildImplementation(impl);
    if (err) {
      broken.push(`${impl.suite}/${impl.id}`);
      say(`FAILED ${impl.suite}/${impl.id}: ${err.split('\n').slice(0, 4).join('\n       ')}`);
    } else say(`ok     ${impl.suite}/${impl.id} built (${seconds(Date.now() - t)})`);
  }
  if (broken.length > 0) say(`${broken.length} implementation(s) do not build under an older runtime yet (their cells will fail with the reason above): ${broken.join(', ')}`);
  say(`vintages done in ${seconds(Date.now() - started)}${failures > 0 ? `; ${failures} install(s) failed` : ''}`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UserError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  },
);
