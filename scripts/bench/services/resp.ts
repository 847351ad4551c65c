/**
 * A minimal Redis client (RESP2 over one short TCP connection): enough for
 * the runner to see that Redis is up, read its settings and check that a
 * stack's cache really holds `world:<id>`. No library: the runner has none.
 */
import net from 'node:net';

export type RespValue = string | number | null | RespValue[] | RespError;

class RespError extends Error {}

/** Encodes one command as a RESP array of bulk strings. */
function encodeCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return Buffer.from(parts.join(''));
}

/** Parses one reply at `at`; null when the buffer does not hold a whole reply yet. */
function parseReply(buf: Buffer, at = 0): { value: RespValue; next: number } | null {
  const lineEnd = buf.indexOf('\r\n', at);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buf[at]!);
  const line = buf.subarray(at + 1, lineEnd).toString('utf8');
  const after = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new RespError(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, next: after };
      if (buf.length < after + n + 2) return null;
      return { value: buf.subarray(after, after + n).toString('utf8'), next: after + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, next: after };
      const items: RespValue[] = [];
      let pos = after;
      for (let i = 0; i < n; i++) {
        const r = parseReply(buf, pos);
        if (!r) return null;
        items.push(r.value);
        pos = r.next;
      }
      return { value: items, next: pos };
    }
    default:
      throw new Error(`not a RESP reply: ${JSON.stringify(buf.subarray(at, at + 40).toString('utf8'))}`);
  }
}

/** Sends the commands in one go on a new connection and returns their replies in order. */
function respCommands(port: number, commands: ReadonlyArray<readonly string[]>, timeoutMs = 5000, host = '127.0.0.1'): Promise<RespValue[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    const replies: RespValue[] = [];
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(replies);
    };
    const timer = setTimeout(() => finish(new Error(`Redis on ${host}:${port} did not answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    socket.on('connect', () => socket.write(Buffer.concat(commands.map((c) => encodeCommand(c)))));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        let r = parseReply(buf);
        while (r) {
          replies.push(r.value);
          buf = buf.subarray(r.next);
          if (replies.length === commands.length) return finish(null);
          r = buf.length > 0 ? parseReply(buf) : null;
        }
      } catch (e) {
        finish(e as Error);
      }
    });
    socket.on('error', (e) => finish(e));
    socket.on('close', () => finish(new Error(`Redis on ${host}:${port} closed the connection`)));
  });
}

export async function respCommand(port: number, args: readonly string[], timeoutMs = 5000, host = '127.0.0.1'): Promise<RespValue> {
  const [reply] = await respCommands(port, [args], timeoutMs, host);
  if (reply instanceof RespError) throw reply;
  return reply ?? null;
}

/** `INFO <section>` as a map of its `key:value` lines. */
export async function redisInfo(port: number, section: string, host = '127.0.0.1'): Promise<Map<string, string>> {
  const text = await respCommand(port, ['INFO', section], 5000, host);
  const out = new Map<string, string>();
  if (typeof text !== 'string') return out;
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) out.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return out;
}
