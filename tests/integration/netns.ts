/**
 * Test hosts on this machine: network namespaces joined by a bridge, each
 * running its own sshd with a key made for the test. Traffic stays on the
 * bridge's private addresses and loopback; everything is removed afterwards.
 *
 *   const lab = await createLab(['app', 'load']);   // 10.77.0.2, 10.77.0.3
 *   … ssh root@10.77.0.2 -i lab.key …
 *   await lab.destroy();
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LabHost {
  name: string;
  ns: string;
  address: string;
  sshd: ChildProcess;
}

export interface Lab {
  dir: string;
  key: string;
  /** The unprivileged user the hosts log in as (made for the test, with /bin/sh and no shell start-up files). */
  user: string;
  bridge: string;
  hosts: LabHost[];
  /** ssh options the hosts file needs for these hosts. */
  sshOptions: Record<string, string>;
  killSshd(name: string): void;
  /** Starts a killed host's sshd again and waits until it answers. */
  restartSshd(name: string): Promise<void>;
  destroy(): Promise<void>;
}

/** Why namespaces cannot be used here, or null when they can (root, iproute2, sshd present, `ip netns add` allowed). */
export function labUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  for (const tool of ['ip', '/usr/sbin/sshd', 'ssh', 'ssh-keygen', 'useradd']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (apt-get install -y iproute2 openssh-server openssh-client)`;
  }
  const probe = `dmprobe${process.pid}`;
  const r = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `ip netns add is not permitted here (${(r.stderr || '').trim()})`;
  spawnSync('ip', ['netns', 'del', probe]);
  return null;
}

const sh = (args: string[]) => execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });

/** Two test runs at once get different bridges and subnets (10.N.0.0/24, N from the pid). */
export async function createLab(names: string[], subnet = 100 + (process.pid % 100)): Promise<Lab> {
  const id = `${process.pid % 10000}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'diezmil-lab-'));
  chmodSync(dir, 0o755);
  // Log in as a user of our own: root's login shell would run root's .bashrc (pyenv, …) on every command.
  const user = `dmlab${id}`;
  const home = path.join(dir, 'home');
  mkdirSync(home);
  // '*' rather than useradd's locked '!': sshd without PAM refuses locked accounts even for keys.
  sh(['useradd', '-M', '-d', home, '-s', '/bin/sh', '-p', '*', user]);
  sh(['chown', user, home]);
  const bridge = `dmbr${id}`;
  const key = path.join(dir, 'id_ed25519');
  sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const hostKey = path.join(dir, 'host_ed25519');
  sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  writeFileSync(path.join(dir, 'authorized_keys'), sh(['cat', `${key}.pub`]));
  // sshd reads it as the user who logs in.
  chmodSync(path.join(dir, 'authorized_keys'), 0o644);
  mkdirSync('/run/sshd', { recursive: true });

  const made: { links: string[]; namespaces: string[] } = { links: [], namespaces: [] };
  const hosts: LabHost[] = [];
  const configs = new Map<string, string>();
  const startSshd = (ns: string, config: string) => spawn('ip', ['netns', 'exec', ns, '/usr/sbin/sshd', '-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  const answers = async (h: LabHost) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const r = spawnSync('ssh', ['-i', key, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'ConnectTimeout=2', '-o', 'LogLevel=ERROR', `${user}@${h.address}`, 'true'], { encoding: 'utf8', timeout: 10_000 });
      if (r.status === 0) return;
      if (Date.now() > deadline) throw new Error(`sshd in ${h.ns} did not answer: ${r.stderr}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  };
  const lab: Lab = {
    dir,
    key,
    user,
    bridge,
    hosts,
    sshOptions: { StrictHostKeyChecking: 'no', UserKnownHostsFile: '/dev/null' },
    killSshd(name) {
      const h = hosts.find((x) => x.name === name);
      if (!h) return;
      // Every sshd in this namespace (the listener and the per-connection ones); the PID namespace is shared, so pkill would hit the other hosts too.
      spawnSync('sh', ['-c', `for p in $(ip netns pids ${h.ns}); do [ "$(cat /proc/$p/comm 2>/dev/null)" = sshd ] && kill -KILL $p; done; true`]);
    },
    async restartSshd(name) {
      const h = hosts.find((x) => x.name === name);
      if (!h) return;
      h.sshd = startSshd(h.ns, configs.get(name)!);
      await answers(h);
    },
    async destroy() {
      for (const h of hosts) {
        h.sshd.kill('SIGKILL');
        // Whatever a test left running inside the namespace.
        spawnSync('sh', ['-c', `ip netns pids ${h.ns} | xargs -r kill -KILL`]);
      }
      for (const ns of made.namespaces) spawnSync('ip', ['netns', 'del', ns]);
      for (const l of made.links) spawnSync('ip', ['link', 'del', l]);
      spawnSync('sh', ['-c', `pkill -KILL -u ${user}; userdel ${user}`]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    sh(['ip', 'link', 'add', bridge, 'type', 'bridge']);
    made.links.push(bridge);
    sh(['ip', 'addr', 'add', `10.${subnet}.0.1/24`, 'dev', bridge]);
    sh(['ip', 'link', 'set', bridge, 'up']);
    names.forEach((name, i) => {
      const ns = `dm${id}${name}`;
      const outside = `dmv${id}${i}a`;
      const inside = `dmv${id}${i}b`;
      const address = `10.${subnet}.0.${i + 2}`;
      sh(['ip', 'netns', 'add', ns]);
      made.namespaces.push(ns);
      sh(['ip', 'link', 'add', outside, 'type', 'veth', 'peer', 'name', inside]);
      made.links.push(outside);
      sh(['ip', 'link', 'set', outside, 'master', bridge]);
      sh(['ip', 'link', 'set', outside, 'up']);
      sh(['ip', 'link', 'set', inside, 'netns', ns]);
      sh(['ip', 'netns', 'exec', ns, 'ip', 'addr', 'add', `${address}/24`, 'dev', inside]);
      sh(['ip', 'netns', 'exec', ns, 'ip', 'link', 'set', inside, 'up']);
      sh(['ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
      const config = path.join(dir, `sshd_${name}.conf`);
      writeFileSync(
        config,
        [
          `ListenAddress ${address}`,
          'Port 22',
          `HostKey ${hostKey}`,
          `PidFile ${path.join(dir, `sshd_${name}.pid`)}`,
          `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
          'PermitRootLogin no',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          'StrictModes no',
          'MaxSessions 100',
          'MaxStartups 100',
          'LogLevel ERROR',
        ].join('\n') + '\n',
      );
      hosts.push({ name, ns, address, sshd: startSshd(ns, config) });
      configs.set(name, config);
    });
    for (const h of hosts) await answers(h);
  } catch (e) {
    await lab.destroy();
    throw e;
  }
  return lab;
}

/** Processes still running inside a lab host's namespace (its sshd listener excluded). */
export function processesIn(h: LabHost): string[] {
  const r = spawnSync('sh', ['-c', `for p in $(ip netns pids ${h.ns}); do [ "$p" = "${h.sshd.pid}" ] || ps -o pid=,args= -p $p; done`], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/sshd/.test(l));
}
