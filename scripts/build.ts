/**
 * `npm run build`: `astro build` into a folder beside the output
 * (`dist.building/`), then the finished site replaces `dist/` in two renames.
 * Astro empties its output folder when it starts, so a build that fails
 * half-way (a missing UI key, an essay that does not render) would otherwise
 * leave no site at all; this way `dist/` keeps the last good site until a new
 * one is complete. Options are passed to astro as they are (`--outDir X`
 * builds into `X.building/` and replaces X); the environment too
 * (DIEZMIL_RUN, DIEZMIL_SITE_URL…).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
let finalDir = 'dist';
const passed: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--outDir' && args[i + 1] !== undefined) finalDir = args[++i]!;
  else if (a.startsWith('--outDir=')) finalDir = a.slice('--outDir='.length);
  else passed.push(a);
}
const target = path.resolve(finalDir);
const building = `${target}.building`;
const old = `${target}.old`;
rmSync(building, { recursive: true, force: true });

const astro = path.resolve('node_modules/astro/bin/astro.mjs');
const r = spawnSync(process.execPath, [astro, 'build', ...passed, '--outDir', building], {
  stdio: 'inherit',
  // Messages that name the output folder name the one a reader knows (src/integrations/run-files.ts).
  env: { ...process.env, DIEZMIL_OUT_DIR: `${path.relative(process.cwd(), target) || '.'}/` },
});
const shown = path.relative(process.cwd(), target) || '.';
if (r.status !== 0 || !existsSync(path.join(building, 'index.html'))) {
  rmSync(building, { recursive: true, force: true });
  if (existsSync(target)) process.stderr.write(`\nThe build failed: ${shown}/ still holds the last good site.\n`);
  process.exit(r.status || 1);
}
rmSync(old, { recursive: true, force: true });
if (existsSync(target)) renameSync(target, old);
renameSync(building, target);
rmSync(old, { recursive: true, force: true });
