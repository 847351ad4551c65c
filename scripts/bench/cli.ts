/** Entry point of `npm run bench` (see --help). User errors are printed without a stack trace. */
import { UserError } from './errors.ts';
import { InvalidRunError } from './run-file.ts';
import { main } from './bench.ts';

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UserError) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exitCode = 2;
  } else if (e instanceof InvalidRunError) {
    process.stderr.write(`bug: ${e.message}\n`);
    process.exitCode = 3;
  } else {
    process.stderr.write(`internal error (a bug in scripts/bench; please report it):\n${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 3;
  }
}
