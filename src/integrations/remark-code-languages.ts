/**
 * Remark plugin: code fences may name a language the way writers know it;
 * where Prism (markdown.syntaxHighlight: 'prism') knows it under another name,
 * the fence is renamed before highlighting. Without it Prism prints
 * "Language does not exist: apache" and leaves the block unhighlighted.
 */

/** Fence name → Prism's name (node_modules/prismjs/components/prism-<name>.js). */
const CODE_LANGUAGE_ALIASES: Readonly<Record<string, string>> = {
  apache: 'apacheconf',
};

interface Node {
  type: string;
  lang?: string | null;
  children?: Node[];
}

function renameCodeLanguages(tree: Node): void {
  const alias = tree.type === 'code' && tree.lang ? CODE_LANGUAGE_ALIASES[tree.lang] : undefined;
  if (alias) tree.lang = alias;
  tree.children?.forEach(renameCodeLanguages);
}

export function remarkCodeLanguages() {
  return (tree: Node) => renameCodeLanguages(tree);
}
