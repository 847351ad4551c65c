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

/** Turns a zod issue path into `a.b[2].c`. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One line per zod issue: `path: message`. */
export function formatZodIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n');
}
