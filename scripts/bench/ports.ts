/** Free TCP ports on 127.0.0.1. */
import net from 'node:net';

/** True if something accepts connections on the port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(1000, () => done(true));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function osPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A port the OS says is free and that nothing answers on (bounded tries). */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await osPort();
    if (port > 0 && !(await portInUse(port))) return port;
  }
  throw new Error('no free TCP port found on 127.0.0.1 after 20 tries');
}
