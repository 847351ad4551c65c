/**
 * Where the site lives on its host: "/" by default, or a sub-path such as
 * "/diezmil/" for a GitHub Pages project site (`DIEZMIL_BASE=/diezmil/ npm run
 * build`; astro.config.mjs gives it to Astro's `base`). Every link, asset,
 * script and feed the site writes goes through sitePath(), so one setting moves
 * the whole site. No imports: astro.config.mjs and plain Node tests read it too.
 */

/** "/diezmil", "diezmil/", "/diezmil/" → "/diezmil/"; empty or undefined → "/". */
export function normalizeBase(raw: string | undefined | null): string {
  const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '/';
  if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(trimmed)) {
    throw new Error(`DIEZMIL_BASE=${JSON.stringify(raw)} is not a path: use letters, digits, "-", "_", "." and "/", e.g. DIEZMIL_BASE=/diezmil/.`);
  }
  return `/${trimmed}/`;
}

/** The base of this build: Astro's BASE_URL inside the build, else DIEZMIL_BASE (the same setting, astro.config.mjs). */
export function siteBase(): string {
  const fromAstro = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL;
  return normalizeBase(fromAstro ?? process.env.DIEZMIL_BASE);
}

/** A path of the site under its base: sitePath('favicon.svg') → '/diezmil/favicon.svg'. */
export function sitePath(path = '', base = siteBase()): string {
  return `${base}${path.replace(/^\/+/, '')}`;
}

/** The path inside the site of a URL path under the base ('/diezmil/en/' → 'en/'), or null when it lies outside the base. */
export function withinBase(pathname: string, base = siteBase()): string | null {
  if (pathname === base.slice(0, -1)) return '';
  return pathname.startsWith(base) ? pathname.slice(base.length) : null;
}
