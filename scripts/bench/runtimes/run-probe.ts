/** Runs a runtime's program once to ask what it is (bounded, never throws). */
import { spawnSync } from 'node:child_process';

/** Bounded to `timeoutMs` (30 s: a version query; installs pass more). */
export function runProbe(argv: readonly string[], env: Record<string, string> = {}, timeoutMs = 30_000): { ok: boolean; stdout: string; stderr: string; why: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = r.stdout ?? '';
  const stderr = r.stderr ?? '';
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { ok: false, stdout, stderr, why: code === 'EACCES' ? 'is not executable' : code === 'ENOENT' ? 'does not exist' : r.error.message };
  }
  if (r.signal === 'SIGTERM' && r.status === null) return { ok: false, stdout, stderr, why: `timed out after ${Math.round(timeoutMs / 1000)} s` };
  if (r.status !== 0) return { ok: false, stdout, stderr, why: `exited with ${r.status ?? r.signal}${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}` };
  return { ok: true, stdout, stderr, why: '' };
}

/** Which Debian package installed a file, with its version ("python3.11-minimal 3.11.2-6+deb12u6"), or null. */
export function debianPackageOf(file: string): { name: string; version: string } | null {
  const s = runProbe(['dpkg-query', '-S', file]);
  if (!s.ok) return null;
  const name = s.stdout.split(':')[0]?.trim();
  if (!name) return null;
  const v = runProbe(['dpkg-query', '-W', '-f=${Version}', name]);
  return { name, version: v.ok ? v.stdout.trim() : '?' };
}
