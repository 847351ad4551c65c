/**
 * The one list of languages. Adding a language = an entry in locales.json,
 * a dictionary src/i18n/<code>.json, claim texts src/i18n/<code>/claims.json
 * and translated essays (TRANSLATING.md); no code changes.
 */
import { z } from 'zod';
import raw from './locales.json' with { type: 'json' };

const Locale = z
  .object({
    /**
     * A BCP 47 tag as it appears in URLs and hreflang: a language, optionally a
     * script and a region ("fr", "pt-BR", "es-MX", "zh-Hant", "es-419").
     */
    code: z.string().regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/, 'a BCP 47 tag like "fr", "pt-BR" or "zh-Hant"'),
    label: z.string().min(1),
    /** BCP 47 tag for Intl formatting, e.g. "es-ES". */
    intl: z.string().min(2),
    dir: z.enum(['ltr', 'rtl']),
    /**
     * A language still being translated: its missing UI keys and claim texts
     * show in the default language, marked with its lang, its missing essays
     * show the source text under a notice, and npm run i18n:check only warns
     * about them (counting them as not translated). In a finished language (the
     * default) anything missing is an error.
     */
    inProgress: z.boolean().default(false),
  })
  .strict();

const LocalesConfig = z
  .object({ defaultLocale: z.string(), locales: z.array(Locale).min(1) })
  .strict()
  .refine((c) => c.locales.some((l) => l.code === c.defaultLocale), {
    message: 'defaultLocale must be one of locales[].code',
  });

export type Locale = z.infer<typeof Locale>;
const localesConfig = LocalesConfig.parse(raw);
export const LOCALES = localesConfig.locales;
export const LOCALE_CODES = LOCALES.map((l) => l.code);
export const DEFAULT_LOCALE = localesConfig.defaultLocale;

export function getLocale(code: string | undefined): Locale {
  const found = LOCALES.find((l) => l.code === code);
  if (!found) throw new Error(`Unknown locale "${code}". Known: ${LOCALE_CODES.join(', ')} (src/i18n/locales.json).`);
  return found;
}
