/**
 * /data/runs/<run id>.json: every run file the site was built from, served as
 * it is in data/runs/ (byte for byte), under a path that stays the same from
 * build to build. The results and runs pages link them; the comparison picker
 * (/runs/compare/) loads two of them.
 */
import { readFileSync } from 'node:fs';
import type { APIContext } from 'astro';
import { getRuns } from '../../../lib/runs.ts';

export function getStaticPaths() {
  return getRuns().runs.map(({ run, file }) => ({ params: { id: run.id }, props: { file } }));
}

export function GET(context: APIContext) {
  const { file } = context.props as { file: string };
  return new Response(readFileSync(file), { headers: { 'content-type': 'application/json; charset=utf-8' } });
}
