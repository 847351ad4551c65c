/**
 * The slicer (scripts/bench/slicer/slicer.c): compiled once with cc, run against small
 * servers started here. Counts and shapes are asserted, never timings (a shared 2-core VM).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, tmpDir } from './helpers.ts';

const SOURCE = path.join(ROOT, 'scripts', 'bench', 'slicer', 'slicer.c');
const DIR = tmpDir();
const BIN = path.join(DIR, 'slicer');
const ERROR_KINDS = ['connect', 'read', 'write', 'status', 'timeout'] as const;
const LATENCY_KEYS = ['min', 'max', 'mean', 'stdev', 'p50', 'p90', 'p99'] as const;

interface Slice {
  target: number;
  index: number;
  duration_us: number;
  requests: number;
  bytes: number;
  overlap_requests: number;
  overlap_bytes: number;
  errors: Record<(typeof ERROR_KINDS)[number], number>;
  latency_us: Record<(typeof LATENCY_KEYS)[number], number | null>;
  client_cpu_seconds: number;
  ramp_us: number;
  drain_us: number;
  drain_requests: number;
  start_offset_us: number;
}

const closers: (() => void)[] = [];
after(() => closers.forEach((close) => close()));

before(() => {
  // -Werror: the brief is a warning-free build under -Wall -Wextra with exactly these flags.
  execFileSync('cc', ['-O2', '-pthread', '-Wall', '-Wextra', '-Werror', '-o', BIN, SOURCE], { stdio: 'pipe' });
});

/** Runs the slicer (asynchronously: the servers live in this process) and returns its exit, stderr and slices. */
function slicer(args: string[]): Promise<{ code: number | null; stderr: string; slices: Slice[]; ms: number }> {
  const out = path.join(tmpDir(), 'slices.json');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--out', out, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let slices: Slice[] = [];
      if (code === 0) slices = (JSON.parse(readFileSync(out, 'utf8')) as { slices: Slice[] }).slices;
      resolve({ code, stderr, slices, ms: Date.now() - started });
    });
  });
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    server.close();
    if (server instanceof http.Server) server.closeAllConnections();
  });
  return (server.address() as net.AddressInfo).port;
}

/** A Node http server that counts requests; keep-alive as Node does it (no Date header, for fixed sizes). */
async function httpServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const counter = { requests: 0, connections: 0 };
  const server = http.createServer((req, res) => {
    counter.requests++;
    res.sendDate = false;
    handler(req, res);
  });
  server.on('connection', () => counter.connections++);
  return { port: await listen(server), counter, server };
}

/** A raw server: `respond` is called once per complete request head ("\r\n\r\n"). */
async function rawServer(respond: (socket: net.Socket) => void, opts: { idleCloseMs?: number } = {}) {
  const counter = { requests: 0, connections: 0 };
  const server = net.createServer((socket) => {
    counter.connections++;
    socket.setNoDelay(true);
    if (opts.idleCloseMs) {
      // Like a server's keep-alive timeout: no traffic for this long and the socket is destroyed.
      socket.setTimeout(opts.idleCloseMs, () => socket.destroy());
    }
    socket.on('error', () => {});
    let pending = '';
    socket.on('data', (d) => {
      pending += d.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        pending = pending.slice(end + 4);
        counter.requests++;
        respond(socket);
      }
    });
  });
  return { port: await listen(server), counter };
}

/** The exact bytes one keep-alive response takes on the wire, read over a raw socket. */
function responseBytes(port: number, path: string, complete: (text: string) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (complete(text)) {
        socket.destroy();
        resolve(Buffer.byteLength(text, 'latin1'));
      }
    });
    socket.on('error', reject);
  });
}

function contentLengthDone(text: string): boolean {
  const head = text.indexOf('\r\n\r\n');
  const m = /content-length: *(\d+)/i.exec(text);
  return head >= 0 && m !== null && text.length >= head + 4 + Number(m[1]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function assertNoErrors(s: Slice) {
  assert.deepEqual(s.errors, { connect: 0, read: 0, write: 0, status: 0, timeout: 0 }, JSON.stringify(s));
}

/** A slice of whole responses of `size` bytes each: no errors, some requests, every byte counted. */
function assertWholeResponses(s: Slice, size: number) {
  assertNoErrors(s);
  assert.ok(s.requests > 0);
  assert.equal(s.bytes, s.requests * size);
  assert.ok(s.overlap_requests > 0);
  assert.ok(Math.abs(s.overlap_bytes - s.overlap_requests * size) <= size * 0.001 + 1, `${s.overlap_bytes} weighted bytes for ${s.overlap_requests} weighted requests of ${size}`);
}

/** Shape every slice must have, and latencies ordered as percentiles are. */
function assertShape(slices: Slice[], order: number[], sliceMs: number) {
  assert.deepEqual(slices.map((s) => s.target), order);
  assert.deepEqual(slices.map((s) => s.index), order.map((_, i) => i));
  assert.equal(slices[0]!.start_offset_us, 0);
  for (const [i, s] of slices.entries()) {
    assert.equal(s.duration_us, sliceMs * 1000);
    assert.deepEqual(Object.keys(s.errors), [...ERROR_KINDS]);
    assert.deepEqual(Object.keys(s.latency_us), [...LATENCY_KEYS]);
    assert.ok(s.drain_us >= 0 && s.client_cpu_seconds >= 0 && Number.isInteger(s.drain_requests) && s.drain_requests >= 0);
    if (i > 0) assert.ok(s.start_offset_us >= slices[i - 1]!.start_offset_us + sliceMs * 1000);
    const l = s.latency_us;
    if (s.requests === 0) {
      assert.ok(LATENCY_KEYS.every((k) => l[k] === null));
    } else {
      const [min, p50, p90, p99, max] = [l.min!, l.p50!, l.p90!, l.p99!, l.max!];
      assert.ok(min > 0 && min <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max, JSON.stringify(l));
      assert.ok(l.mean! >= min && l.mean! <= max && l.stdev! >= 0);
    }
  }
}

test('Content-Length responses: counted with their exact size, no errors', async () => {
  const { port, counter } = await httpServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '9' });
    res.end('Welcome!\n');
  });
  const size = await responseBytes(port, '/', contentLengthDone);
  counter.requests = counter.connections = 0;
  const r = await slicer(['--slice-ms', '100', '--order', '0,0', `127.0.0.1:${port}/@8`]);
  assert.equal(r.code, 0, r.stderr);
  assertShape(r.slices, [0, 0], 100);
  for (const s of r.slices) assertWholeResponses(s, size);
  // The server also saw the requests the drains sent, and at most one per connection per slice that ended outside the window.
  const counted = r.slices[0]!.requests + r.slices[1]!.requests + r.slices[0]!.drain_requests + r.slices[1]!.drain_requests;
  assert.ok(counter.requests >= counted && counter.requests <= counted + 2 * 8, `${counter.requests} vs ${counted}`);
  assert.equal(counter.connections, 8, 'connections are opened once and kept alive');
});

test('chunked responses from Node (no length): exact size, and the query string is sent', async () => {
  const paths: string[] = [];
  const { port } = await httpServer((req, res) => {
    if (paths.length < 5) paths.push(req.url ?? '');
    res.write('first part,');
    res.end('second part');
  });
  const size = await responseBytes(port, '/q?x=1&y=2', (t) => t.endsWith('\r\n0\r\n\r\n'));
  const r = await slicer(['--slice-ms', '100', '--order', '0', `127.0.0.1:${port}/q?x=1&y=2@4`]);
  assert.equal(r.code, 0, r.stderr);
  assertWholeResponses(r.slices[0]!, size);
  assert.deepEqual(new Set(paths), new Set(['/q?x=1&y=2']));
});

test('chunked responses split anywhere across writes, with extensions and a trailer', async () => {
  const response =
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTRANSFER-ENCODING: Chunked\r\n\r\n' +
    '5;name=value\r\nhello\r\n' +
    'a\r\n0123456789\r\n' +
    '1A ; ext\r\nabcdefghijklmnopqrstuvwxyz\r\n' +
    '0\r\nX-Trailer: yes\r\n\r\n';
  // Cut points inside the status line, between \r and \n, inside a chunk size, in data and in the trailer.
  const cuts = [7, 30, 70, 73, 76, 82, 95, 110, 115, response.length - 3, response.length - 1];
  const { port } = await rawServer(async (socket) => {
    let from = 0;
    for (const cut of [...cuts, response.length]) {
      socket.write(response.slice(from, cut));
      from = cut;
      await sleep(1);
    }
  });
  const r = await slicer(['--slice-ms', '200', '--order', '0', `127.0.0.1:${port}/@4`]);
  assert.equal(r.code, 0, r.stderr);
  assertWholeResponses(r.slices[0]!, response.length);
});

test('a Content-Length response split across writes, the body in the same write as the head end', async () => {
  const body = 'x'.repeat(1000);
  const response = `HTTP/1.1 200 OK\r\ncontent-length:${body.length}\r\n\r\n${body}`;
  const { port } = await rawServer(async (socket) => {
    socket.write(response.slice(0, 20));
    await sleep(1);
    socket.write(response.slice(20, 60)); // the head's end and the first body bytes
    await sleep(1);
    socket.write(response.slice(60));
  });
  const r = await slicer(['--slice-ms', '100', '--order', '0', `127.0.0.1:${port}/@4`]);
  assert.equal(r.code, 0, r.stderr);
  assertWholeResponses(r.slices[0]!, response.length);
});

test('a body ended by the server closing the connection counts, without read errors', async () => {
  const response = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close';
  const { port } = await rawServer((socket) => socket.end(response));
  const r = await slicer(['--slice-ms', '100', '--order', '0', `127.0.0.1:${port}/@4`]);
  assert.equal(r.code, 0, r.stderr);
  assertWholeResponses(r.slices[0]!, response.length);
});

test('order 0,1,0,1 over two threads: each slice loads only its own target', async () => {
  const hello = (_req: http.IncomingMessage, res: http.ServerResponse) => res.end('hello');
  const a = await httpServer(hello);
  const b = await httpServer(hello);
  const conns = 6;
  const r = await slicer([
    '--slice-ms', '100', '--order', '0,1,0,1', '--threads', '2',
    `127.0.0.1:${a.port}/@${conns}`, `127.0.0.1:${b.port}/@${conns}`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assertShape(r.slices, [0, 1, 0, 1], 100);
  r.slices.forEach(assertNoErrors);
  assert.ok(r.slices.every((s) => s.requests > 0));
  for (const [target, server] of [a, b].entries()) {
    const counted = r.slices.filter((s) => s.target === target).reduce((sum, s) => sum + s.requests + s.drain_requests, 0);
    // Besides the drains' requests, responses finishing after t1 reach the server but are not counted: at most one per connection per slice.
    const slack = 2 * conns;
    assert.ok(server.counter.requests >= counted && server.counter.requests <= counted + slack,
      `target ${target}: server saw ${server.counter.requests}, slices counted ${counted}`);
    assert.equal(server.counter.connections, conns);
  }
});

test('404 answers are status errors, one per request', async () => {
  const { port } = await httpServer((_req, res) => {
    res.statusCode = 404;
    res.end('no');
  });
  const r = await slicer(['--slice-ms', '100', '--order', '0', `127.0.0.1:${port}/missing@4`]);
  assert.equal(r.code, 0, r.stderr);
  const [s] = r.slices;
  assert.ok(s!.requests > 0);
  assert.deepEqual(s!.errors, { connect: 0, read: 0, write: 0, status: s!.requests, timeout: 0 });
});

test('Connection: close after every response: reconnects within the slice, no read errors', async () => {
  const { port, counter } = await httpServer((_req, res) => {
    res.setHeader('Connection', 'close');
    res.end('bye');
  });
  const r = await slicer(['--slice-ms', '100', '--order', '0', `127.0.0.1:${port}/@4`]);
  assert.equal(r.code, 0, r.stderr);
  const [s] = r.slices;
  assertNoErrors(s!);
  assert.ok(s!.requests > 4, `requests ${s!.requests}: more than one per connection`);
  assert.ok(counter.connections > 4);
});

test('idle connections closed by the server between slices are reopened before the clock', async () => {
  // Node's own keepAliveTimeout adds a 1-s buffer (Node 24), so the idle close is done by hand.
  const idle = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nidle'), { idleCloseMs: 50 });
  const other = await httpServer((_req, res) => res.end('other'));
  const conns = 4;
  const r = await slicer([
    '--slice-ms', '200', '--order', '0,1,0',
    `127.0.0.1:${idle.port}/@${conns}`, `127.0.0.1:${other.port}/@${conns}`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assertShape(r.slices, [0, 1, 0], 200);
  r.slices.forEach(assertNoErrors);
  assert.ok(r.slices[2]!.requests > 0);
  assert.equal(idle.counter.connections, 2 * conns, 'closed during the other slice, reopened once');
});

test('a server that never answers: timeout errors, and the run ends in bounded time', async () => {
  const { port, counter } = await rawServer(() => {});
  const conns = 3;
  const r = await slicer(['--slice-ms', '100', '--order', '0,0', '--timeout-ms', '300', `127.0.0.1:${port}/@${conns}`]);
  assert.equal(r.code, 0, r.stderr);
  assertShape(r.slices, [0, 0], 100);
  for (const s of r.slices) {
    assert.equal(s.requests, 0);
    assert.deepEqual(s.errors, { connect: 0, read: 0, write: 0, status: 0, timeout: conns });
    assert.ok(s.drain_us >= 100_000, 'waited for the outstanding requests');
  }
  assert.equal(counter.connections, 2 * conns, 'timed-out connections are reopened for the next slice');
  // Bound: slices × (slice + timeout) + a connect phase; generous for a loaded VM.
  assert.ok(r.ms < 5000, `took ${r.ms} ms`);
});

test('a port nobody listens on: connect errors, and the file is still written', async () => {
  const server = net.createServer();
  const port = await listen(server);
  server.close(); // the port is free now: connections are refused
  const r = await slicer(['--slice-ms', '50', '--order', '0,0', `127.0.0.1:${port}/@3`]);
  assert.equal(r.code, 0, r.stderr);
  assertShape(r.slices, [0, 0], 50);
  // The connect phase's failures belong to the first slice; the second retries them before its clock.
  assert.deepEqual(r.slices.map((s) => s.errors.connect), [3, 3]);
  assert.ok(r.slices.every((s) => s.requests === 0));
});

test('a 5 MB body is streamed and counted byte for byte', async () => {
  const body = Buffer.alloc(5_000_000, 'b');
  const head = `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`;
  const { port } = await rawServer((socket) => {
    socket.write(head);
    socket.write(body);
  });
  const chunked = await httpServer((_req, res) => {
    res.write(body.subarray(0, 2_500_000));
    res.end(body.subarray(2_500_000));
  });
  const chunkedSize = await responseBytes(chunked.port, '/', (t) => t.endsWith('\r\n0\r\n\r\n'));
  const r = await slicer(['--slice-ms', '300', '--order', '0,1', `127.0.0.1:${port}/@2`, `127.0.0.1:${chunked.port}/@2`]);
  assert.equal(r.code, 0, r.stderr);
  assertWholeResponses(r.slices[0]!, head.length + body.length);
  assertWholeResponses(r.slices[1]!, chunkedSize);
});

test('a ramp loads the server before the window opens: only responses inside the window count', async () => {
  // Four connections, 40 ms per response: a window of 200 ms counts about 4 × 5; a ramp of 200 ms before it adds as many uncounted.
  const { port, counter } = await httpServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'Content-Length': '2' });
      res.end('ok');
    }, 40);
  });
  const plain = await slicer(['--slice-ms', '200', '--order', '0', `127.0.0.1:${port}/@4`]);
  assert.equal(plain.code, 0, plain.stderr);
  const servedPlain = counter.requests;
  assert.equal(plain.slices[0]!.ramp_us, 0);
  const plainSent = plain.slices[0]!.requests + plain.slices[0]!.drain_requests;
  assert.ok(servedPlain <= plainSent + 4, `${servedPlain} served, ${plain.slices[0]!.requests} counted and ${plain.slices[0]!.drain_requests} sent in the drain`);
  counter.requests = 0;
  const ramped = await slicer(['--slice-ms', '200', '--order', '0', `127.0.0.1:${port}/@4~200`]);
  assert.equal(ramped.code, 0, ramped.stderr);
  const s = ramped.slices[0]!;
  assert.ok(Math.abs(s.ramp_us - 200_000) < 20_000, `ramp ${s.ramp_us} µs`);
  assert.equal(s.duration_us, 200_000, 'the window keeps its length');
  assertNoErrors(s);
  assert.ok(counter.requests >= s.requests + s.drain_requests + 8, `${counter.requests} served during ramp, window and drain, ${s.requests} counted in the window, ${s.drain_requests} sent in the drain`);
});

/**
 * A server whose first connection's answers take 300 ms and the others' 5 ms; it records when
 * requests arrive and when the last slow answer went out (the tests use a 200-ms window).
 */
async function slowFirstConnection() {
  let first: net.Socket | null = null;
  const seen = { arrivals: [] as number[], slowEnd: 0 };
  const { port } = await httpServer((req, res) => {
    first ??= req.socket;
    seen.arrivals.push(Date.now());
    const slow = req.socket === first;
    setTimeout(() => {
      if (slow) seen.slowEnd = Date.now();
      res.writeHead(200, { 'Content-Length': '2' });
      res.end('ok');
    }, slow ? 300 : 5);
  });
  return { port, seen };
}

test('latencies are those of requests sent in the window, also the slow ones that end after it', async () => {
  const { port } = await slowFirstConnection();
  const r = await slicer(['--slice-ms', '200', '--order', '0', `127.0.0.1:${port}/@4`]);
  assert.equal(r.code, 0, r.stderr);
  const s = r.slices[0]!;
  assertNoErrors(s);
  assert.ok(s.latency_us.max! >= 290_000, `the slow request sent at the window's start is in the latencies (max ${s.latency_us.max} µs)`);
  assert.ok(s.drain_us >= 50_000, 'the drain waited for it');
});

test('a server answering in bursts: the overlap-weighted count gives its rate, whatever bursts the window holds', async () => {
  // Every 180 ms this server answers every request waiting, all at once: 32 connections, 32 ÷ 0.18 s ≈ 178 req/s.
  // A 250-ms window holds one burst or two (128 or 256 req/s by plain count); weighting each request by its
  // share inside the window gives the rate, so Little's law (rate × latency = connections) holds in every slice.
  const waiting: http.ServerResponse[] = [];
  const { port } = await httpServer((_req, res) => waiting.push(res));
  const timer = setInterval(() => {
    for (const res of waiting.splice(0)) {
      res.writeHead(200, { 'Content-Length': '2' });
      res.end('ok');
    }
  }, 180);
  closers.push(() => clearInterval(timer));
  const r = await slicer(['--slice-ms', '250', '--order', '0,0,0,0', `127.0.0.1:${port}/@32~300`]);
  assert.equal(r.code, 0, r.stderr);
  for (const s of r.slices) {
    assertNoErrors(s);
    const rate = s.overlap_requests / (s.duration_us / 1e6);
    const inFlight = rate * (s.latency_us.mean! / 1e6);
    // 15 %: room for a late timer on a busy machine; a plain count is off by 28 % or 44 % here.
    assert.ok(Math.abs(inFlight - 32) <= 4.8, `rate ${rate.toFixed(1)} req/s × mean latency ${s.latency_us.mean} µs = ${inFlight.toFixed(1)} in flight, not 32`);
    const size = s.bytes / s.requests; // every response has the same size
    assert.ok(Number.isInteger(size) && Math.abs(s.overlap_bytes - size * s.overlap_requests) <= size * 0.001 + 1);
  }
});

test("the drain keeps the load on until the window's requests have ended, then stops", async () => {
  // The slow request sent at the window's start must end under the load it began in: the other
  // connections keep sending until it has been answered.
  const { port, seen } = await slowFirstConnection();
  const r = await slicer(['--slice-ms', '200', '--order', '0', `127.0.0.1:${port}/@4`]);
  assert.equal(r.code, 0, r.stderr);
  assertNoErrors(r.slices[0]!);
  assert.ok(seen.slowEnd > 0);
  const late = seen.arrivals.filter((t) => t > seen.slowEnd - 60 && t <= seen.slowEnd).length;
  assert.ok(late >= 3, `${late} requests arrived in the 60 ms before the slow answer; the load stopped at the window's end`);
  const after = seen.arrivals.filter((t) => t > seen.slowEnd).length;
  assert.ok(after <= 3, `${after} requests arrived after the window's last request was answered; the load should stop`);
});

test('each target may have its own window: +SLICE_MS, else --slice-ms', async () => {
  const { port } = await httpServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': '2' });
    res.end('ok');
  });
  const r = await slicer(['--slice-ms', '100', '--order', '0,1,0', `127.0.0.1:${port}/@2~10+300`, `127.0.0.1:${port}/@2`]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.slices.map((s) => s.duration_us), [300_000, 100_000, 300_000]);
  for (const s of r.slices) assert.ok(s.requests > 0);
});

test('bad arguments: exit 2 with one line naming the argument', async () => {
  const cases: [string[], RegExp][] = [
    [['--slice-ms', 'abc', '--order', '0', '127.0.0.1:1/@1'], /--slice-ms 'abc'.*e\.g\. --slice-ms 250/],
    [['--order', '0', '127.0.0.1:1/@1'], /--slice-ms is missing/],
    [['--slice-ms', '100', '127.0.0.1:1/@1'], /--order is missing/],
    [['--slice-ms', '100', '--order', '0,2', '127.0.0.1:1/@1', '127.0.0.1:2/@1'], /--order '0,2': index 2 has no target/],
    [['--slice-ms', '100', '--order', '0,,1', '127.0.0.1:1/@1'], /--order '0,,1'/],
    [['--slice-ms', '100', '--order', '0', '--threads', '0', '127.0.0.1:1/@1'], /--threads '0'/],
    [['--slice-ms', '100', '--order', '0', '--timeout-ms', '-5', '127.0.0.1:1/@1'], /--timeout-ms '-5'/],
    [['--slice-ms', '100', '--order', '0', 'localhost:80/@1'], /target 'localhost:80\/@1': HOST 'localhost' must be an IPv4 address/],
    [['--slice-ms', '100', '--order', '0', '127.0.0.1:80/x'], /target '127\.0\.0\.1:80\/x': expected HOST:PORT\/PATH@CONNECTIONS/],
    [['--slice-ms', '100', '--order', '0', '127.0.0.1:99999/@1'], /PORT '99999'/],
    [['--slice-ms', '100', '--order', '0', '127.0.0.1:80/@0'], /CONNECTIONS/],
    [['--slice-ms', '100', '--order', '0', '127.0.0.1:80/@4~x'], /RAMP_MS after '~'/],
    [['--slice-ms', '100', '--order', '0', '127.0.0.1:80/@4+0'], /SLICE_MS after '\+'/],
    [['--slice-ms', '100', '--order', '0', '127.0.0.1:80/@4+5~1'], /give ~RAMP_MS before \+SLICE_MS/],
    [['--slice-ms', '100', '--order', '0'], /no TARGET given/],
    [['--slice-ms', '100', '--order', '0', '--rate', '5', '127.0.0.1:1/@1'], /unknown option '--rate'/],
  ];
  for (const [args, message] of cases) {
    const r = await slicer(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  const missingOut = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(BIN, ['--slice-ms', '100', '--order', '0', '127.0.0.1:1/@1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
  assert.equal(missingOut.code, 2);
  assert.match(missingOut.stderr, /--out is missing/);
  const unwritable = await slicer(['--out', path.join(DIR, 'no', 'such', 'dir.json'), '--slice-ms', '10', '--order', '0', '127.0.0.1:1/@1']);
  assert.equal(unwritable.code, 1);
  assert.match(unwritable.stderr, /cannot write --out/);
});
