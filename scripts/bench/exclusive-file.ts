/**
 * Creating a file only if it does not exist, complete from the start: the
 * text goes to a temporary file that is then hard-linked into place. link()
 * fails with EEXIST when another process created the file an instant ago,
 * where a check before writing would not see it, and a reader never sees half
 * a file. Used for run files (run-file.ts) and CPU locks (lock.ts).
 */
import { linkSync, rmSync, writeFileSync } from 'node:fs';

/** Writes `file` with `text` unless it exists; false when it does. */
export function createExclusive(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}
