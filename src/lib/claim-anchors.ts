/**
 * Keeps every claim badge beside the sentence it tests. Each claim has, per
 * language, an anchor: a few words of the essay's own sentence that makes the
 * claim (src/i18n/<lang>/claims.json "anchor"). In the MDX source, split into
 * sentences the way the site's remark plugin splits them
 * (src/integrations/remark-cited-sentences.ts: Intl.Segmenter in the essay's
 * language, a badge that opens a sentence closing the one before), a badge
 * must close the sentence that holds its anchor: a badge placed after the
 * next sentence (the 2019 ORM badge after "Go had no entry…") is reported,
 * though it is only one sentence further on. Used by `npm run lint:essays`
 * and by tests/unit/claim-anchors.test.ts.
 */
import { remark } from 'remark';
import remarkMdx from 'remark-mdx';
import remarkFrontmatter from 'remark-frontmatter';
import { splitSentences, type MdNode } from '../integrations/remark-cited-sentences.ts';

export interface BadgePlace {
  /** The claim id of the badge. */
  id: string;
  line: number | null;
  /** The sentence the badge closes, as text (components left out). */
  sentence: string;
}

const isBadge = (n: MdNode) => (n.type === 'mdxJsxTextElement' || n.type === 'mdxJsxFlowElement') && n.name === 'Claim';
const idOf = (n: MdNode) => {
  const a = n.attributes?.find((x) => x.type === 'mdxJsxAttribute' && x.name === 'id');
  return typeof a?.value === 'string' ? a.value : '';
};

/** A sentence's words as a reader sees them around the data components: text and code, components left out. */
function words(nodes: MdNode[]): string {
  const one = (n: MdNode): string => {
    if (n.type === 'text' || n.type === 'inlineCode') return n.value ?? '';
    if (n.type === 'mdxJsxTextElement' || n.type === 'mdxJsxFlowElement') return ' ';
    return (n.children ?? []).map(one).join('');
  };
  return nodes.map(one).join('');
}

/** Lower case, straight quotes, single spaces: how anchors and sentences are compared. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”«»]/g, '"').replace(/\s+/g, ' ').trim();
}

/** Every claim badge of an essay, with the sentence it closes. */
export function badgePlaces(text: string, lang: string): BadgePlace[] {
  const tree = remark().use(remarkFrontmatter).use(remarkMdx).parse(text) as unknown as MdNode;
  const places: BadgePlace[] = [];
  const visit = (node: MdNode) => {
    if (node.type === 'paragraph' && node.children?.some(isBadge)) {
      const sentences = splitSentences(node.children, lang);
      sentences.forEach((sentence) => {
        for (const badge of sentence.filter(isBadge)) {
          places.push({
            id: idOf(badge),
            line: badge.position?.start.line ?? null,
            sentence: words(sentence),
          });
        }
      });
      return;
    }
    if (isBadge(node)) places.push({ id: idOf(node), line: node.position?.start.line ?? null, sentence: '' });
    node.children?.forEach(visit);
  };
  visit(tree);
  return places;
}

export interface Misplaced {
  line: number | null;
  message: string;
}

/**
 * Badges that do not close the sentence holding their anchor, each with its line and
 * in words: the claim, its anchor and the sentence the badge follows.
 * `anchorOf` gives a claim's anchor in the essay's language (undefined when it
 * has none).
 */
export function misplacedBadges(text: string, lang: string, anchorOf: (id: string) => string | undefined): Misplaced[] {
  const problems: Misplaced[] = [];
  for (const place of badgePlaces(text, lang)) {
    const anchor = anchorOf(place.id);
    const line = place.line;
    if (!anchor) {
      problems.push({ line, message: `<Claim id="${place.id}"> has no anchor in src/i18n/${lang}/claims.json (claims.${place.id}.anchor): add a few words of the sentence that makes the claim` });
      continue;
    }
    if (!normalise(place.sentence).includes(normalise(anchor))) {
      problems.push({
        line,
        message: `<Claim id="${place.id}"> does not follow the sentence with its anchor "${anchor}" (src/i18n/${lang}/claims.json): put the badge right after the sentence that says it, or fix the anchor. The badge follows: "${place.sentence.trim().replace(/\s+/g, ' ').slice(0, 160)}"`,
      });
    }
  }
  return problems;
}
