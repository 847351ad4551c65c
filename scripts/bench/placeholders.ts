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
