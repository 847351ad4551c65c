/**
 * A real Ctrl-C: `npm run bench` runs in a pseudo-terminal (util-linux
 * `script`), and the test types Ctrl-C into it, so the terminal sends SIGINT
 * to the whole foreground process group (npm, the runner and its children),
 * as a reader's terminal does. Before any cell has finished, the runner must
 * clear its progress line before it speaks, print no unrelated warning, leave
 * no empty run file behind and exit 130.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { FIXTURES, ROOT, testLockDir, tmpDir } from '../../unit/bench/helpers.ts';

/** ESC [2K: the terminal's "clear the line". */
const CLEAR_LINE = `${String.fromCharCode(27)}[2K`;
const escapeRegExp = (s: string) => s.replace(/[[\]\\^$.|?*+(){}]/g, '\\$&');

/** The lines a terminal would show: `\r` returns to the start of the line, ESC[2K clears it. */
function screenLines(output: string): string[] {
  return output.split('\n').map((raw) => {
    let line = '';
    let col = 0;
    const tokens = raw.split(new RegExp(`(\r|${escapeRegExp(CLEAR_LINE)})`));
    for (const tok of tokens) {
      if (tok === '\r') col = 0;
      else if (tok === CLEAR_LINE) line = '';
      else if (tok) {
        line = line.slice(0, col) + tok + line.slice(col + tok.length);
        col += tok.length;
      }
    }
    return line;
  });
}

test('screenLines renders carriage returns and line clears', () => {
  assert.deepEqual(screenLines('abc\r\x1b[2Kxy\nfoo\rb'), ['xy', 'boo']);
  assert.deepEqual(screenLines('[1/2] cell · ETA 4 s^C\r\x1b[2K\r\nSIGINT: stopping'), ['', 'SIGINT: stopping']);
  // The defect: a message written over an uncleared status line.
  assert.deepEqual(screenLines('[1/2] cell · ETA 4 s\nwarning'), ['[1/2] cell · ETA 4 s', 'warning']);
});

test('Ctrl-C in a terminal before any cell finished: a clean message, no run file, exit 130', { timeout: 90_000 }, async (t) => {
  if (spawnSync('script', ['--version']).status !== 0) return t.skip('util-linux `script` is not installed');
  if (spawnSync('npm', ['--version']).status !== 0) return t.skip('npm is not on PATH');
  const out = tmpDir();
  const cmd = `npm run bench -- --suite cpu --bench-dir ${FIXTURES} --rounds 6 --out ${out}`;
  // No CI variable: the progress line is drawn in place, as in a terminal.
  const env = Object.fromEntries(Object.entries({ ...process.env, TERM: 'xterm', DIEZMIL_LOCK_DIR: testLockDir() }).filter(([k]) => k !== 'CI'));
  const result = await new Promise<{ code: number | null; text: string }>((resolve) => {
    const child = spawn('script', ['-q', '-e', '-c', cmd, '/dev/null'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let text = '';
    let typed = false;
    const onData = (c: Buffer) => {
      text += c.toString();
      // While the first cell's rounds run (its progress line is on screen), type Ctrl-C.
      if (!typed && /round 1/.test(text)) {
        typed = true;
        child.stdin.write('\x03');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 80_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, text });
    });
  });
  const screen = screenLines(result.text.replace(/\r\n/g, '\n'));
  const shown = screen.join('\n');
  assert.equal(result.code, 130, shown);
  const stopping = screen.findIndex((l) => l.includes('SIGINT: stopping'));
  assert.ok(stopping >= 0, shown);
  assert.equal(screen[stopping], 'SIGINT: stopping; killing child processes…', 'the message starts its own line: the progress line was cleared');
  assert.ok(!screen.some((l) => /ETA/.test(l) && /SIGINT|removed|Saved/.test(l)), shown);
  assert.doesNotMatch(shown, /warning|probe/i);
  assert.match(shown, /No cell had finished; removed .*\.json\./);
  assert.deepEqual(readdirSync(out), [], 'no run file is left behind');
});
