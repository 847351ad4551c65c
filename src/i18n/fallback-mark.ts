/**
 * Text shown in another language than the page's (a UI key or claim text not
 * translated yet, shown in the default language) is wrapped in invisible
 * marks by the translators. src/middleware.ts turns the marks into
 * <span lang="…"> in page text, so screen readers and browsers know the
 * language, and drops them where markup cannot go (attributes, <title>,
 * scripts, SVG, feeds). Strings can then stay plain strings everywhere.
 */
const START = '\uE000';
const SEP = '\uE001';
const END = '\uE002';
const MARKED = /\uE000([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\uE001([^\uE000-\uE002]*)\uE002/g;
const ANY_MARK = /[\uE000-\uE002]/;

/** Wraps text that is in `lang`, not in the page's language. */
export function markLang(lang: string, text: string): string {
  return `${START}${lang}${SEP}${text}${END}`;
}

/** Replaces marked spans innermost first (a marked message may hold a marked value). */
function unwrap(s: string, replacement: string): string {
  let prev;
  do {
    prev = s;
    s = s.replace(MARKED, replacement);
  } while (s !== prev);
  return s.replace(/[\uE000-\uE002]/g, '');
}

/** The text without marks (for terminal output, attributes, feeds). */
export function stripMarks(s: string): string {
  return ANY_MARK.test(s) ? unwrap(s, '$2') : s;
}

/** True when s holds marked text. */
export function hasMarks(s: string): boolean {
  return ANY_MARK.test(s);
}

// Marks are dropped in a tag (attribute values), a comment, or an element whose content cannot hold a <span>.
// A tag (quoted attribute values may hold ">"), a comment, or a raw element with its content.
const TOKEN = /<!--[\s\S]*?-->|<(script|style|title|textarea|option|svg|math)\b[^>]*>[\s\S]*?<\/\1\s*>|<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/gi;

/** Marks → <span lang> in text, removed inside tags and raw elements. */
export function renderMarks(html: string): string {
  if (!ANY_MARK.test(html)) return html;
  let out = '';
  let last = 0;
  for (const m of html.matchAll(TOKEN)) {
    out += textMarks(html.slice(last, m.index));
    out += stripMarks(m[0]);
    last = m.index + m[0].length;
  }
  return out + textMarks(html.slice(last));
}

function textMarks(text: string): string {
  return ANY_MARK.test(text) ? unwrap(text, '<span lang="$1" data-i18n-fallback>$2</span>') : text;
}
