/** Zod issues in words a user can act on: the runner's errors and the manifest reader share them. */

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
