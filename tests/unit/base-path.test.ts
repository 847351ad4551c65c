/** The site's base path (src/lib/base-path.ts) and the sitemap's alternates under it (src/lib/sitemap-links.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeBase, sitePath, withinBase } from '../../src/lib/base-path.ts';
import { sitemapAlternates } from '../../src/lib/sitemap-links.ts';

test('DIEZMIL_BASE in any spelling becomes "/x/"; nonsense is refused with the fix', () => {
  assert.equal(normalizeBase(undefined), '/');
  assert.equal(normalizeBase(''), '/');
  assert.equal(normalizeBase('/'), '/');
  for (const b of ['diezmil', '/diezmil', 'diezmil/', '/diezmil/']) assert.equal(normalizeBase(b), '/diezmil/');
  assert.equal(normalizeBase('/a/b/'), '/a/b/');
  assert.throws(() => normalizeBase('/a b/'), /DIEZMIL_BASE=.*DIEZMIL_BASE=\/diezmil\//);
  assert.equal(sitePath('favicon.svg', '/diezmil/'), '/diezmil/favicon.svg');
  assert.equal(sitePath('/en/', '/'), '/en/');
  assert.equal(withinBase('/diezmil/en/', '/diezmil/'), 'en/');
  assert.equal(withinBase('/diezmil', '/diezmil/'), '');
  assert.equal(withinBase('/en/', '/diezmil/'), null);
});

test('the sitemap lists alternates under the base path', () => {
  const links = sitemapAlternates(undefined, '/diezmil/');
  assert.deepEqual(
    links('https://x.org/diezmil/es/results/')?.map((l) => `${l.lang} ${l.url}`),
    ['en https://x.org/diezmil/en/results/', 'es https://x.org/diezmil/es/results/', 'x-default https://x.org/diezmil/en/results/'],
  );
  assert.equal(links('https://x.org/diezmil/')?.at(-1)?.url, 'https://x.org/diezmil/');
  assert.equal(links('https://x.org/other/'), undefined);
});

test('the repository link is configured in one place (data/site.json), DIEZMIL_REPOSITORY overrides it, a bad one is refused with the fix', async () => {
  const { repositoryUrl, SiteConfigError } = await import('../../src/lib/site-config.ts');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'site-config-'));
  const file = join(dir, 'site.json');
  writeFileSync(file, JSON.stringify({ activeRun: 'newest-complete', repository: 'https://example.org/repo' }));
  assert.equal(repositoryUrl({}, file), 'https://example.org/repo');
  assert.equal(repositoryUrl({ DIEZMIL_REPOSITORY: 'https://git.example.org/fork' }, file), 'https://git.example.org/fork');
  assert.throws(() => repositoryUrl({ DIEZMIL_REPOSITORY: 'not a url' }, file), (e: Error) => e instanceof SiteConfigError && /DIEZMIL_REPOSITORY=not a url .* unset it/.test(e.message));
  const none = join(dir, 'none.json');
  writeFileSync(none, JSON.stringify({ activeRun: 'newest-complete', repository: null }));
  assert.equal(repositoryUrl({}, none), null);
});
