/** The 2019 figures quoted for comparison: data/original-2019.json. */
import { z } from 'zod';

export const ORIGINAL_UNITS = ['rps', 'mibps', 'us', 'ns', 'ms', 's', 'mib', 'mb', 'opsps', 'times', 'percent'] as const;

const Figure = z.union([
  z
    .object({
      value: z.number(),
      unit: z.enum(ORIGINAL_UNITS),
      /**
       * A figure published per process and multiplied by the server's
       * processes ("85MB * 8proc = 680MB"): value is per process, and the
       * figure reads as the author wrote it, product and total.
       */
      processes: z.number().int().min(2).optional(),
      source: z.string(),
    })
    .strict(),
  z
    .object({
      /** Requests per second derived from a MiB/s figure and the body size. */
      derive: z.object({ mibps_from: z.string(), body_bytes: z.number().int().positive() }).strict(),
      unit: z.literal('rps'),
      source: z.string(),
    })
    .strict(),
]);

export const Originals = z
  .object({
    $comment: z.string().optional(),
    figures: z.record(z.string(), Figure),
    /**
     * Figures given in words or in units the site does not format ("6 months",
     * "2 GiB"), written per language exactly as the author put them; their
     * text is in src/i18n/<lang>/claims.json "originals".
     */
    texts: z.record(z.string(), z.object({ source: z.string() }).strict()),
  })
  .strict();
export type Originals = z.infer<typeof Originals>;
