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
 * One page per template: every page except the implementation source pages
 * and the run comparison pages, of which only the first of each is kept (each
 * family shares one template, and they grow with implementations and runs).
 * Every essay stays: each is a template of its own content. For checks that
 * look at a page's structure, not its data (axe, security, links).
 */
export function templatePages(dist: string, lang: string): string[] {
  const pages = builtPages(dist, lang);
  const families = [/\/sources\/[^/]+\/$/, /\/runs\/compare\/[^/]+\/[^/]+\/$/];
  const first = families.map((f) => pages.find((p) => f.test(p)));
  return pages.filter((p) => families.every((f, i) => !f.test(p) || p === first[i]));
}
