/**
 * Integrity checks over a built site (default dist/), run by `npm test` after
 * the build exists and by `npm run check:dist [-- <dir>]`:
 *  - links: every internal href/src resolves to a file, every #anchor to an id
 *    on its target page; <a> links stay in the page's language unless they
 *    carry hreflang (the language switcher) or start at the root page;
 *  - security: external <a> links have rel="noopener"; no inline <script>,
 *    <style>, style="" or on*="" handlers (the Content-Security-Policy allows none);
 *  - HTML validation of every page with html-validate (offline);
 *  - the sitemap lists every page, and only pages that exist;
 *  - search: each language's search page has its Pagefind index in /pagefind/
 *    (asset output of the build, not pages: never link-checked or listed).
 * A site built under a base path (DIEZMIL_BASE=/diezmil/) is checked with the
 * same DIEZMIL_BASE: its links must all stay under the base.
 * Prints every problem with its file and exits 1 when there is any.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { indexedPages } from '../../src/integrations/search-index.ts';
import { normalizeBase, withinBase } from '../../src/lib/base-path.ts';

const dist = process.argv[2] ?? 'dist';
const LANGS = (JSON.parse(readFileSync('src/i18n/locales.json', 'utf8')) as { locales: { code: string }[] }).locales.map((l) => l.code);
const SITE = new URL(process.env.DIEZMIL_SITE_URL ?? siteFromConfig());
const BASE = normalizeBase(process.env.DIEZMIL_BASE);
/** A URL path of the site as a path in dist/ ("/diezmil/en/" → "/en/"), or null when it is outside the base. */
const inDist = (path: string): string | null => {
  const inside = withinBase(path, BASE);
  return inside === null ? null : `/${inside}`;
};

function siteFromConfig(): string {
  const m = /DIEZMIL_SITE_URL \?\? '([^']+)'/.exec(readFileSync('astro.config.mjs', 'utf8'));
  return m?.[1] ?? 'https://diezmil.example.org';
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** URL path of a built file: dist/en/about/index.html → /en/about/. */
function urlOf(file: string): string {
  const rel = '/' + relative(dist, file).split(sep).join('/');
  return rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
}

const decode = (s: string) =>
  s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

interface Tag {
  name: string;
  attrs: Record<string, string>;
}
function tags(html: string, names: string[]): Tag[] {
  const re = new RegExp(`<(${names.join('|')})\\b([^>]*)>`, 'gi');
  const out: Tag[] = [];
  for (const m of html.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g))
      attrs[a[1]!.toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? '');
    out.push({ name: m[1]!.toLowerCase(), attrs });
  }
  return out;
}

const files = walk(dist);
/** Pagefind's output (src/integrations/search-index.ts): assets loaded by the search page's script. */
const PAGEFIND = join(dist, 'pagefind');
const htmlFiles = files.filter((f) => f.endsWith('.html') && !f.startsWith(PAGEFIND + sep));
const fileSet = new Set(files.map((f) => '/' + relative(dist, f).split(sep).join('/')));
const htmlByUrl = new Map(htmlFiles.map((f) => [urlOf(f), readFileSync(f, 'utf8')]));
const idsByUrl = new Map<string, Set<string>>();
for (const [url, html] of htmlByUrl) {
  const ids = new Set<string>();
  for (const m of html.matchAll(/\s(?:id|name)="([^"]*)"/g)) ids.add(decode(m[1]!));
  idsByUrl.set(url, ids);
}

const problems: string[] = [];
const problem = (url: string, msg: string) => problems.push(`${url}: ${msg}`);

/** Resolves a site path to a file in dist (directory URLs serve index.html). */
function exists(path: string): boolean {
  if (fileSet.has(path)) return true;
  return fileSet.has(path.endsWith('/') ? `${path}index.html` : `${path}/index.html`);
}

// 1. Links, anchors, language, external rel.
let checkedLinks = 0;
for (const [url, html] of htmlByUrl) {
  const pageLang = LANGS.find((l) => url.startsWith(`/${l}/`));
  for (const tag of tags(html, ['a', 'link', 'script', 'img', 'source', 'iframe', 'area', 'use'])) {
    const raw = tag.attrs.href ?? tag.attrs.src ?? tag.attrs['xlink:href'];
    if (raw === undefined) continue;
    if (/^(mailto|tel|data):/i.test(raw)) continue;
    let target: URL;
    try {
      target = new URL(raw, new URL(`${BASE.slice(0, -1)}${url}`, SITE));
    } catch {
      problem(url, `malformed URL ${JSON.stringify(raw)}`);
      continue;
    }
    const internal = target.origin === SITE.origin;
    if (!internal) {
      if (tag.name === 'a') {
        const rel = (tag.attrs.rel ?? '').split(/\s+/);
        if (!rel.includes('noopener')) problem(url, `external link without rel="noopener": ${raw}`);
      } else if (tag.name !== 'link') {
        problem(url, `<${tag.name}> loads a resource from another host: ${raw}`);
      }
      continue;
    }
    checkedLinks++;
    const path = inDist(decodeURIComponent(target.pathname));
    if (path === null) {
      problem(url, `<${tag.name}> ${raw} leaves the base path ${BASE} (write it with sitePath or localePath)`);
      continue;
    }
    if (!exists(path)) {
      problem(url, `broken link <${tag.name}> ${raw} (no ${path} in ${dist}/)`);
      continue;
    }
    if (target.hash && target.hash !== '#') {
      const key = path.endsWith('/') || !path.includes('.') ? (path.endsWith('/') ? path : `${path}/`) : path;
      const ids = idsByUrl.get(key);
      const id = decodeURIComponent(target.hash.slice(1));
      if (ids && !ids.has(id)) problem(url, `broken anchor ${raw} (no id="${id}" on ${key})`);
    }
    if (tag.name === 'a' && pageLang) {
      const targetLang = LANGS.find((l) => path.startsWith(`/${l}/`));
      if (targetLang && targetLang !== pageLang && !tag.attrs.hreflang)
        problem(url, `link to another language without hreflang (only the language switcher may): ${raw}`);
    }
  }

  // 2. Nothing the Content-Security-Policy would block.
  for (const tag of tags(html, ['script'])) if (!tag.attrs.src) problem(url, 'inline <script> (the CSP allows only script files)');
  if (/<style[\s>]/i.test(html)) problem(url, 'inline <style> element (the CSP allows only stylesheet files)');
  const styled = html.match(/<[a-z][\w-]*\s[^>]*\sstyle\s*=\s*"[^"]*"/gi);
  if (styled) problem(url, `${styled.length} style="" attribute(s) (the CSP blocks them), first: ${styled[0]!.slice(0, 120)}`);
  const handlers = html.match(/<[a-z][\w-]*\s[^>]*\son[a-z]+\s*=/gi);
  if (handlers) problem(url, `inline event handler(s), first: ${handlers[0]!.slice(0, 120)}`);
}

if (process.env.CHECK_DIST_VERBOSE) console.log(`links and CSP checks done in ${Math.round(performance.now())} ms`);
// 3. HTML validation.
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Astro output is minified-ish and machine-written: style rules do not apply.
    'void-style': 'off',
    'doctype-style': 'off',
    'no-trailing-whitespace': 'off',
    'attribute-boolean-style': 'off',
    'attribute-empty-style': 'off',
    'no-inline-style': 'error',
    // A bare ">" in text is valid HTML5, and highlighted code is full of "->" and "=>".
    'no-raw-characters': 'off',
    // "/" waits a second so its language script can pick the reader's language first.
    'meta-refresh': 'off',
    // Vega's inline SVG uses long generated attribute values and presentation attributes.
    'long-title': 'off',
    'prefer-native-element': 'off',
    // <data> and <abbr title> are used on purpose for numbers.
    'no-redundant-role': 'off',
    // Headings inside chart figures and cards are fine.
    'heading-level': ['error', { allowMultipleH1: false, sectioningRoots: ['dialog', '[role="dialog"]', 'figure'] }],
  },
});
let validated = 0;
/** html-validate slows down badly on very large pages; those are flagged by the size budget (npm run bench:site) instead. */
const VALIDATE_MAX_BYTES = 400_000;
for (const [url, html] of htmlByUrl) {
  if (html.length > VALIDATE_MAX_BYTES) {
    console.warn(`check-dist: ⚠ ${url} not validated (${Math.round(html.length / 1000)} kB > ${VALIDATE_MAX_BYTES / 1000} kB)`);
    continue;
  }
  const t0 = Date.now();
  const report = await validator.validateString(html, `${dist}${url}`);
  if (process.env.CHECK_DIST_VERBOSE) console.log(`validated ${url} in ${Date.now() - t0} ms`);
  validated++;
  for (const r of report.results)
    for (const m of r.messages) problem(url, `html-validate ${m.ruleId}: ${m.message} (line ${m.line}:${m.column})`);
}

// 4. Sitemap: every page (except the root redirect page and 404) listed, nothing extra.
const sitemapFiles = files.filter((f) => /sitemap-\d+\.xml$/.test(f));
if (!sitemapFiles.length) problems.push(`${dist}: no sitemap-N.xml`);
if (!existsSync(join(dist, 'sitemap-index.xml'))) problems.push(`${dist}: no sitemap-index.xml`);
const listed = new Set<string>();
for (const f of sitemapFiles)
  for (const m of readFileSync(f, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)) listed.add(inDist(new URL(decode(m[1]!)).pathname) ?? new URL(decode(m[1]!)).pathname);
for (const url of htmlByUrl.keys()) {
  if (url === '/' || url.startsWith('/404')) continue;
  if (!listed.has(url)) problem(url, 'page missing from the sitemap');
}
for (const url of listed) if (!htmlByUrl.has(url)) problems.push(`sitemap: lists ${url}, which is not a page in ${dist}/`);

// 5. Search: a search page needs its language's index.
const searchLangs = LANGS.filter((l) => htmlByUrl.has(`/${l}/search/`));
let indexed = '';
if (searchLangs.length) {
  // Pagefind keys its indexes by <html lang> in lower case ("pt-br").
  const found = indexedPages(dist);
  const pages = found && Object.fromEntries(Object.entries(found).map(([l, n]) => [l.toLowerCase(), n]));
  if (!pages) {
    problems.push(`${dist}/pagefind/: missing (the search pages need the Pagefind index; it is written by the build)`);
  } else {
    for (const l of searchLangs)
      if (!pages[l.toLowerCase()]) problem(`/${l}/search/`, `no Pagefind index for "${l}" in ${dist}/pagefind/ (no page of that language has data-pagefind-body)`);
    indexed = `, search index ${searchLangs.map((l) => `${l} ${pages[l.toLowerCase()] ?? 0}`).join(' / ')} pages`;
  }
}

if (problems.length) {
  console.error(problems.map((p) => `✖ ${p}`).join('\n'));
  console.error(`\ncheck-dist: ${problems.length} problem(s) in ${dist}/ (${htmlByUrl.size} pages).`);
  process.exit(1);
}
console.log(
  `check-dist: ${htmlByUrl.size} pages, ${checkedLinks} internal links and anchors, ${validated} pages valid HTML, sitemap complete (${listed.size} URLs)${indexed}. OK`,
);
