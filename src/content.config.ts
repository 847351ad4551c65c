import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { LOCALE_CODES } from './i18n/locales.ts';

/**
 * Entry ids are "<lang>/<name>" with the language folder as it is spelled:
 * Astro's default lowercases the whole path, which made
 * src/content/pages/pt-BR/about.md the entry "pt-br/about", not found by the
 * pages of the locale "pt-BR". File names stay lowercase slugs.
 */
function localeId({ entry }: { entry: string }): string {
  const [lang, ...rest] = entry.split('/');
  return `${lang}/${rest.join('/').replace(/\.mdx?$/, '').toLowerCase()}`;
}

/**
 * Essays: src/content/essays/<lang>/<slug>.mdx. The entry id is "<lang>/<slug>";
 * translationKey links the versions of one essay across languages.
 */
const essays = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: './src/content/essays', generateId: localeId }),
  schema: z
    .object({
      /** Title in this language. */
      title: z.string().min(1),
      /** One sentence for search results and previews. */
      description: z.string().min(1),
      /** Same value in every language version; equals the slug. */
      translationKey: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
      /** Language the 2019 essay was first written in. */
      originalLanguage: z.enum(LOCALE_CODES as [string, ...string[]]),
      /** First publication: YYYY, YYYY-MM or YYYY-MM-DD. */
      originalDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/),
      /** Position in essay lists. */
      order: z.number().int().positive(),
      /** False hides a translation still being written (the source language shows instead). Default true. */
      i18nReady: z.boolean().default(true),
      /**
       * In a translation: the source-language version it was translated from and
       * that file's content hash when it was (npm run i18n:check -- --update <file>).
       */
      translatedFrom: z
        .object({ lang: z.enum(LOCALE_CODES as [string, ...string[]]), hash: z.string().regex(/^[0-9a-f]{12}$/) })
        .strict()
        .optional(),
    })
    .strict(),
});

/** Short report pages (about…): src/content/pages/<lang>/<name>.md. */
const pages = defineCollection({
  loader: glob({ pattern: '*/*.md', base: './src/content/pages', generateId: localeId }),
  schema: z.object({}).strict(),
});

export const collections = { essays, pages };
