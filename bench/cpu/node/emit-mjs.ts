// The kernels as plain JavaScript modules in build/ (build/nbody.mjs …), which
// every Node the suite runs reads: today's Node 24 and 2019's Node 12 (a
// vintage member, scripts/bench/runtimes/), which cannot strip TypeScript's
// types itself. The types are erased by the pinned Node's own
// module.stripTypeScriptTypes (the same erasure Node 24 applies when it runs a
// .ts file: annotations become blanks, nothing else changes), and imports of
// ./x.ts become ./x.mjs.
//
// Runs under the project's pinned Node whatever Node the member measures: the
// manifest starts it through /usr/bin/env, so a vintage member's build does
// not swap its program for Node 12 (scripts/bench/placeholders.ts replaces a
// command's first word only).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import path from 'node:path';

// The folder the build runs in (a vintage member's work folder links this file: its own path would
// point back here, and Node 12 would find no build/ of its own).
const here = process.cwd();
const out = path.join(here, 'build');
mkdirSync(out, { recursive: true });
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'emit-mjs.ts');
for (const file of sources) {
  const js = stripTypeScriptTypes(readFileSync(path.join(here, file), 'utf8'), { mode: 'strip' }).replace(
    /(from\s+['"]\.\/[\w-]+)\.ts(['"])/g,
    '$1.mjs$2',
  );
  writeFileSync(path.join(out, file.replace(/\.ts$/, '.mjs')), js);
}
console.log(`build/: ${sources.map((f) => f.replace(/\.ts$/, '.mjs')).join(', ')}`);
