/**
 * HTTP for the runner: `httpGet`, a minimal GET for readiness polls (no
 * keep-alive, bounded by a timeout), and `RawConnection`, one HTTP/1.1 TCP
 * connection driven by hand, so that verification can see what a client
 * library hides: whether a second request is answered on the same
 * connection, the exact headers, and body bytes after a HEAD response.
 */
import http from 'node:http';
import net from 'node:net';

export interface HttpResponse {
  status: number;
  contentType: string | null;
  body: Buffer;
}

/** Bodies above this are cut (the largest expected body is 133,891 bytes). */
const MAX_BODY = 64 * 1024 * 1024;

/** `host`: the server's address (another host of a --hosts layout); this machine by default. */
export function httpGet(port: number, urlPath: string, timeoutMs: number, host = '127.0.0.1'): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: urlPath, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY) chunks.push(c);
      });
      res.on('end', () => {
        const ct = res.headers['content-type'];
        resolve({ status: res.statusCode ?? 0, contentType: typeof ct === 'string' ? ct : null, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no response within ${Math.round(timeoutMs / 1000)} s`)));
    req.on('error', reject);
  });
}

/** A response read off a raw connection. Header names are lower-case; repeated headers keep every value. */
export interface RawResponse extends HttpResponse {
  /** "HTTP/1.1" or "HTTP/1.0", from the status line. */
  version: string;
  headers: Map<string, string[]>;
}

export function header(res: RawResponse, name: string): string | null {
  const values = res.headers.get(name.toLowerCase());
  return values && values.length > 0 ? values.join(', ') : null;
}

/** Whether the response announces that the server closes the connection (`Connection: close`). */
export function announcesClose(res: RawResponse): boolean {
  return (header(res, 'connection') ?? '')
    .split(',')
    .some((token) => token.trim().toLowerCase() === 'close');
}

/** One HTTP/1.1 connection to host:port (127.0.0.1 by default); requests are written one at a time, never pipelined. */
export class RawConnection {
  private socket: net.Socket;
  private buffer = Buffer.alloc(0);
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.notify();
    });
    socket.on('end', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('error', (e) => {
      this.failure = e;
      this.ended = true;
      this.notify();
    });
  }

  static open(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`could not connect to ${host}:${port} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RawConnection(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Whether the server closed (or reset) the connection. */
  get closed(): boolean {
    return this.ended;
  }

  close(): void {
    this.socket.destroy();
  }

  /** Writes one request; false if the connection is already closed. */
  send(method: 'GET' | 'HEAD', urlPath: string, port: number): boolean {
    if (this.ended || this.socket.destroyed) return false;
    this.socket.write(`${method} ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: */*\r\nUser-Agent: diezmil-verify\r\n\r\n`);
    return true;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Resolves when more bytes arrive, the connection ends, or the deadline passes (false). */
  private waitMore(deadline: number): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    const left = deadline - Date.now();
    if (left <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, left);
      this.wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  private take(n: number): Buffer {
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return Buffer.from(out);
  }

  private async until(ready: () => boolean, deadline: number, what: string): Promise<void> {
    while (!ready()) {
      if (this.ended) throw new Error(`the server closed the connection ${what}${this.failure ? ` (${this.failure.message})` : ''}`);
      if (!(await this.waitMore(deadline)) && !ready() && !this.ended) throw new Error(`timed out ${what}`);
    }
  }

  /**
   * After a HEAD response: the bytes the server sent before its next response.
   * A correct server sends none. Asks for `GET /` on the same connection and
   * counts what comes before that answer's status line (or, when the server
   * closed the connection, everything until the close); the next response
   * stays pending. No timing guess: TCP keeps the order.
   */
  async bytesBeforeNextResponse(port: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    this.send('GET', '/', port);
    const next = () => this.buffer.indexOf('HTTP/1.');
    while (next() < 0 && !this.ended) {
      if (!(await this.waitMore(deadline)) && !this.ended) break;
    }
    const at = next();
    const extra = at >= 0 ? at : this.buffer.length;
    this.take(extra);
    return extra;
  }

  /**
   * Reads one response. For a HEAD response no body is read (by definition it
   * has none, whatever Content-Length says); bytes that follow stay pending.
   */
  async read(method: 'GET' | 'HEAD', timeoutMs: number): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs;
    const headEnd = () => this.buffer.indexOf('\r\n\r\n');
    await this.until(() => headEnd() >= 0, deadline, 'before the response headers were complete');
    const head = this.take(headEnd() + 4).toString('latin1');
    const [statusLine = '', ...lines] = head.slice(0, -4).split('\r\n');
    const m = /^(HTTP\/\d\.\d) (\d{3})/.exec(statusLine);
    if (!m) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine.slice(0, 80))}`);
    const headers = new Map<string, string[]>();
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
    }
    const res: RawResponse = { version: m[1]!, status: Number(m[2]), headers, contentType: null, body: Buffer.alloc(0) };
    res.contentType = header(res, 'content-type');
    if (method === 'HEAD' || res.status === 204 || res.status === 304 || (res.status >= 100 && res.status < 200)) return res;

    const te = (header(res, 'transfer-encoding') ?? '').toLowerCase();
    const length = header(res, 'content-length');
    if (te.includes('chunked')) {
      res.body = await this.readChunked(deadline);
    } else if (length !== null) {
      const n = Number(length);
      if (!Number.isInteger(n) || n < 0 || n > MAX_BODY) throw new Error(`unusable Content-Length: ${JSON.stringify(length)}`);
      await this.until(() => this.buffer.length >= n, deadline, `after ${this.buffer.length} of ${n} body bytes`);
      res.body = this.take(n);
    } else {
      // No length: the body runs until the server closes the connection.
      while (!this.ended) {
        if (!(await this.waitMore(deadline)) && !this.ended) throw new Error('a body without length did not end within the timeout');
      }
      res.body = this.take(this.buffer.length);
    }
    return res;
  }

  private async readChunked(deadline: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = () => this.buffer.indexOf('\r\n');
      await this.until(() => lineEnd() >= 0, deadline, 'inside a chunked body');
      const size = parseInt(this.take(lineEnd() + 2).toString('latin1').split(';')[0]!.trim(), 16);
      if (!Number.isFinite(size) || size < 0) throw new Error('malformed chunk size in a chunked body');
      if (size === 0) {
        // Trailers (usually none) end with an empty line.
        for (;;) {
          await this.until(() => lineEnd() >= 0, deadline, 'in the trailers of a chunked body');
          if (this.take(lineEnd() + 2).length === 2) return Buffer.concat(parts);
        }
      }
      await this.until(() => this.buffer.length >= size + 2, deadline, 'inside a chunked body');
      parts.push(this.take(size));
      this.take(2);
    }
  }
}
