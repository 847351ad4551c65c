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
