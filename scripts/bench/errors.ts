/**
 * Errors a user can hit and fix. The CLI prints their message (which names the
 * file, the key and the fix) and no stack trace.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

// Shared with the manifest reader, which the site uses too (src/lib/zod-issues.ts).
export { formatZodIssues } from '../../src/lib/zod-issues.ts';
