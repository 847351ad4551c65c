/**
 * The slicer (scripts/bench/slicer/slicer.c): compiled once with cc, run against small
 * servers started here. Counts, shapes and properties are asserted; a duration appears only
 * as a lower bound a timer guarantees, or as a bound many times what is expected (a shared 2-core VM).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseSlicerLines, SLICER_SOURCES, slicerCompileArgv, type SliceRecord } from '../../../scripts/bench/slicer-run.ts';
import { tmpDir } from '../../unit/bench/helpers.ts';

const DIR = tmpDir();
const BIN = path.join(DIR, 'slicer');
const ERROR_KINDS = ['connect', 'read', 'write', 'status', 'timeout'] as const;
const LATENCY_KEYS = ['min', 'max', 'mean', 'stdev', 'p50', 'p90', 'p99'] as const;

/**
 * A line of the slicer's output as written: the runner's record of it (slicer-run.ts), except that the
 * latencies of a slice without samples are keys with null values, which the runner reads as no latencies.
 */
type Slice = Omit<SliceRecord, 'latency_us'> & { latency_us: Record<(typeof LATENCY_KEYS)[number], number | null> };

const closers: (() => void)[] = [];
after(() => closers.forEach((close) => close()));

before(() => {
  // -Werror: the brief is a warning-free build under -Wall -Wextra with the runner's flags.
  const [cc, ...args] = slicerCompileArgv(BIN, SLICER_SOURCES);
  execFileSync(cc!, [...args, '-Wall', '-Wextra', '-Werror'], { stdio: 'pipe' });
});

/** The slices of a slicer's output: a line of JSON per slice (a line cut short by a kill is left out). */
function readSlices(text: string): Slice[] {
  return text
    .split('\n')
    .slice(0, -1)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Slice);
}

/** Runs the slicer (asynchronously: the servers live in this process) and returns its exit, stderr and slices. */
function slicer(args: string[]): Promise<{ code: number | null; stderr: string; slices: Slice[]; ms: number }> {
  const out = path.join(tmpDir(), 'slices.jsonl');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--out', out, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const slices = code === 0 ? readSlices(readFileSync(out, 'utf8')) : [];
      resolve({ code, stderr, slices, ms: Date.now() - started });
    });
  });
}

/** Every request a slice's load sent reached the server: priming, ramp, window and drain requests. */
const sent = (slices: Slice[]) => slices.reduce((n, s) => n + s.primed + s.window_requests + s.drain_requests, 0);

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
  // Without a ramp every request is a priming, window or drain request, and the server saw each of them.
  assert.equal(counter.requests, sent(r.slices));
  assert.deepEqual(r.slices.map((s) => s.primed), [8, 0], 'every connection primed once, before the first slice');
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
    assert.equal(server.counter.requests, sent(r.slices.filter((s) => s.target === target)), `target ${target}`);
    assert.equal(server.counter.connections, conns);
  }
});

test('404 answers are status errors, one per request', async () => {
  const { port } = await httpServer((_req, res) => {
    res.statusCode = 404;
    res.end('no');
  });
  const r = await slicer(['--slice-ms', '300', '--order', '0', `127.0.0.1:${port}/missing@4`]);
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
  // The other server's slice lasts 2.5 idle closes, so every connection is closed while it is loaded; the idle
  // close (1 s) is far longer than the step from reopening to the clock, so that only a machine stalled for a
  // second could close a freshly primed connection before its slice.
  const idleCloseMs = 1000;
  const idle = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nidle'), { idleCloseMs });
  const other = await httpServer((_req, res) => res.end('other'));
  const conns = 4;
  const r = await slicer([
    '--slice-ms', '200', '--order', '0,1,0',
    `127.0.0.1:${idle.port}/@${conns}`, `127.0.0.1:${other.port}/@${conns}+${2.5 * idleCloseMs}`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.slices.map((s) => [s.target, s.duration_us]), [[0, 200_000], [1, 2.5 * idleCloseMs * 1000], [0, 200_000]]);
  r.slices.forEach(assertNoErrors);
  assert.ok(r.slices[2]!.requests > 0);
  // Reopened before the clock: every connection of the idle server was primed again in the second slice's preparation.
  assert.equal(r.slices[2]!.primed, conns, 'every closed connection reopened and primed before the clock');
  assert.ok(idle.counter.connections >= 2 * conns, 'closed during the other slice and opened again');
});

test('a server that never answers: timeout errors, and the run ends in bounded time', async () => {
  const { port, counter } = await rawServer(() => {});
  const conns = 3;
  const r = await slicer(['--slice-ms', '100', '--order', '0,0', '--timeout-ms', '300', `127.0.0.1:${port}/@${conns}`]);
  assert.equal(r.code, 0, r.stderr);
  assertShape(r.slices, [0, 0], 100);
  // The priming requests time out (the connect phase's for the first slice, the second slice's own), and the
  // slices run without the connections: nothing is counted, nothing waits.
  for (const s of r.slices) {
    assert.equal(s.requests, 0);
    assert.deepEqual(s.errors, { connect: 0, read: 0, write: 0, status: 0, timeout: conns });
    assert.equal(s.primed, 0);
  }
  assert.equal(counter.connections, 2 * conns, 'timed-out connections are reopened for the next slice');
  // Far below the worst case (connect phase 2T, then per slice 2T + window + 2T = 2.7 s here).
  assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
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
  assert.equal(plain.slices[0]!.ramp_us, 0);
  assert.equal(counter.requests, sent(plain.slices), 'no ramp: nothing is sent before the window');
  counter.requests = 0;
  const ramped = await slicer(['--slice-ms', '200', '--order', '0', `127.0.0.1:${port}/@4~200`]);
  assert.equal(ramped.code, 0, ramped.stderr);
  const s = ramped.slices[0]!;
  assert.equal(s.ramp_us, 200_000, 'the window opens RAMP_MS after the first requests');
  assert.equal(s.duration_us, 200_000, 'the window keeps its length');
  assertNoErrors(s);
  // 40 ms per response on 4 connections: a 200-ms ramp sends at least 4 requests before the window (a timer is never early).
  const rampSent = counter.requests - sent(ramped.slices);
  assert.ok(rampSent >= 4, `${rampSent} requests sent in the ramp`);
  assert.equal(s.latency_samples, s.window_requests, 'every request of the window has its latency, none of the ramp');
});

/**
 * A server whose first connection's answers take `slowMs` and the others' `fastMs`. When it
 * answers a slow request it notes how many fast connections have a request waiting, how long ago
 * the last fast request arrived and how many requests have arrived so far; `arrivals` counts them all.
 */
async function slowFirstConnection(slowMs = 300, fastMs = 5) {
  let first: net.Socket | null = null;
  const waiting = new Set<net.Socket>();
  let lastFastArrival = -Infinity;
  const seen = { arrivals: 0, slowAnswers: [] as { fastWaiting: number; sinceFastArrivalMs: number; arrivals: number }[] };
  const { port } = await httpServer((req, res) => {
    first ??= req.socket;
    seen.arrivals++;
    const slow = req.socket === first;
    if (!slow) {
      waiting.add(req.socket);
      lastFastArrival = performance.now();
    }
    setTimeout(() => {
      if (slow) seen.slowAnswers.push({ fastWaiting: waiting.size, sinceFastArrivalMs: performance.now() - lastFastArrival, arrivals: seen.arrivals });
      else waiting.delete(req.socket);
      res.writeHead(200, { 'Content-Length': '2' });
      res.end('ok');
    }, slow ? slowMs : fastMs);
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
  // Every PERIOD ms this server answers every request waiting, all at once: 32 connections, 32 per period.
  // A window of 1.5 periods holds one burst or two (a plain count is off by a third either way); weighting each
  // request by its share inside the window gives the rate, so Little's law (rate × latency = connections) holds
  // in every slice. A timer late by up to a third of a period (a loaded machine) still leaves a burst in every
  // window and keeps the weighted count within 22 % (simulated); 25 % allows that, and no plain count.
  const PERIOD = 600;
  const conns = 32;
  const waiting: http.ServerResponse[] = [];
  const { port } = await httpServer((_req, res) => waiting.push(res));
  const timer = setInterval(() => {
    for (const res of waiting.splice(0)) {
      res.writeHead(200, { 'Content-Length': '2' });
      res.end('ok');
    }
  }, PERIOD);
  closers.push(() => clearInterval(timer));
  const r = await slicer(['--slice-ms', String(1.5 * PERIOD), '--order', '0,0,0', `127.0.0.1:${port}/@${conns}~${PERIOD}`]);
  assert.equal(r.code, 0, r.stderr);
  for (const s of r.slices) {
    assertNoErrors(s);
    const rate = s.overlap_requests / (s.duration_us / 1e6);
    const inFlight = rate * (s.latency_us.mean! / 1e6);
    assert.ok(Math.abs(inFlight - conns) <= 0.25 * conns, `rate ${rate.toFixed(1)} req/s × mean latency ${s.latency_us.mean} µs = ${inFlight.toFixed(1)} in flight, not ${conns}`);
    const size = s.bytes / s.requests; // every response has the same size
    assert.ok(Number.isInteger(size) && Math.abs(s.overlap_bytes - size * s.overlap_requests) <= size * 0.001 + 1);
  }
});

for (const threads of [1, 2, 4]) {
  test(`the drain keeps the load on until the window's requests have ended, on every thread, then stops (--threads ${threads})`, async () => {
    // With threads, one connection per thread: the slow one (600 ms, on thread 0) is sent as the 200-ms
    // window opens and must end under the load it began in, so the fast ones (100 ms, each on a thread of
    // its own) go on sending until it has been answered, and then stop.
    const conns = threads === 1 ? 4 : threads;
    const fast = conns - 1;
    const { port, seen } = await slowFirstConnection(600, 100);
    const r = await slicer(['--slice-ms', '200', '--order', '0', '--threads', String(threads), `127.0.0.1:${port}/@${conns}`]);
    assert.equal(r.code, 0, r.stderr);
    const s = r.slices[0]!;
    assertNoErrors(s);
    // The first slow answer is its priming request's; the second, the window's.
    assert.equal(seen.slowAnswers.length, 2);
    const windowSlow = seen.slowAnswers[1]!;
    // Load on: a fast request arrived less than a fast answer (100 ms) and a margin before the slow answer. Had the
    // load stopped at t1, the last one would have arrived at least 400 ms before it (600 ms after t0 = t1 − 200 ms).
    // Not "a fast request is waiting": on a loaded machine a fast timer due just before the slow one runs in the same
    // batch, and the fast connection's next request is still on its way.
    assert.ok(
      windowSlow.sinceFastArrivalMs < 250,
      `the last fast request arrived ${windowSlow.sinceFastArrivalMs.toFixed(0)} ms before the window's slow request was answered (${windowSlow.fastWaiting} waiting): the load had stopped`,
    );
    assert.ok(s.drain_requests >= fast, `${s.drain_requests} requests sent in the drain`);
    // Then stops: a load left on would go on until the drain's deadline (t1 + 20 s), some 200 requests per fast
    // connection. One per fast connection is on its way when the slow answer is sent; a client thread that reads that
    // answer late (a loaded machine) lets each fast connection send one or two more, which a bound of 3 allows.
    const after = seen.arrivals - windowSlow.arrivals;
    assert.ok(after <= 3 * fast, `${after} requests arrived after the window's last request was answered: the load did not stop`);
    // A timer is never early: the slow request ended at least 600 ms after it was sent, 400 ms after t1.
    assert.ok(s.drain_us >= 399_000, `drain ${s.drain_us} µs`);
    assert.equal(s.latency_samples, s.window_requests);
  });
}

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

test('a server that hands connections over slowly is measured once all are served: no timeouts, no long drain', async () => {
  // Like Node's cluster primary, which passes accepted connections to its worker one at a time: the
  // k-th connection is first served 40 × k ms after it was accepted (the 25th after about 1 s); a request
  // on a connection not handed over yet waits. The slicer primes every connection before its first slice,
  // so when the last one is handed over, only the priming requests have been sent.
  const conns = 25;
  const step = 40;
  let accepted = 0;
  let handed = 0;
  let arrivals = 0;
  let arrivalsAtLastHandover = -1;
  const response = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
  const server = net.createServer((socket) => {
    const k = accepted++;
    let ready = false;
    let queued = 0;
    let pending = '';
    socket.on('error', () => {});
    socket.on('data', (d) => {
      pending += d.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        pending = pending.slice(end + 4);
        arrivals++;
        if (ready) socket.write(response);
        else queued++;
      }
    });
    setTimeout(() => {
      ready = true;
      if (++handed === conns) arrivalsAtLastHandover = arrivals;
      for (; queued > 0; queued--) socket.write(response);
    }, step * k);
  });
  const port = await listen(server);
  const r = await slicer(['--slice-ms', '200', '--order', '0,0', `127.0.0.1:${port}/@${conns}~50`]);
  assert.equal(r.code, 0, r.stderr);
  assertShape(r.slices, [0, 0], 200);
  r.slices.forEach(assertNoErrors);
  assert.equal(r.slices[0]!.primed, conns);
  assert.equal(arrivalsAtLastHandover, conns, 'the first slice began only after every connection had been served once');
  for (const s of r.slices) {
    // The drain holds the load on while the window's requests are out: about one round of requests, not
    // the seconds a connection waiting for its hand-over would take (thousands of requests).
    assert.ok(s.drain_requests <= 4 * conns, `${s.drain_requests} requests sent in the drain`);
    assert.equal(s.latency_samples, s.window_requests);
  }
});

test('a slicer killed mid-run keeps the slices it finished: a flushed line per slice on standard output', async () => {
  const { port } = await httpServer((_req, res) => res.end('ok'));
  const order = Array.from({ length: 80 }, () => 0);
  const child = spawn(BIN, ['--out', '-', '--slice-ms', '50', '--order', order.join(','), `127.0.0.1:${port}/@4`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    // Killed as soon as three slices have arrived: each line is flushed as its slice ends.
    if (stdout.split('\n').length > 3) child.kill('SIGKILL');
  });
  assert.equal(await ended, 'SIGKILL');
  const kept = parseSlicerLines(stdout, order);
  assert.equal(kept.complete, false);
  assert.ok(kept.slices.length >= 3 && kept.slices.length < order.length, `${kept.slices.length} slices kept`);
  assert.deepEqual(kept.slices.map((s) => s.index), kept.slices.map((_, i) => i));
  for (const s of kept.slices) assert.ok(s.requests > 0 && s.latency_us !== null);
});

test('HTTP/1.0: a response without "Connection: keep-alive" ends its connection, one with it keeps it', async () => {
  // Neither server closes: the slicer must not wait on a connection HTTP/1.0 does not keep.
  const plain = await rawServer((socket) => socket.write('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok'));
  const kept = await rawServer((socket) => socket.write('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok'));
  const conns = 3;
  const r = await slicer(['--slice-ms', '100', '--order', '0,1', `127.0.0.1:${plain.port}/@${conns}`, `127.0.0.1:${kept.port}/@${conns}`]);
  assert.equal(r.code, 0, r.stderr);
  r.slices.forEach(assertNoErrors);
  const [a, b] = r.slices;
  assert.ok(a!.requests > 0 && b!.requests > 0);
  assert.ok(plain.counter.connections >= a!.requests, `${plain.counter.connections} connections for ${a!.requests} responses: one each`);
  assert.equal(kept.counter.connections, conns);
});

test('a repeated or conflicting Content-Length is a read error, never a guess', async () => {
  const repeated = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok'));
  const conflicting = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\nok'));
  const r = await slicer(['--slice-ms', '100', '--order', '0,1', '--timeout-ms', '2000', `127.0.0.1:${repeated.port}/@2`, `127.0.0.1:${conflicting.port}/@2`]);
  assert.equal(r.code, 0, r.stderr);
  for (const s of r.slices) {
    assert.equal(s.requests, 0);
    assert.equal(s.latency_samples, 0);
    assert.ok(s.errors.read >= 2, JSON.stringify(s.errors));
    assert.equal(s.errors.timeout, 0);
  }
});

test('bytes after a complete response in the same read are kept: they begin the next response', async () => {
  // After the priming request, this server answers every other request with two responses in one write
  // and the next one with nothing, as if it had read both at once: dropping the bytes after the first
  // response would leave the next request waiting until its timeout.
  const response = 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong';
  const served = new WeakMap<net.Socket, number>();
  const conns = 2;
  const { port } = await rawServer((socket) => {
    const n = served.get(socket) ?? 0;
    served.set(socket, n + 1);
    if (n === 0) socket.write(response);
    else if (n % 2 === 1) socket.write(response + response);
  });
  const r = await slicer(['--slice-ms', '200', '--order', '0', '--timeout-ms', '2000', `127.0.0.1:${port}/@${conns}`]);
  assert.equal(r.code, 0, r.stderr);
  const s = r.slices[0]!;
  assert.equal(s.errors.timeout, 0, 'every request was answered');
  assert.ok(s.requests > 10, `${s.requests} responses`);
  assert.equal(s.bytes, s.requests * response.length);
  // When the load stops after the first of a pair, the second answers no request: a read error, at most one per connection.
  assert.ok(s.errors.read <= conns, JSON.stringify(s.errors));
  assert.equal(s.errors.connect + s.errors.write + s.errors.status, 0);
});

test('latencies in bounded memory: every answered window request is recorded, and memory does not grow with them', async () => {
  // One slicer, one server twice: a short slice, then one thirty times as long; the peak memory is the process's own.
  const { port } = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
  const r = await slicer(['--slice-ms', '100', '--order', '0,1', `127.0.0.1:${port}/@16`, `127.0.0.1:${port}/@16+3000`]);
  assert.equal(r.code, 0, r.stderr);
  for (const s of r.slices) {
    assertNoErrors(s);
    assert.equal(s.latency_samples, s.window_requests, 'no latency dropped');
    assert.equal(s.latency_percentile_error, 0.003906);
  }
  const [a, b] = [r.slices[0]!, r.slices[1]!];
  // Thirty times the window: many times the latencies, even on a loaded machine.
  assert.ok(b.latency_samples > 5 * a.latency_samples, `${a.latency_samples} and ${b.latency_samples} latencies`);
  // Keeping every latency (8 bytes, twice: per thread and merged) would add 16 bytes per sample.
  const grown = b.client_max_rss_kb - a.client_max_rss_kb;
  assert.ok(grown < 256, `peak RSS grew by ${grown} KiB for ${b.latency_samples - a.latency_samples} more latencies`);
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
