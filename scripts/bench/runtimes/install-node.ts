/**
 * Installs a Node.js major as the npm package `node` (the same package that
 * pins this project's Node) into <cache>/runtimes/node-<major>. The package's
 * install script puts the binary in place, so it must be allowed to run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDirNameForNode } from './names.ts';
import { runtimesDir } from './locations.ts';
import { nodeInPrefix } from './node.ts';
import { runProbe } from './run-probe.ts';

export function installNode(major: string): { program: string } | { error: string } {
  const prefix = path.join(runtimesDir(), cacheDirNameForNode(major));
  mkdirSync(prefix, { recursive: true });
  // Like the project's package.json: the node package's install script is what fetches its binary (from the npm registry).
  writeFileSync(path.join(prefix, 'package.json'), `${JSON.stringify({ private: true, description: `Node.js ${major} for Diez Mil's vintage runs (scripts/setup-vintages.ts)`, allowScripts: { node: true } }, null, 2)}\n`);
  const r = runProbe(['npm', 'install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', '--save-exact', `node@${major}`], {}, 600_000);
  if (!r.ok) return { error: `npm install node@${major} ${r.why}` };
  return { program: nodeInPrefix(prefix) };
}
