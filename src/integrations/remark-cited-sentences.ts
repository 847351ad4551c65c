/**
 * Remark plugin for essays: wraps each sentence that cites a measured figure
 * (<Metric>, <Ratio>) in <Cited ids="…" at="file:line">, so that a sentence
 * whose figures the active run lacks is replaced whole by one that says so
 * (src/components/Cited.astro), never left reading "Go gets through the loop
 * not measured as often as CPython does".
 *
 * Sentences are found with Intl.Segmenter in the essay's language. A claim
 * badge that opens a sentence belongs to the sentence before it (the badge
 * follows the sentence that makes the claim), and badges stay outside the
 * wrapper, so a sentence left out never takes a verdict with it; a badge in
 * the middle of a sentence that cites figures is an authoring error.
 *
 * The figures an essay cites go to its frontmatter (`citedFigures`), for the
 * note at the top of the page that says which ones this run lacks.
 */

export interface MdNode {
  type: string;
  value?: string;
  name?: string | null;
  attributes?: Array<{ type: string; name?: string; value?: unknown }>;
  children?: MdNode[];
  position?: { start: { line: number; column: number } };
}

interface VFileLike {
  path?: string;
  history?: string[];
  data?: { astro?: { frontmatter?: Record<string, unknown> } };
}

/** Components whose value comes from the active run and can be missing from it. */
const FIGURES = new Set(['Metric', 'Ratio']);
/** Verdict badges: never inside a wrapper. */
const BADGE = 'Claim';
/** The wrapper the plugin inserts (src/components/Cited.astro). */
export const WRAPPER = 'Cited';

export class CitedSentenceError extends Error {}

const isElement = (n: MdNode) => n.type === 'mdxJsxTextElement' || n.type === 'mdxJsxFlowElement';
const isBadge = (n: MdNode) => isElement(n) && n.name === BADGE;
const isBlank = (n: MdNode) => n.type === 'text' && !n.value?.trim();

function attr(n: MdNode, name: string): string | null {
  const a = n.attributes?.find((x) => x.type === 'mdxJsxAttribute' && x.name === name);
  return typeof a?.value === 'string' ? a.value : null;
}

/** Metric ids cited by a node and its descendants: <Metric id>, <Ratio of to>. */
export function figureIds(n: MdNode): string[] {
  if (isElement(n) && n.name && FIGURES.has(n.name)) {
    return (n.name === 'Ratio' ? [attr(n, 'of'), attr(n, 'to')] : [attr(n, 'id')]).filter((x): x is string => x !== null);
  }
  return (n.children ?? []).flatMap(figureIds);
}

function firstFigure(nodes: MdNode[]): MdNode | null {
  for (const n of nodes) {
    if (isElement(n) && n.name && FIGURES.has(n.name)) return n;
    const inner = firstFigure(n.children ?? []);
    if (inner) return inner;
  }
  return null;
}

/** What the segmenter sees of a node: its text, or one letter for a component (a word in the sentence). */
function flat(n: MdNode): string {
  if (n.type === 'text' || n.type === 'inlineCode') return n.value ?? '';
  if (isElement(n)) return 'X';
  const inner = (n.children ?? []).map(flat).join('');
  return inner || 'X';
}

/**
 * Splits a paragraph's children into sentences. Text nodes are cut where the
 * segmenter puts a boundary; a boundary inside any other node (emphasis, a
 * link) moves to that node's end.
 */
export function splitSentences(children: MdNode[], lang: string): MdNode[][] {
  const texts = children.map(flat);
  const segmenter = new Intl.Segmenter(lang, { granularity: 'sentence' });
  const cuts = [...segmenter.segment(texts.join(''))].map((s) => s.index).filter((i) => i > 0);
  const sentences: MdNode[][] = [[]];
  let offset = 0;
  let next = 0;
  children.forEach((child, k) => {
    const end = offset + texts[k]!.length;
    if (child.type === 'text') {
      const value = child.value ?? '';
      let start = 0;
      while (next < cuts.length && cuts[next]! <= end) {
        const at = cuts[next]! - offset;
        if (at > start) sentences.at(-1)!.push({ type: 'text', value: value.slice(start, at) });
        sentences.push([]);
        start = Math.max(start, at);
        next++;
      }
      if (start < value.length) sentences.at(-1)!.push(start === 0 ? child : { type: 'text', value: value.slice(start) });
    } else {
      sentences.at(-1)!.push(child);
      let cut = false;
      while (next < cuts.length && cuts[next]! <= end) {
        cut = true;
        next++;
      }
      if (cut) sentences.push([]);
    }
    offset = end;
  });
  const out = sentences.filter((s) => s.length > 0);
  // A badge that opens a sentence closes the one before it.
  for (let i = 1; i < out.length; i++) {
    while (out[i]!.length && isBadge(out[i]![0]!)) out[i - 1]!.push(out[i]!.shift()!);
  }
  return out.filter((s) => s.length > 0);
}

/** Splits leading and trailing whitespace (and trailing badges) off a sentence: [lead, core, trail]. */
function trim(sentence: MdNode[]): [MdNode[], MdNode[], MdNode[]] {
  const core = [...sentence];
  const lead: MdNode[] = [];
  const trail: MdNode[] = [];
  while (core.length && isBlank(core[0]!)) lead.push(core.shift()!);
  while (core.length && (isBlank(core.at(-1)!) || isBadge(core.at(-1)!))) trail.unshift(core.pop()!);
  const first = core[0];
  if (first?.type === 'text') {
    const m = /^\s+/.exec(first.value ?? '');
    if (m) {
      lead.push({ type: 'text', value: m[0] });
      core[0] = { ...first, value: first.value!.slice(m[0].length) };
    }
  }
  const last = core.at(-1);
  if (last?.type === 'text') {
    const m = /\s+$/.exec(last.value ?? '');
    if (m) {
      trail.unshift({ type: 'text', value: m[0] });
      core[core.length - 1] = { ...last, value: last.value!.slice(0, -m[0].length) };
    }
  }
  return [lead, core, trail];
}

export interface CitedSentence {
  ids: string[];
  line: number | null;
}

/**
 * Wraps the sentences of every paragraph under `tree` that cite figures.
 * Returns what it wrapped; throws CitedSentenceError (with `where` and the
 * line) when a badge sits inside such a sentence.
 */
export function wrapCitedSentences(tree: MdNode, lang: string, where: string): CitedSentence[] {
  const wrapped: CitedSentence[] = [];
  const problems: string[] = [];
  const visit = (node: MdNode) => {
    if (node.type === 'paragraph' && node.children && node.children.some((c) => figureIds(c).length > 0)) {
      const children: MdNode[] = [];
      for (const sentence of splitSentences(node.children, lang)) {
        const ids = [...new Set(sentence.flatMap(figureIds))];
        if (ids.length === 0) {
          children.push(...sentence);
          continue;
        }
        const [lead, core, trail] = trim(sentence);
        const line = firstFigure(core)?.position?.start.line ?? node.position?.start.line ?? null;
        if (core.some(isBadge)) {
          problems.push(`${where}:${line ?? '?'}: a <Claim> badge sits inside a sentence that cites measured figures; put the badge after the sentence that makes the claim, or split the sentence, so that a sentence left out for missing figures keeps its badge`);
        }
        const at = `${where}:${line ?? '?'}`;
        children.push(...lead, {
          type: 'mdxJsxTextElement',
          name: WRAPPER,
          attributes: [
            { type: 'mdxJsxAttribute', name: 'ids', value: ids.join(' ') },
            { type: 'mdxJsxAttribute', name: 'at', value: at },
          ],
          children: core,
        }, ...trail);
        wrapped.push({ ids, line });
      }
      node.children = children;
      return;
    }
    node.children?.forEach(visit);
  };
  visit(tree);
  if (problems.length) throw new CitedSentenceError(`Essay sentences that cite figures:\n  ${problems.join('\n  ')}`);
  return wrapped;
}

/** The essay language from its path: src/content/essays/<lang>/<slug>.mdx. */
export function essayLangOf(path: string): string | null {
  return /(?:^|\/)content\/essays\/([^/]+)\/[^/]+\.mdx$/.exec(path)?.[1] ?? null;
}

export function remarkCitedSentences() {
  return (tree: MdNode, file: VFileLike) => {
    const path = file.path ?? file.history?.[0] ?? '';
    const lang = essayLangOf(path);
    if (!lang) return;
    const where = path.replace(`${process.cwd()}/`, '');
    const wrapped = wrapCitedSentences(tree, lang, where);
    const frontmatter = file.data?.astro?.frontmatter;
    if (frontmatter) frontmatter.citedFigures = [...new Set(wrapped.flatMap((w) => w.ids))];
  };
}
