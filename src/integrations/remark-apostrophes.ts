/**
 * Remark plugin, run after smart punctuation: an apostrophe right after a
 * word is a closing one. Smartypants decides between ‘ and ’ by the character
 * before the quote and takes "+" for punctuation that opens a quotation, so
 * "C++'s" came out "C++‘s". An opening quote never follows a letter, a digit
 * or a closing bracket directly, so after one of those (in the same text, or
 * at the end of the inline code or emphasis just before) ‘ becomes ’.
 */
interface Node {
  type: string;
  value?: string;
  children?: Node[];
}

/** Characters after which a quote cannot open: the end of a word, a number, a closing bracket, "C++", "C#". */
const WORD_END = /[\p{L}\p{N}+#)\]}%]$/u;
const INSIDE = /(?<=[\p{L}\p{N}+#)\]}%])‘(?=\p{L})/gu;

/** The last character of a node's text, or '' for nodes that have none (breaks, MDX expressions). */
function lastChar(node: Node): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value?.slice(-1) ?? '';
  const children = node.children ?? [];
  return children.length ? lastChar(children[children.length - 1]!) : '';
}

/** Fixes the apostrophes of a tree in place; exported for tests. */
export function fixApostrophes(tree: Node): void {
  const walk = (node: Node) => {
    const children = node.children ?? [];
    children.forEach((child, i) => {
      if (child.type === 'text' && child.value) {
        let value = child.value.replace(INSIDE, '’');
        const before = i > 0 ? lastChar(children[i - 1]!) : '';
        if (value.startsWith('‘') && /^‘\p{L}/u.test(value) && WORD_END.test(before)) value = `’${value.slice(1)}`;
        child.value = value;
      }
      walk(child);
    });
  };
  walk(tree);
}

export function remarkApostrophes() {
  return (tree: Node) => fixApostrophes(tree);
}
