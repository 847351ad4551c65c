/**
 * Each vintage member builds and runs in a folder of its own beside the
 * implementation's, `.vintage-<member id>` (bench/cpu/.vintage-go-1-13 for
 * bench/cpu/go): relative links to every source entry, and its own build
 * outputs, so Go 1.13's bin/nbody never overwrites Go 1.26's. The folder is at
 * the same depth, so paths like ../../../node_modules still resolve; it has no
 * manifest.json and its name starts with a dot, so neither discovery nor the
 * site takes it for an implementation, and its .gitignore ignores all of it.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Build outputs (as .gitignore names them under bench/): never shared between members. */
const BUILD_OUTPUTS = new Set(['bin', 'build', 'target', 'node_modules', 'dist', '__pycache__']);
/** Not linked: without a manifest the folder is never taken for an implementation (the site lists bench/<suite>/*\/manifest.json). */
const NOT_LINKED = new Set(['manifest.json']);

function vintageFolder(sourceDir: string, memberId: string): string {
  return path.join(path.dirname(sourceDir), `.vintage-${memberId}`);
}

/** Creates or refreshes the folder; returns its path. */
export function prepareVintageFolder(sourceDir: string, memberId: string): string {
  const dir = vintageFolder(sourceDir, memberId);
  mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# a vintage member\'s work folder (scripts/bench/runtimes/work-folder.ts)\n*\n');
  const wanted = new Set(readdirSync(sourceDir).filter((n) => !n.startsWith('.') && !BUILD_OUTPUTS.has(n) && !NOT_LINKED.has(n)));
  for (const n of readdirSync(dir)) {
    const p = path.join(dir, n);
    if (!lstatSync(p).isSymbolicLink()) continue; // build outputs and .gitignore stay
    if (!wanted.has(n) || readlinkSync(p) !== path.join('..', path.basename(sourceDir), n)) unlinkSync(p);
  }
  for (const n of wanted) {
    const p = path.join(dir, n);
    if (!existsSync(p) && !isLink(p)) symlinkSync(path.join('..', path.basename(sourceDir), n), p);
  }
  return dir;
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
