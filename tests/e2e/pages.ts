/** Lists the pages of a built site from its files, per language. */
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function builtPages(dist: string, lang: string): string[] {
  const root = join(dist, lang);
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const walk = (dir: string, url: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${url}${name}/`);
      else if (name === 'index.html') found.push(url);
    }
  };
  walk(root, `/${lang}/`);
  return found.sort();
}

/**
 * One page per template: every page except the implementation source pages,
 * of which only the first is kept (they all share one template, and there are
 * dozens). For checks that look at a page's structure, not its data.
 */
export function templatePages(dist: string, lang: string): string[] {
  const pages = builtPages(dist, lang);
  const firstSource = pages.find((p) => p.includes('/sources/'));
  return pages.filter((p) => !p.includes('/sources/') || p === firstSource);
}
