// The code 2019's Node 12 runs as a vintage member (scripts/bench/runtimes/)
// keeps to what Node 12.22 parses and has: ES2019 syntax plus public class
// fields and numeric separators (V8 7.8 has both), and no built-in that came
// later. Parsed with TypeScript's parser (a dev dependency), so the check
// needs no Node 12.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** Files Node 12 runs (the CPU kernels through build/*.mjs, emitted from these). */
export const NODE12_FILES = [
  'bench/cpu/node/harness.ts',
  'bench/cpu/node/nbody.ts',
  'bench/cpu/node/spectralnorm.ts',
  'bench/cpu/node/fannkuch.ts',
  'bench/cpu/node/loop.ts',
  'bench/ops/node/ops.js',
];

/** Methods and globals newer than Node 12, with the Node that brought them. */
const NEWER_METHODS: Record<string, string> = {
  toSorted: 'Node 20', toReversed: 'Node 20', toSpliced: 'Node 20', findLast: 'Node 18', findLastIndex: 'Node 18',
  at: 'Node 16.6', replaceAll: 'Node 15', hasOwn: 'Node 16.9', groupBy: 'Node 21', any: 'Node 15 (Promise.any)',
};
const NEWER_GLOBALS: Record<string, string> = {
  performance: 'Node 16 (import it from node:perf_hooks)', structuredClone: 'Node 17', fetch: 'Node 18', AbortController: 'Node 15',
  WeakRef: 'Node 14.6', FinalizationRegistry: 'Node 14.6', AggregateError: 'Node 15', BroadcastChannel: 'Node 18',
};

/** What in `source` Node 12 cannot run, one line each ("file:line: what"). */
export function node12Problems(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const out: string[] = [];
  const at = (n: ts.Node, what: string) => out.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${what}`);
  const declared = new Set<string>();
  const collect = (n: ts.Node): void => {
    if ((ts.isImportSpecifier(n) || ts.isNamespaceImport(n) || ts.isImportClause(n) || ts.isVariableDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isParameter(n)) && n.name && ts.isIdentifier(n.name)) {
      declared.add(n.name.text);
    }
    ts.forEachChild(n, collect);
  };
  collect(sf);
  const insideFunction = (n: ts.Node): boolean => {
    for (let p = n.parent; p; p = p.parent) if (ts.isFunctionLike(p)) return true;
    return false;
  };
  const walk = (n: ts.Node): void => {
    switch (n.kind) {
      case ts.SyntaxKind.QuestionDotToken:
        at(n, 'optional chaining ?. (ES2020; Node 14)');
        break;
      case ts.SyntaxKind.QuestionQuestionToken:
        at(n, 'nullish coalescing ?? (ES2020; Node 14)');
        break;
      case ts.SyntaxKind.QuestionQuestionEqualsToken:
      case ts.SyntaxKind.BarBarEqualsToken:
      case ts.SyntaxKind.AmpersandAmpersandEqualsToken:
        at(n, 'logical assignment (ES2021; Node 15)');
        break;
      case ts.SyntaxKind.PrivateIdentifier:
        at(n, 'a #private name (private methods and `#x in obj` are Node 14.6+)');
        break;
      case ts.SyntaxKind.ClassStaticBlockDeclaration:
        at(n, 'a static block (ES2022; Node 16.11)');
        break;
      case ts.SyntaxKind.AwaitExpression:
        if (!insideFunction(n)) at(n, 'top-level await (Node 14.8)');
        break;
      case ts.SyntaxKind.ForOfStatement:
        if ((n as ts.ForOfStatement).awaitModifier && !insideFunction(n)) at(n, 'top-level for await (Node 14.8)');
        break;
      case ts.SyntaxKind.PropertyAccessExpression: {
        const name = (n as ts.PropertyAccessExpression).name;
        if (ts.isIdentifier(name) && NEWER_METHODS[name.text]) at(n, `.${name.text} (${NEWER_METHODS[name.text]})`);
        break;
      }
      case ts.SyntaxKind.Identifier: {
        const id = n as ts.Identifier;
        const p = n.parent;
        const isName = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p);
        if (!isName && NEWER_GLOBALS[id.text] && !declared.has(id.text)) at(n, `global ${id.text} (${NEWER_GLOBALS[id.text]})`);
        break;
      }
    }
    ts.forEachChild(n, walk);
  };
  walk(sf);
  return out;
}

test('the code Node 12 runs has no syntax or built-in newer than Node 12', () => {
  const problems = NODE12_FILES.flatMap((f) => node12Problems(f, readFileSync(path.join(ROOT, f), 'utf8')));
  assert.deepEqual(problems, [], `Node 12 (the node@12 vintage) cannot run these; see bench/cpu/node/README.md:\n${problems.join('\n')}`);
});

test('the check finds what Node 12 cannot run, and allows what it can', () => {
  const bad = [
    'const a = x?.y;',
    'const b = x ?? 1;',
    'let c = 0; c ||= 1;',
    'await main();',
    'const d = [3, 1].toSorted();',
    'const t0 = performance.now();',
    'class E { static { } }',
  ];
  for (const line of bad) assert.equal(node12Problems('x.js', line).length, 1, line);
  const good = [
    "import { performance } from 'node:perf_hooks'; const t = performance.now();",
    'class F { x = 0; y = 1_000; }',
    'async function g() { for await (const l of lines) await l; }',
    "async function h() { const { Bench } = await import('tinybench'); }",
    'const s = [...a].sort((p, q) => p - q);',
    'const o = { at: 1 };',
  ];
  for (const line of good) assert.deepEqual(node12Problems('x.ts', line), [], line);
});
