/** scripts/site/check-dist.ts on tiny synthetic sites: a clean one passes, each kind of defect fails and is named. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';

const SITE = 'https://diezmil.example.org';

function page(lang: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8">
    <title>Page</title>
  </head>
  <body>
    <main id="main">
      <h1>Page</h1>
      ${body}
    </main>
  </body>
</html>
`;
}

function site(pages: Record<string, string>, sitemap = Object.keys(pages)): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-dist-'));
  for (const [url, html] of Object.entries(pages)) {
    const file = join(dir, url, 'index.html');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
  }
  writeFileSync(join(dir, 'sitemap-index.xml'), '<sitemapindex/>');
  writeFileSync(join(dir, 'sitemap-0.xml'), `<urlset>${sitemap.map((u) => `<url><loc>${SITE}${u}</loc></url>`).join('')}</urlset>`);
  return dir;
}

function check(dir: string) {
  const r = spawnSync(process.execPath, ['scripts/site/check-dist.ts', dir], { encoding: 'utf8', env: { ...process.env, DIEZMIL_SITE_URL: SITE } });
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, out: r.stdout + r.stderr };
}

const clean = {
  '/en/': page('en', '<p><a href="/en/about/#team">About</a> <a href="/es/" hreflang="es">Español</a> <a href="https://example.com/" rel="noopener">Out</a></p>'),
  '/en/about/': page('en', '<h2 id="team">Team</h2>'),
  '/es/': page('es', '<p><a href="/es/">Inicio</a></p>'),
};

test('a clean site passes', () => {
  const r = check(site(clean));
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /OK/);
});

test('a broken link, a broken anchor, a cross-language link and a bare external link fail', () => {
  const r = check(
    site({
      ...clean,
      '/en/': page('en', '<p><a href="/en/nope/">x</a> <a href="/en/about/#nobody">y</a> <a href="/es/">z</a> <a href="https://example.com/">w</a></p>'),
    }),
  );
  assert.equal(r.status, 1);
  assert.match(r.out, /broken link .*\/en\/nope\//);
  assert.match(r.out, /broken anchor .*#nobody/);
  assert.match(r.out, /another language without hreflang/);
  assert.match(r.out, /without rel="noopener"/);
});

test('inline scripts and style attributes fail (the CSP forbids them)', () => {
  const r = check(site({ ...clean, '/en/about/': page('en', '<h2 id="team" style="color:red">Team</h2><script>alert(1)</script>') }));
  assert.equal(r.status, 1);
  assert.match(r.out, /inline <script>/);
  assert.match(r.out, /style="" attribute/);
});

test('a page missing from the sitemap, or a sitemap URL without a page, fails', () => {
  const r = check(site(clean, ['/en/', '/es/', '/en/gone/']));
  assert.equal(r.status, 1);
  assert.match(r.out, /\/en\/about\/: page missing from the sitemap/);
  assert.match(r.out, /lists \/en\/gone\//);
});

test('invalid HTML fails with the html-validate rule', () => {
  const r = check(site({ ...clean, '/es/': page('es', '<p><div>block in a paragraph</div></p>') }));
  assert.equal(r.status, 1);
  assert.match(r.out, /html-validate/);
});
