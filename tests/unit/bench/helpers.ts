/** Shared helpers for the runner's tests: run the CLI on fixture implementations. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Run } from '../../../src/schemas/run.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'bench');
export const CLI = path.join(ROOT, 'scripts', 'bench', 'cli.ts');

export function tmpDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'diezmil-test-'));
}

/**
 * Locks of the test runs (scripts/bench/lock.ts): a folder of this test process's own, so that test
 * runs never refuse, or are refused by, a real run or another checkout's tests on the same machine.
 */
let lockDir: string | null = null;
export function testLockDir(): string {
  return (lockDir ??= tmpDir());
}

/** The environment for the CLI: `node` on PATH (fixture manifests call it by name). */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env['PATH'] ?? ''}`, CI: '1', DIEZMIL_LOCK_DIR: testLockDir(), ...extra };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: { env?: Record<string, string>; timeoutMs?: number; onStdout?: (text: string, child: ReturnType<typeof spawn>) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: cliEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      opts.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The only run file in a folder, parsed and validated. */
export function onlyRun(outDir: string): { file: string; run: Run } {
  const files = readdirSync(outDir).filter((f) => f.endsWith('.json'));
  if (files.length !== 1) throw new Error(`expected one run in ${outDir}, found ${files.join(', ')}`);
  const file = path.join(outDir, files[0]!);
  return { file, run: Run.parse(JSON.parse(readFileSync(file, 'utf8'))) };
}

export function cellOf(run: Run, suite: string, impl: string, test: string) {
  return run.cells.find((c) => c.suite === suite && c.impl === impl && c.test === test);
}
