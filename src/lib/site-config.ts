/**
 * data/site.json: the site's settings that are not measurements. Which runs
 * the site shows (activeRun, activeStackRun, activeVintageRun: src/lib/runs.ts) and where its
 * source lives (repository: shown in the footer and on About). Read once;
 * a bad file stops the build with the key and the fix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

export class SiteConfigError extends Error {}

export const SiteConfig = z
  .object({
    $comment: z.string().optional(),
    activeRun: z.string().min(1),
    activeStackRun: z.string().min(1).optional(),
    activeVintageRun: z.string().min(1).optional(),
    /** The repository's web address (https://…); null: no link. DIEZMIL_REPOSITORY overrides it (the Pages workflow sets it). */
    repository: z.url({ protocol: /^https?$/ }).nullable().optional(),
  })
  .strict();
export type SiteConfig = z.infer<typeof SiteConfig>;

const FILE = 'data/site.json';

function jsonPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${String(part)}`), '$');
}

export function readSiteConfig(file = FILE): SiteConfig {
  if (!existsSync(file)) return { activeRun: 'newest-complete' };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SiteConfigError(`${file} is not valid JSON (${(error as Error).message}): fix it (see its $comment) or restore it with \`git checkout -- ${file}\`.`);
  }
  const parsed = SiteConfig.safeParse(data);
  if (!parsed.success) {
    throw new SiteConfigError(`${file}: ${parsed.error.issues.map((i) => `${jsonPath(i.path)}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

const repositories = new Map<string, string | null>();

/** The repository link: DIEZMIL_REPOSITORY, else data/site.json "repository"; null when neither gives one. Read once per setting (every page's footer asks). */
export function repositoryUrl(env = process.env, file = FILE): string | null {
  const key = `${env.DIEZMIL_REPOSITORY ?? ''}\u0000${file}`;
  if (!repositories.has(key)) repositories.set(key, readRepository(env, file));
  return repositories.get(key)!;
}

function readRepository(env: NodeJS.ProcessEnv, file: string): string | null {
  const given = env.DIEZMIL_REPOSITORY?.trim();
  if (given) {
    const ok = z.url({ protocol: /^https?$/ }).safeParse(given);
    if (!ok.success) throw new SiteConfigError(`DIEZMIL_REPOSITORY=${given} is not an http(s) address: set it to the repository's web page, or unset it.`);
    return given;
  }
  return readSiteConfig(file).repository ?? null;
}
