/**
 * Where runtimes are looked for. Every place can be moved by an environment
 * variable, which is how the tests point the resolver at temporary folders.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = (name: string): string | undefined => {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
};

/** The user's cache folder for Diez Mil: $DIEZMIL_CACHE_DIR, else $XDG_CACHE_HOME/diezmil, else ~/.cache/diezmil. */
export function cacheDir(): string {
  return env('DIEZMIL_CACHE_DIR') ?? path.join(env('XDG_CACHE_HOME') ?? path.join(os.homedir(), '.cache'), 'diezmil');
}

/** Runtimes that `npm run bench:setup -- --vintages` built or installed: <cache>/runtimes/<name>. */
export function runtimesDir(): string {
  return path.join(cacheDir(), 'runtimes');
}

/** The runtimes file: $DIEZMIL_RUNTIMES_FILE, else $XDG_CONFIG_HOME/diezmil/runtimes.json, else ~/.config/diezmil/runtimes.json. */
export function runtimesFile(): string {
  return env('DIEZMIL_RUNTIMES_FILE') ?? path.join(env('XDG_CONFIG_HOME') ?? path.join(os.homedir(), '.config'), 'diezmil', 'runtimes.json');
}

export function pyenvRoot(): string {
  return env('PYENV_ROOT') ?? path.join(os.homedir(), '.pyenv');
}

/** Where `uv python install` puts interpreters: $UV_PYTHON_INSTALL_DIR, else $XDG_DATA_HOME/uv/python, else ~/.local/share/uv/python. */
export function uvPythonDir(): string {
  return env('UV_PYTHON_INSTALL_DIR') ?? path.join(env('XDG_DATA_HOME') ?? path.join(os.homedir(), '.local', 'share'), 'uv', 'python');
}

/** The Go module cache: $GOMODCACHE, else $GOPATH/pkg/mod, else ~/go/pkg/mod (Go's own defaults). */
export function goModCache(): string {
  return env('GOMODCACHE') ?? path.join((env('GOPATH') ?? path.join(os.homedir(), 'go')).split(':')[0]!, 'pkg', 'mod');
}

/** Where Debian (and Temurin's packages) put JDKs. */
export function jvmDir(): string {
  return env('DIEZMIL_JVM_DIR') ?? '/usr/lib/jvm';
}

/**
 * Folders searched for a runtime already on the machine ("system"): $DIEZMIL_SYSTEM_DIRS, else
 * PATH without version-manager shims (a pyenv shim is not a runtime), then /usr/local/go/bin.
 */
export function systemDirs(): string[] {
  const given = env('DIEZMIL_SYSTEM_DIRS');
  if (given) return given.split(':').filter(Boolean);
  const dirs = (env('PATH') ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter((d) => d && !/[/\\]shims$/.test(d));
  return [...new Set([...dirs, '/usr/local/go/bin'])];
}

/** The first executable called `name` in `dirs`, or null. */
export function findOnPath(name: string, dirs: readonly string[] = systemDirs()): string | null {
  for (const d of dirs) {
    const p = path.join(d, name);
    if (isFile(p)) return p;
  }
  return null;
}

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Sub-folder names of `dir` (none when it does not exist). */
export function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir).filter((n) => {
      try {
        return statSync(path.join(dir, n)).isDirectory();
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

/** ~ at the start of a path the user typed. */
export function expandHome(p: string): string {
  return p === '~' ? os.homedir() : p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p;
}

/** A path shown to the user: ~ for the home folder. */
export function tilde(p: string): string {
  const home = os.homedir();
  return p === home ? '~' : p.startsWith(`${home}/`) ? `~/${p.slice(home.length + 1)}` : p;
}
