/**
 * Remark plugin: checks every id an essay passes to the data components
 * (<Metric>, <Ratio>, <Claim>, <Then>, <Chart>) at build time, so a typo fails
 * the build with the MDX file and line instead of rendering "not measured".
 */
import { checkEssayReference, type Reference } from '../lib/essay-references.ts';

interface Node {
  type: string;
  name?: string | null;
  attributes?: Array<{ type: string; name?: string; value?: unknown }>;
  children?: Node[];
  position?: { start: { line: number; column: number } };
}

interface VFileLike {
  path?: string;
  history?: string[];
}

class EssayReferenceError extends Error {}

/** Collects component references with their line numbers. */
export function collectReferences(tree: Node): Array<Reference & { line: number | null }> {
  const found: Array<Reference & { line: number | null }> = [];
  const walk = (node: Node) => {
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name) {
      const attrs: Record<string, string> = {};
      for (const a of node.attributes ?? []) {
        if (a.type === 'mdxJsxAttribute' && a.name && typeof a.value === 'string') attrs[a.name] = a.value;
      }
      found.push({ component: node.name, attrs, line: node.position?.start.line ?? null });
    }
    node.children?.forEach(walk);
  };
  walk(tree);
  return found;
}

export function remarkEssayIds() {
  return (tree: Node, file: VFileLike) => {
    const path = file.path ?? file.history?.[0] ?? '(unknown file)';
    const relativePath = path.replace(`${process.cwd()}/`, '');
    const problems = collectReferences(tree).flatMap((ref) =>
      checkEssayReference(ref).map((message) => `${relativePath}:${ref.line ?? '?'}: ${message}`),
    );
    if (problems.length) throw new EssayReferenceError(`Unknown ids in an essay:\n  ${problems.join('\n  ')}`);
  };
}
