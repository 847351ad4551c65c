import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { LOCALE_CODES } from './i18n/locales.ts';

/**
 * Essays: src/content/essays/<lang>/<slug>.mdx. The entry id is "<lang>/<slug>";
 * translationKey links the versions of one essay across languages.
 */
const essays = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: './src/content/essays' }),
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
  loader: glob({ pattern: '*/*.md', base: './src/content/pages' }),
  schema: z.object({}).strict(),
});

export const collections = { essays, pages };
