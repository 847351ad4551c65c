/**
 * verifyEndpoint against small local servers, each breaking one rule of the
 * "same HTTP for every server" (bench/README.md): each must fail for its own
 * reason, and a well-behaved server must pass.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadExpectations } from '../../../scripts/bench/http/test-types/index.ts';
import { verifyEndpoint, verifyHeaders } from '../../../scripts/bench/verify.ts';
import { RawConnection } from '../../../scripts/bench/http-client.ts';
import { ROOT } from './helpers.ts';

const exp = loadExpectations(path.join(ROOT, 'bench', 'data'));
const servers: net.Server[] = [];
after(() => servers.forEach((s) => s.close()));

function listen(server: net.Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

interface Rules {
  server?: boolean;
  date?: string | null;
  /** Send "Connection: close" and close after each response. */
  announceClose?: boolean;
  /** Close after each response without saying so. */
  silentClose?: boolean;
  /** Send the body after a HEAD response too. */
  headBody?: boolean;
  /** Answer HEAD with 404. */
  headNotFound?: boolean;
  version?: string;
}

/** A hand-written HTTP/1.1 server answering GET/HEAD / with "Welcome!\n", breaking the given rules. */
function rawServer(rules: Rules): Promise<number> {
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
        const [requestLine = ''] = buffer.slice(0, end).split('\r\n');
        buffer = buffer.slice(end + 4);
        const [method, target] = requestLine.split(' ');
        const found = target === '/' && !(method === 'HEAD' && rules.headNotFound);
        const body = found ? 'Welcome!\n' : 'Not Found\n';
        const lines = [`${rules.version ?? 'HTTP/1.1'} ${found ? '200 OK' : '404 Not Found'}`, 'Content-Type: text/plain', `Content-Length: ${body.length}`];
        if (rules.server !== false) lines.push('Server: test');
        const date = rules.date === undefined ? new Date().toUTCString() : rules.date;
        if (date !== null) lines.push(`Date: ${date}`);
        if (rules.announceClose) lines.push('Connection: close');
        const withBody = method !== 'HEAD' || rules.headBody;
        socket.write(`${lines.join('\r\n')}\r\n\r\n${withBody ? body : ''}`);
        if (rules.announceClose || rules.silentClose) {
          socket.end();
          return;
        }
      }
    });
    socket.on('error', () => {});
  });
  return listen(server);
}

async function check(rules: Rules) {
  return (await verifyEndpoint(await rawServer(rules), exp.plaintext, 5000)).verification;
}

test('a server that follows every rule passes, and every rule is listed as checked', async () => {
  const v = await check({});
  assert.equal(v.detail, null);
  assert.equal(v.passed, true);
  const checks = v.checks.join(' | ');
  for (const expected of [/HTTP\/1\.1/, /Server header \("test"\)/, /Date header/, /keep-alive/, /HEAD \/: same status/]) assert.match(checks, expected);
});

test('node:http with a Server header passes, chunked bodies included', async () => {
  const port = await listen(
    http.createServer((_req, res) => {
      res.setHeader('Server', 'node');
      res.setHeader('Content-Type', 'text/plain');
      res.write('Welcome!');
      res.end('\n'); // no Content-Length: chunked
    }),
  );
  const { verification, bytes } = await verifyEndpoint(port, exp.plaintext, 5000);
  assert.equal(verification.detail, null);
  assert.equal(bytes, 9);
});

test('no Date header fails, naming the header and the fix', async () => {
  const v = await check({ date: null });
  assert.equal(v.passed, false);
  assert.match(v.detail!, /no Date header: .*RFC 9110/);
  assert.doesNotMatch(v.detail!, /Server|keep|HEAD/);
});

test('no Server header fails, naming the header and the fix', async () => {
  const v = await check({ server: false });
  assert.equal(v.passed, false);
  assert.match(v.detail!, /no Server header: send one on every response naming the server software/);
  assert.doesNotMatch(v.detail!, /Date|keep|HEAD/);
});

test('a Date that is not a date, or stale, fails', async () => {
  assert.match((await check({ date: 'yesterday' })).detail!, /the Date header "yesterday" is not a date/);
  const res = { version: 'HTTP/1.1', status: 200, contentType: 'text/plain', body: Buffer.alloc(0), headers: new Map([['server', ['x']], ['date', ['Sun, 06 Nov 1994 08:49:37 GMT']]]) };
  assert.match(verifyHeaders(exp.plaintext, res).problems.join(), /is \d+ s away from now: send the current time/);
  assert.deepEqual(verifyHeaders(exp.plaintext, res, Date.parse('Sun, 06 Nov 1994 08:50:37 GMT')).problems, []);
});

test('Connection: close fails the keep-alive check', async () => {
  const v = await check({ announceClose: true });
  assert.equal(v.passed, false);
  assert.match(v.detail!, /GET \/ was answered with "Connection: close": keep HTTP\/1\.1 connections alive/);
});

test('closing the connection without saying so fails the keep-alive check', async () => {
  const v = await check({ silentClose: true });
  assert.equal(v.passed, false);
  assert.match(v.detail!, /a second GET \/ on the same connection was not answered \(.*closed the connection.*\): keep HTTP\/1\.1 connections alive/);
});

test('an HTTP/1.0 answer fails', async () => {
  assert.match((await check({ version: 'HTTP/1.0' })).detail!, /answered in HTTP\/1\.0: answer HTTP\/1\.1 requests in HTTP\/1\.1/);
});

test('a HEAD response with a body fails, counting the bytes', async () => {
  const v = await check({ headBody: true });
  assert.equal(v.passed, false);
  assert.match(v.detail!, /HEAD \/ was followed by 9 body bytes: a HEAD response has no body/);
  assert.doesNotMatch(v.detail!, /keep|Server|Date/);
});

test('404 on HEAD fails (actix #[get] routes did this)', async () => {
  const v = await check({ headNotFound: true });
  assert.equal(v.passed, false);
  assert.match(v.detail!, /HEAD \/ answered 404 where GET answered 200: answer HEAD like GET on every test route/);
});

test('a wrong body is reported before the protocol checks', async () => {
  const { verification } = await verifyEndpoint(await rawServer({ date: null }), exp.msgpack, 5000);
  assert.match(verification.detail!, /^status was 404, expected 200/);
  assert.match(verification.detail!, /no Date header/);
});

test('a refused connection fails with the reason', async () => {
  const port = await rawServer({});
  servers.pop()!.close();
  await new Promise((r) => setTimeout(r, 50));
  const { verification, bytes } = await verifyEndpoint(port, exp.plaintext, 2000);
  assert.equal(verification.passed, false);
  assert.match(verification.detail!, /request failed: .*ECONNREFUSED/);
  assert.equal(bytes, null);
});

test('RawConnection reads a length-less body until the server closes', async () => {
  const port = await listen(
    net.createServer((s) => {
      s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nWelcome!\n'));
    }),
  );
  const conn = await RawConnection.open(port, 2000);
  conn.send('GET', '/', port);
  const res = await conn.read('GET', 2000);
  assert.equal(res.body.toString(), 'Welcome!\n');
  assert.equal(conn.closed, true);
});
