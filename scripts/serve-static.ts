/**
 * A minimal static file server for tests (127.0.0.1 only): serves a built
 * site directory, directory URLs as index.html, or a plain 404.
 *   node scripts/serve-static.ts <dir> <port> [<base>]
 * With a base ("/diezmil/"), the site is served only under that path, as a
 * GitHub Pages project site is: anything written from the host's root is a 404.
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, extname, resolve } from 'node:path';
import { normalizeBase, withinBase } from '../src/lib/base-path.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

const [dirArg, portArg, baseArg] = process.argv.slice(2);
if (!dirArg || !portArg) {
  console.error('usage: node scripts/serve-static.ts <dir> <port> [<base>]');
  process.exit(2);
}
const root = resolve(dirArg);
const base = normalizeBase(baseArg);

async function fileFor(urlPath: string): Promise<string | null> {
  const inside = withinBase(decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!), base);
  if (inside === null) return null;
  const clean = normalize(`/${inside}`).replace(/^(\.\.[/\\])+/, '');
  let path = join(root, clean);
  if (!path.startsWith(root)) return null;
  try {
    const s = await stat(path);
    if (s.isDirectory()) path = join(path, 'index.html');
    await stat(path);
    return path;
  } catch {
    return null;
  }
}

createServer(async (req, res) => {
  const path = await fileFor(req.url ?? '/');
  if (!path) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
  res.end(await readFile(path));
}).listen(Number(portArg), '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${portArg}${base}`));
