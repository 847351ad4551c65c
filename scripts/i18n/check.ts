/**
 * npm run i18n:check — the translator's checklist, with file paths:
 *   - placeholders: every message keeps the default language's {{placeholders}}, in
 *     every plural form (a typo such as {{cout}} is an error)
 *   - UI dictionaries (src/i18n/<lang>.json) and claim texts
 *     (src/i18n/<lang>/claims.json): unknown keys are errors; missing ones are
 *     errors in a finished language, one warning per file in a language marked
 *     "inProgress" (the site shows the default language there, marked), and
 *     are counted as not translated
 *   - essays: every language version cites the same claim and metric ids (errors)
 *   - essays in a folder that is not a locale of src/i18n/locales.json (errors)
 *   - missing essays: errors, except in a language marked "inProgress" in
 *     locales.json (the site shows the source language with a notice there)
 *   - outdated translations (the source changed since translatedFrom.hash):
 *     warnings
 *   (--strict turns every warning into an error)
 *
 * Options:
 *   --root <dir>       project root (default .); --i18n <dir> and --essays <dir> are relative to it
 *   --update <file>…   after re-translating (or to accept a source typo fix): set the file's
 *                      translatedFrom to its source's current hash, then check
 *   --strict           missing and outdated essays are errors too
 *   --json             print the status as JSON
 * Exit status: 1 when there are errors, else 0.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { claimTextsFile, extraTextMessage, missingTextMessage } from '../../src/i18n/claim-texts.ts';
import { placeholderProblems } from '../../src/i18n/translator.ts';
import {
  contentHash,
  layout as makeLayout,
  readEssays,
  readLocales,
  sourceOf,
  translationStatus,
  withTranslatedFrom,
  type Layout,
  type TranslationStatus,
} from '../../src/lib/translation-status.ts';
import { citedIds, compareCitations } from '../essays/lint.ts';

export interface CheckResult {
  errors: string[];
  warnings: string[];
  status: TranslationStatus;
}

export function checkTranslations(l: Layout, opts: { strict?: boolean } = {}): CheckResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const status = translationStatus(l);
  const { locales } = readLocales(l);

  // A language in progress may leave UI keys and claim texts untranslated: the site shows the
  // default language's text there, marked with its language. Elsewhere a missing one is an error.
  const inProgress = new Set(readLocales(l).inProgress);
  const partial = (lang: string) => inProgress.has(lang) && lang !== status.defaultLocale;
  const some = (list: string[]) => `${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}`;

  // UI dictionaries.
  for (const k of status.keys) {
    if (k.unreadable) {
      errors.push(k.unreadable);
      continue;
    }
    errors.push(...k.invalid);
    if (!k.missing.length) continue;
    if (partial(k.lang))
      (opts.strict ? errors : warnings).push(
        `${k.file}: ${k.missing.length} of ${k.total} keys not translated yet (the site shows them in ${status.defaultLocale}, marked as ${status.defaultLocale}): ${some(k.missing)}. Translate them from ${l.i18nDir}/${status.defaultLocale}.json (src/i18n/keys.ts says what each is for).`,
      );
    else errors.push(...k.missingProblems);
  }

  // Placeholders: compared with the default language's message, key by key and plural form by form.
  const sourceFile = join(l.i18nDir, `${status.defaultLocale}.json`);
  const readDict = (file: string): Record<string, unknown> | null => {
    try {
      return JSON.parse(readFileSync(join(l.root, file), 'utf8')) as Record<string, unknown>;
    } catch {
      return null; // reported above as unreadable
    }
  };
  const sourceDict = readDict(sourceFile);
  if (sourceDict) {
    for (const k of status.keys) {
      if (k.lang === status.defaultLocale || k.unreadable) continue;
      const dict = readDict(k.file);
      if (dict) errors.push(...placeholderProblems(k.file, dict, sourceDict, k.lang, sourceFile));
    }
  }

  // Claim texts (src/i18n/<lang>/claims.json).
  for (const c of status.texts) {
    errors.push(...c.invalid, ...c.extra.map((p) => extraTextMessage(c.file, p)));
    const fallbackFile = claimTextsFile(status.defaultLocale, l.i18nDir);
    if (!c.missing.length) continue;
    if (partial(c.lang))
      (opts.strict ? errors : warnings).push(
        `${c.file}: ${c.missing.length} of ${c.total} claim texts not translated yet (the site shows them in ${status.defaultLocale}, marked as such): ${some(c.missing)}. Translate them from ${fallbackFile}.`,
      );
    else errors.push(...c.missing.map((p) => missingTextMessage(c.file, p, fallbackFile)));
  }

  // Essays.
  const essays = readEssays(l);
  const langs = new Set(locales);
  for (const [slug, versions] of essays) {
    for (const v of versions.values()) {
      if (!langs.has(v.lang)) errors.push(`${v.file}: "${v.lang}" is not a locale of ${join(l.i18nDir, 'locales.json')} — add the locale or move the file.`);
      const hash = v.fm.translatedFrom?.hash;
      if (hash !== undefined && !/^[0-9a-f]{12}$/.test(hash)) errors.push(`${v.file}: translatedFrom.hash "${hash}" must be 12 hex digits (run npm run i18n:check -- --update ${v.file}).`);
    }
    const byLang = new Map<string, Set<string>>();
    for (const v of versions.values()) if (langs.has(v.lang) && v.fm.i18nReady !== false) byLang.set(v.lang, citedIds(v.text));
    for (const p of compareCitations(slug, byLang)) {
      const file = p.file.replace(/^src\/content\/essays\//, `${l.essaysDir.split(sep).join('/')}/`);
      errors.push(`${file}: ${p.message}`);
    }
  }
  for (const e of status.essays) {
    for (const c of e.cells) {
      if (c.state === 'missing')
        (opts.strict || !inProgress.has(c.lang) ? errors : warnings).push(
          `${c.file}: missing (${c.reason}) — /${c.lang}/essays/${e.slug}/ shows the ${e.sourceLang} text with a "not translated yet" notice. Translate ${e.sourceFile}.`,
        );
      else if (c.state === 'outdated' && c.noHash)
        // A new translation: the guide's last step records which source version it translates.
        (opts.strict ? errors : warnings).push(
          `${c.file}: no translatedFrom yet, so it counts as possibly outdated — when the translation is done, run npm run i18n:check -- --update ${c.file}`,
        );
      else if (c.state === 'outdated')
        (opts.strict ? errors : warnings).push(
          `${c.file}: may be outdated — ${c.reason}. Update the translation, then run npm run i18n:check -- --update ${c.file}`,
        );
    }
  }
  return { errors, warnings, status };
}

/** Sets translatedFrom of an essay file to its source's current hash; returns the new hash. */
export function updateHash(l: Layout, file: string): { lang: string; hash: string } {
  const abs = resolve(file);
  const essaysRoot = resolve(l.root, l.essaysDir);
  const rel = relative(essaysRoot, abs).split(sep);
  if (rel.length !== 2 || rel[0] === '..' || !rel[1]!.endsWith('.mdx'))
    throw new Error(`${file} is not an essay under ${join(l.root, l.essaysDir)}/<lang>/<slug>.mdx`);
  const [lang, name] = rel as [string, string];
  const versions = readEssays(l).get(name.replace(/\.mdx$/, ''));
  const source = versions && sourceOf(versions, readLocales(l).defaultLocale);
  if (!source) throw new Error(`${file}: no such essay`);
  if (source.lang === lang) throw new Error(`${file} is the source version (originalLanguage ${source.lang}); update the translations of it instead`);
  const hash = contentHash(source.text);
  writeFileSync(abs, withTranslatedFrom(readFileSync(abs, 'utf8'), source.lang, hash));
  return { lang: source.lang, hash };
}

export function formatStatus(s: TranslationStatus): string {
  const lines = ['UI keys:'];
  const share = (present: number, total: number) => `${present}/${total} (${total ? Math.floor((present / total) * 1000) / 10 : 100} %)`;
  for (const k of s.keys)
    lines.push(`  ${k.lang}: ${share(k.present, k.total)} translated${k.missing.length ? `, ${k.missing.length} not yet` : ''}${k.invalid.length ? `, ${k.invalid.length} invalid` : ''} (${k.file})`);
  lines.push('Claim texts:');
  for (const k of s.texts)
    lines.push(`  ${k.lang}: ${share(k.present, k.total)} translated${k.missing.length ? `, ${k.missing.length} not yet` : ''}${k.extra.length ? `, ${k.extra.length} unknown` : ''} (${k.file})`);
  lines.push('Essays:');
  for (const e of s.essays) lines.push(`  ${e.slug} (source ${e.sourceLang}@${e.sourceHash}): ${e.cells.map((c) => `${c.lang} ${c.state}`).join(', ')}`);
  return lines.join('\n');
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      root: { type: 'string', default: '.' },
      i18n: { type: 'string', default: 'src/i18n' },
      essays: { type: 'string', default: 'src/content/essays' },
      update: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const l = makeLayout(values.root, values.i18n, values.essays);
  if (values.update) {
    if (!positionals.length) {
      console.error('usage: npm run i18n:check -- --update <essay file>…');
      process.exit(2);
    }
    for (const file of positionals) {
      try {
        const { lang, hash } = updateHash(l, file);
        console.log(`${file}: translatedFrom ${lang} at ${hash}`);
      } catch (e) {
        console.error((e as Error).message);
        process.exit(2);
      }
    }
  }
  const { errors, warnings, status } = checkTranslations(l, { strict: values.strict });
  if (values.json) console.log(JSON.stringify({ errors, warnings, status }, null, 2));
  else console.log(formatStatus(status));
  for (const w of warnings) console.warn(`warning: ${w}`);
  for (const e of errors) console.error(`error: ${e}`);
  if (errors.length) {
    console.error(`\ni18n:check: ${errors.length} error(s), ${warnings.length} warning(s). See TRANSLATING.md.`);
    process.exit(1);
  }
  console.log(`i18n:check: no errors, ${warnings.length} warning(s).`);
}
