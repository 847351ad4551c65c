/**
 * Ports of the static servers the browser tests start (playwright.config.ts).
 * Picked free by the system when the config is first loaded, not fixed: a
 * second checkout running its tests at the same time, or a preview left open,
 * would otherwise make the servers fail with "already used". The choice is
 * handed to Playwright's worker processes through the environment, since each
 * of them loads the config (and this module) again and must find the same ports.
 */
import { execFileSync } from 'node:child_process';

export const SERVERS = ['site', 'fixture', 'translations', 'compare'] as const;
export type Server = (typeof SERVERS)[number];
const ENV = 'DIEZMIL_E2E_PORTS';

/** n distinct free ports: a child process holds them all open at once, prints them and closes them. */
export function freePorts(n: number): number[] {
  const script = `
    const net = require('node:net');
    const servers = [];
    for (let i = 0; i < ${n}; i++) {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        servers.push(s);
        if (servers.length === ${n}) {
          process.stdout.write(servers.map((x) => x.address().port).join(','));
          for (const x of servers) x.close();
        }
      });
    }`;
  const ports = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).split(',').map(Number);
  if (ports.length !== n || ports.some((p) => !Number.isInteger(p) || p <= 0)) throw new Error(`could not find ${n} free ports (got "${ports.join(',')}")`);
  return ports;
}

function chosen(): number[] {
  const given = process.env[ENV]?.split(',').map(Number) ?? [];
  if (given.length === SERVERS.length && given.every((p) => Number.isInteger(p) && p > 0)) return given;
  const ports = freePorts(SERVERS.length);
  process.env[ENV] = ports.join(',');
  return ports;
}

const ports = chosen();
export const PORTS = Object.fromEntries(SERVERS.map((name, i) => [name, ports[i]!])) as Record<Server, number>;

export function serverUrl(name: Server): string {
  return `http://127.0.0.1:${PORTS[name]}`;
}
