/**
 * Node.js: the project's pinned Node (node_modules/node, package.json), a
 * major that `npm run bench:setup -- --vintages` installed as the npm package
 * `node` under <cache>/runtimes/node-<major>, or a node on PATH.
 */
import path from 'node:path';
import { cacheDirNameForNode } from './names.ts';
import { findOnPath, isFile, runtimesDir, systemDirs, tilde } from './locations.ts';
import { runProbe } from './run-probe.ts';
import type { Candidate, KindDef } from './types.ts';

/** The npm package's binary inside a prefix. */
export function nodeInPrefix(prefix: string): string {
  return path.join(prefix, 'node_modules', 'node', 'bin', 'node');
}

export const node: KindDef = {
  kind: 'node',
  placeholders: ['node'],
  isProgram: (b) => b === 'node',
  programPath: (program) => program,
  versionArgs: ['--version'],

  candidates(p, root) {
    const out: Candidate[] = [];
    const pinned = nodeInPrefix(root);
    if (isFile(pinned)) out.push({ program: pinned, origin: 'project' });
    const cached = nodeInPrefix(path.join(runtimesDir(), cacheDirNameForNode(p.version)));
    if (isFile(cached)) out.push({ program: cached, origin: 'npm' });
    const onPath = findOnPath('node', systemDirs());
    if (onPath) out.push({ program: onPath, origin: 'system' });
    return out;
  },

  fromUserPath(_p, given) {
    if (isFile(given)) return given;
    for (const c of [path.join(given, 'bin', 'node'), nodeInPrefix(given)]) if (isFile(c)) return c;
    return given;
  },

  probe(program, origin) {
    const r = runProbe([program, '-e', 'console.log(JSON.stringify({ v: process.version, v8: process.versions.v8 }))']);
    if (!r.ok) return { error: `${tilde(program)} ${r.why}` };
    let j: { v: string; v8: string };
    try {
      j = JSON.parse(r.stdout.trim());
    } catch {
      return { error: `${tilde(program)} did not answer like Node.js` };
    }
    const version = j.v.replace(/^v/, '');
    const where =
      origin === 'project' ? 'the project\'s pinned node (npm package node, package.json)' : origin === 'npm' ? `npm package node@${version} in ${tilde(path.resolve(program, '../../../..'))}` : tilde(program);
    return { version, freeThreaded: false, flags: [], detail: `${where}; V8 ${j.v8}` };
  },

  env() {
    // Not first on PATH: npm and other tools written for today's Node (#!/usr/bin/env node) must keep it.
    return {};
  },

  fix(p) {
    return `npm run bench:setup -- --vintages (npm install node@${p.version} into ${tilde(path.join(runtimesDir(), cacheDirNameForNode(p.version)))}), or --runtime ${p.spec}=/path/to/node`;
  },

  places(p) {
    return `node_modules/node (the pinned one), ${tilde(path.join(runtimesDir(), cacheDirNameForNode(p.version)))}, node on PATH`;
  },
};
