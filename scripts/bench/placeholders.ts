/** Substitutes {port} {bind} {workers} {n} {iterations} {samples} {mode} {cores} {start} in manifest argv ({bind}: the address to listen on). */
export type Placeholders = Partial<Record<'port' | 'bind' | 'workers' | 'n' | 'iterations' | 'samples' | 'mode' | 'cores' | 'start', string | number>>;

export function substitute(argv: readonly string[], values: Placeholders): string[] {
  return argv.map((arg) =>
    arg.replace(/\{(port|bind|workers|n|iterations|samples|mode|cores|start)\}/g, (whole, key: keyof Placeholders) => {
      const v = values[key];
      return v === undefined ? whole : String(v);
    }),
  );
}

/** Quotes an argv for display (and copy-paste into a shell). */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** How a runtime names its programs in a member's commands (scripts/bench/runtimes/member.ts). */
export interface RuntimeWords {
  /** The path that replaces a command's program word (`/usr/bin/python3`, `go`, `javac`), or null when the word is another program. */
  program(word: string): string | null;
  /** {python} {go} {node} {java} {javac} → a path. */
  placeholders: Record<string, string>;
}

/** Manifest keys that hold no commands. */
const NOT_COMMANDS = new Set(['id', 'suite', 'language', 'runtime', 'sources', 'requires', 'variants', 'runtimes', 'variant_of']);

/**
 * A manifest with a runtime put into every command: the program word (first
 * word) of each argv, and the runtime placeholders anywhere, also in env
 * values. Walks every field, so commands a suite adds later are covered too.
 */
export function substituteRuntime<T>(manifest: T, words: RuntimeWords): T {
  const names = Object.keys(words.placeholders);
  const re = names.length > 0 ? new RegExp(`\\{(${names.join('|')})\\}`, 'g') : null;
  const fill = (s: string) => (re ? s.replace(re, (_w, k: string) => words.placeholders[k]!) : s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fill(v);
    if (Array.isArray(v)) {
      if (v.length > 0 && v.every((x) => typeof x === 'string')) {
        const [first, ...rest] = v as string[];
        return [words.program(first!) ?? fill(first!), ...rest.map(fill)];
      }
      return v.map(walk);
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, NOT_COMMANDS.has(k) ? x : walk(x)]));
    return v;
  };
  return walk(manifest) as T;
}

/** Whether any command of a manifest uses a runtime placeholder. */
export function usesRuntimePlaceholder(manifest: unknown, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  const re = new RegExp(`\\{(${names.join('|')})\\}`);
  const walk = (v: unknown, key: string | null): boolean =>
    key !== null && NOT_COMMANDS.has(key)
      ? false
      : typeof v === 'string'
        ? re.test(v)
        : Array.isArray(v)
          ? v.some((x) => walk(x, null))
          : v && typeof v === 'object'
            ? Object.entries(v).some(([k, x]) => walk(x, k))
            : false;
  return walk(manifest, null);
}
