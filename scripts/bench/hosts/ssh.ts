/**
 * OpenSSH as the transport to other hosts: the system `ssh` and `rsync`, one
 * multiplexed connection per host (ControlMaster), never a password prompt
 * (BatchMode), and failures sorted into what a user can fix.
 */
import { shellQuote } from '../placeholders.ts';
import type { SshTarget } from '../../../src/schemas/hosts.ts';

/** Options every connection uses: no prompts, quick failure on a dead network, keep-alives to notice a host that went away. */
function sshOptions(target: SshTarget, controlPath: string): string[] {
  const o: string[] = [
    '-p', String(target.port),
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=8',
    '-o', 'ServerAliveInterval=3',
    '-o', 'ServerAliveCountMax=3',
    '-o', 'ControlMaster=auto',
    '-o', `ControlPath=${controlPath}`,
    '-o', 'ControlPersist=120',
    '-o', 'LogLevel=ERROR',
  ];
  if (target.identity_file) o.push('-i', target.identity_file, '-o', 'IdentitiesOnly=yes');
  for (const [k, v] of Object.entries(target.options)) o.push('-o', `${k}=${v}`);
  return o;
}

/** `ssh … destination -- command` with the command as one shell string for the remote shell. */
export function sshArgv(target: SshTarget, controlPath: string, remoteCommand: string): string[] {
  return ['ssh', ...sshOptions(target, controlPath), target.destination, '--', remoteCommand];
}

/** `rsync -a --delete` of the checkout to a host, leaving build outputs, caches and runs behind. */
const SYNC_EXCLUDES = [
  '.git/',
  'node_modules/',
  'dist/',
  '.test-dist/',
  '.astro/',
  '.bench-work/',
  'data/runs/',
  'target/',
  '.venv*/',
  '__pycache__/',
  '.gocache/',
  'bench/**/bin/',
  'bench/**/node_modules/',
];

export function rsyncArgv(target: SshTarget, controlPath: string, from: string, toDir: string): string[] {
  const ssh = shellQuote(['ssh', ...sshOptions(target, controlPath)]);
  return ['rsync', '-a', '--delete', ...SYNC_EXCLUDES.map((e) => `--exclude=${e}`), '-e', ssh, `${from.replace(/\/?$/, '/')}`, `${target.destination}:${toDir.replace(/\/?$/, '/')}`];
}

export type SshProblem = { kind: 'auth' | 'unreachable' | 'host_key' | 'dropped'; message: string; fix: string };

/**
 * What went wrong when ssh exits 255 (its own failures; a remote command's
 * exit code is passed through otherwise). Null when ssh itself was fine.
 */
export function sshProblem(code: number | null, stderr: string, where: string, target: SshTarget): SshProblem | null {
  if (code !== 255) return null;
  const text = stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join(' / ');
  const dest = `${target.destination} port ${target.port}`;
  if (/Permission denied|Too many authentication failures|no mutual signature/i.test(stderr)) {
    return {
      kind: 'auth',
      message: `${where}: SSH authentication to ${dest} failed (${text})`,
      fix: `put your public key in ~/.ssh/authorized_keys on that host${target.identity_file ? ` (the hosts file names ${target.identity_file})` : ' or set ssh.identity_file in the hosts file'}, then check with: ssh -p ${target.port} ${target.destination} true`,
    };
  }
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(stderr)) {
    return {
      kind: 'host_key',
      message: `${where}: the host key of ${dest} is unknown or changed (${text})`,
      fix: `connect once by hand to accept it (ssh -p ${target.port} ${target.destination}), or set "options": {"StrictHostKeyChecking": "accept-new"} in the hosts file`,
    };
  }
  if (/Connection refused|timed out|No route to host|Could not resolve|Network is unreachable|Name or service not known/i.test(stderr)) {
    return {
      kind: 'unreachable',
      message: `${where}: cannot reach ${dest} (${text})`,
      fix: `check that the host is up, that sshd listens on port ${target.port}, and that this machine can reach it (ssh -p ${target.port} ${target.destination} true)`,
    };
  }
  return {
    kind: 'dropped',
    message: `${where}: the SSH connection to ${dest} was lost (${text || 'ssh exited with 255'})`,
    fix: `check the host and the network, then resume the run with --resume`,
  };
}
