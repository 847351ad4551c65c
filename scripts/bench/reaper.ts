/**
 * The supervisor of one run (started by leftovers.ts): `node reaper.ts DIR CHECKOUT`.
 * Its stdin is a pipe from the runner, which the kernel closes when the
 * runner ends, however it ends (SIGKILL included). Then, if the runner did
 * not clean up itself (DIR still exists), it stops every process of the run
 * and removes DIR. It ignores the terminal's signals: it is in a session of
 * its own, and Ctrl-C is the runner's to handle.
 */
import { existsSync, rmSync } from 'node:fs';
import { stopProcessesOf } from './leftovers.ts';
import { removeStaleWorkDirs, workRoot } from './services/work-dir.ts';

const [dir, checkout] = process.argv.slice(2);
if (!dir) process.exit(2);
for (const sig of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(sig, () => {});
process.stdin.resume();
process.stdin.on('error', () => {});
await new Promise<void>((done) => {
  process.stdin.on('end', done);
  process.stdin.on('close', done);
});
if (existsSync(dir)) {
  await stopProcessesOf(dir);
  rmSync(dir, { recursive: true, force: true });
  // The web-stack suite's work folder (PostgreSQL's data…), now that nothing uses it.
  if (checkout) removeStaleWorkDirs(workRoot(checkout));
}
process.exit(0);
