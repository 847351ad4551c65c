/**
 * Essay lint: no figure typed by hand in prose. Parses each MDX essay with
 * remark + remark-mdx and reports digits in prose text (not in code, not in
 * the data components) with file and line. Also checks that every language
 * version of an essay cites the same claim and metric ids, and that every
 * claim badge sits within one sentence of its anchor (src/lib/claim-anchors.ts).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { remark } from 'remark';
import remarkMdx from 'remark-mdx';
import remarkFrontmatter from 'remark-frontmatter';
import { misplacedBadges } from '../../src/lib/claim-anchors.ts';

interface Node {
  type: string;
  value?: string;
  name?: string | null;
  attributes?: Array<{ type: string; name?: string; value?: unknown }>;
  children?: Node[];
  position?: { start: { line: number } };
}

/**
 * Digits allowed in prose: years, version numbers after a product name, and a
 * few names that contain digits. Anything else is a figure that must come
 * from a run (<Metric>, <Ratio>, <Claim>) or the 2019 data (<Then>).
 */
export const ALLOWED = [
  /\b(1[89]|20)\d{2}s?\b/g, // years: 1991, 2019, 2020s
  /\b(Python|Java|PHP|MySQL|PostgreSQL|Node(\.js)?|actix-web|Go|Rust|Django|Flask|Debian|Ubuntu|Windows|Apache|ECMAScript|ES|Cython|Werkzeug|uWSGI|Vue|Angular|Perl|Ruby|C\+\+|C#|JDK|OpenJDK|SQL Server|Redis|Ansible|Docker|Nginx|TypeScript|Edition)\s?v?\d+(\.\d+)*\b/gi,
  /\bHTTP\/\d(\.\d)?\b/g,
  /\bUTF-(8|16|32)\b/g,
  /\b[iuf](8|16|32|64|128)\b/g, // Rust numeric types
  /\b(x86[-_]64|amd64|arm64|Win32|2to3|k8s|i7-920|Python2|Python3|py3|mp3|h2|b2b)\b/gi,
];

export interface Problem {
  file: string;
  line: number | null;
  message: string;
}

const COMPONENTS = new Set(['Metric', 'Ratio', 'RatioNote', 'Claim', 'Then', 'Chart', 'ThenNowTable', 'Machine', 'HttpSetup', 'MemoryExtremes', 'BuildDefinition', 'VintageSplit']);

function parse(text: string): Node {
  return remark().use(remarkFrontmatter).use(remarkMdx).parse(text) as unknown as Node;
}

/** Digits typed by hand in prose. */
export function lintEssayText(file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  const walk = (node: Node) => {
    if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'yaml') return;
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name && COMPONENTS.has(node.name)) return;
    if (node.type === 'text' && node.value) {
      let rest = node.value;
      for (const re of ALLOWED) rest = rest.replace(re, ' ');
      const figures = rest.match(/\d[\d.,]*/g);
      if (figures) {
        problems.push({
          file,
          line: node.position?.start.line ?? null,
          message: `figure typed by hand: ${figures.map((f) => `"${f}"`).join(', ')} — use <Metric>, <Ratio>, <Claim> or <Then>, or write it in words if it is not a measurement`,
        });
      }
    }
    node.children?.forEach(walk);
  };
  walk(parse(text));
  return problems;
}

/** Claim and metric ids an essay cites, as "Component:id" strings. */
export function citedIds(text: string): Set<string> {
  const ids = new Set<string>();
  const walk = (node: Node) => {
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name && COMPONENTS.has(node.name)) {
      for (const a of node.attributes ?? []) {
        if (a.type === 'mdxJsxAttribute' && typeof a.value === 'string') ids.add(`${node.name}:${a.value}`);
      }
      if (!node.attributes?.length) ids.add(`${node.name}`);
    }
    node.children?.forEach(walk);
  };
  walk(parse(text));
  return ids;
}

/** Every language version of an essay must cite the same ids. */
export function compareCitations(slug: string, byLang: Map<string, Set<string>>): Problem[] {
  const problems: Problem[] = [];
  const langs = [...byLang.keys()];
  const all = new Set(langs.flatMap((l) => [...byLang.get(l)!]));
  for (const id of all) {
    const missingIn = langs.filter((l) => !byLang.get(l)!.has(id));
    if (missingIn.length) {
      const has = langs.filter((l) => byLang.get(l)!.has(id));
      problems.push({
        file: `src/content/essays/${missingIn[0]}/${slug}.mdx`,
        line: null,
        message: `${id.replace(':', ' ')} is cited in ${has.join(', ')} but not in ${missingIn.join(', ')} — both versions must cite the same claims and metrics`,
      });
    }
  }
  return problems;
}

/** A language's claim anchors (src/i18n/<lang>/claims.json), read without the site's loader. */
function anchorsOf(lang: string, i18nDir: string): (id: string) => string | undefined {
  const file = join(i18nDir, lang, 'claims.json');
  if (!existsSync(file)) return () => undefined;
  const claims = (JSON.parse(readFileSync(file, 'utf8')).claims ?? {}) as Record<string, { anchor?: string }>;
  return (id) => claims[id]?.anchor;
}

export function lintEssays(root = 'src/content/essays', i18nDir = 'src/i18n'): Problem[] {
  if (!existsSync(root)) return [];
  const problems: Problem[] = [];
  const bySlug = new Map<string, Map<string, Set<string>>>();
  for (const lang of readdirSync(root).sort()) {
    const dir = join(root, lang);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.mdx')).sort()) {
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      problems.push(...lintEssayText(file, text));
      for (const m of misplacedBadges(text, lang, anchorsOf(lang, i18nDir))) problems.push({ file, ...m });
      const slug = name.replace(/\.mdx$/, '');
      if (!bySlug.has(slug)) bySlug.set(slug, new Map());
      bySlug.get(slug)!.set(lang, citedIds(text));
    }
  }
  for (const [slug, byLang] of bySlug) problems.push(...compareCitations(slug, byLang));
  return problems;
}

if (import.meta.main) {
  const problems = lintEssays(process.argv[2]);
  for (const p of problems) console.error(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  if (problems.length) {
    console.error(`\nlint:essays: ${problems.length} problem(s).`);
    process.exit(1);
  }
  console.log('lint:essays: no figures typed by hand; every language cites the same ids.');
}
