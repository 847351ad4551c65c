/**
 * The rules an HTTP test's answer is checked by on every implementation before
 * any load (what each test answers is its test type, http/test-types/): a cell
 * that fails verification is failed with the reason and never measured.
 * Besides the body (`verifyResponse`), every server must speak the
 * same HTTP (`verifyEndpoint`), as TechEmpower required: HTTP/1.1 keep-alive,
 * `Server` and `Date` headers, and `HEAD` answered like `GET` without a body.
 * Otherwise a server that closes every connection is measured on TCP set-up,
 * not on its work.
 */
import type { HTTP_TESTS, Verification } from '../../src/schemas/run.ts';
import { announcesClose, header, RawConnection, type HttpResponse, type RawResponse } from './http-client.ts';

export type HttpTest = (typeof HTTP_TESTS)[number];

export interface Expectation {
  path: string;
  contentType: string;
  /** Exact bytes expected, or a trimmed text. */
  body: { exact: Buffer } | { trimmed: string };
  /** For transfer: the parsed document, to say whether a different body is at least the same JSON. */
  json?: unknown;
}

function preview(buf: Buffer): string {
  const s = buf.subarray(0, 80).toString('utf8');
  return JSON.stringify(s) + (buf.length > 80 ? `… (${buf.length} bytes)` : '');
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function verifyResponse(exp: Expectation, res: HttpResponse): Verification {
  const checks: string[] = [`GET ${exp.path}`, 'status 200', `content type ${exp.contentType}`];
  const problems: string[] = [];
  if (res.status !== 200) problems.push(`status was ${res.status}, expected 200`);
  const media = (res.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media !== exp.contentType) problems.push(`content type was ${res.contentType === null ? 'missing' : JSON.stringify(res.contentType)}, expected ${exp.contentType}`);
  if ('exact' in exp.body) {
    const expected = exp.body.exact;
    checks.push(expected.length > 40 ? `body byte-identical to the expected ${expected.length} bytes` : `body = ${JSON.stringify(expected.toString('utf8'))}`);
    if (!res.body.equals(expected)) {
      let detail = `body was ${preview(res.body)}, expected ${preview(expected)}`;
      if (exp.json !== undefined) {
        checks.push('body is the same JSON document');
        let same: boolean;
        try {
          same = deepEqual(JSON.parse(res.body.toString('utf8')), exp.json);
        } catch {
          same = false;
        }
        let at = 0;
        while (at < res.body.length && at < expected.length && res.body[at] === expected[at]) at++;
        detail = same
          ? `body is the same JSON but not byte-identical (${res.body.length} bytes vs ${expected.length}; first difference at byte ${at}: ${JSON.stringify(res.body.subarray(at, at + 30).toString('utf8'))} vs ${JSON.stringify(expected.subarray(at, at + 30).toString('utf8'))})`
          : `body is not the expected JSON document (${res.body.length} bytes vs ${expected.length}; first difference at byte ${at}: ${JSON.stringify(res.body.subarray(at, at + 30).toString('utf8'))} vs ${JSON.stringify(expected.subarray(at, at + 30).toString('utf8'))})`;
      }
      problems.push(detail);
    }
  } else {
    checks.push(`body = ${JSON.stringify(exp.body.trimmed)} (surrounding whitespace ignored)`);
    const text = res.body.toString('utf8').trim();
    if (text !== exp.body.trimmed) problems.push(`body was ${preview(res.body)}, expected ${JSON.stringify(exp.body.trimmed)}`);
  }
  return { passed: problems.length === 0, checks, detail: problems.length === 0 ? null : problems.join('; ') };
}

/** How far a server's Date may be from the verifier's clock (same machine: only a broken Date is off). */
const DATE_TOLERANCE_SECONDS = 300;

/** The checks on the headers of a GET response; problems name the header and the fix. */
export function verifyHeaders(exp: Expectation, res: RawResponse, now = Date.now()): { checks: string[]; problems: string[] } {
  const server = header(res, 'server');
  const date = header(res, 'date');
  const checks = [
    `${res.version === 'HTTP/1.1' ? 'HTTP/1.1' : 'HTTP/1.1 expected'} response`,
    `Server header${server ? ` (${JSON.stringify(server)})` : ''}`,
    `Date header, within ${DATE_TOLERANCE_SECONDS / 60} minutes of now`,
  ];
  const problems: string[] = [];
  if (res.version !== 'HTTP/1.1') problems.push(`GET ${exp.path} was answered in ${res.version}: answer HTTP/1.1 requests in HTTP/1.1`);
  if (!server) {
    problems.push(`GET ${exp.path} has no Server header: send one on every response naming the server software (e.g. "Server: go-net/http"), with the framework's default-headers middleware where it has one`);
  }
  if (!date) {
    problems.push(`GET ${exp.path} has no Date header: an HTTP/1.1 server sends one on every response (RFC 9110, 6.6.1); turn on the server's Date header or set it per response`);
  } else {
    const when = Date.parse(date);
    if (Number.isNaN(when)) problems.push(`GET ${exp.path}: the Date header ${JSON.stringify(date)} is not a date: send an IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT"`);
    else if (Math.abs(when - now) > DATE_TOLERANCE_SECONDS * 1000) {
      problems.push(`GET ${exp.path}: the Date header ${JSON.stringify(date)} is ${Math.round(Math.abs(when - now) / 1000)} s away from now: send the current time, not a date cached at start-up`);
    }
  }
  return { checks, problems };
}

function mediaOf(contentType: string | null): string {
  return (contentType ?? '').toLowerCase().replace(/\s+/g, '');
}

/**
 * The HEAD checks: same status, content type and (if sent) Content-Length as
 * the GET, and no body bytes (`bodyBytes`: what the server sent after the
 * HEAD response's headers).
 */
function verifyHead(exp: Expectation, get: RawResponse, head: RawResponse, bodyBytes: number, variableLength = false): string[] {
  const problems: string[] = [];
  const fix = 'answer HEAD like GET on every test route (the same handler; the server leaves the body out)';
  if (head.status !== get.status) problems.push(`HEAD ${exp.path} answered ${head.status} where GET answered ${get.status}: ${fix}`);
  else {
    if (mediaOf(head.contentType) !== mediaOf(get.contentType)) {
      problems.push(`HEAD ${exp.path} has Content-Type ${JSON.stringify(head.contentType)} where GET has ${JSON.stringify(get.contentType)}: ${fix}`);
    }
    const length = header(head, 'content-length');
    // A body that differs per request (a random database row) has no one length to compare.
    if (length !== null && !variableLength && Number(length) !== get.body.length) {
      problems.push(`HEAD ${exp.path} has Content-Length ${length} where GET sends ${get.body.length} bytes: send the length of the GET body, or none`);
    }
  }
  if (bodyBytes > 0) problems.push(`HEAD ${exp.path} was followed by ${bodyBytes} body bytes: a HEAD response has no body; let the server drop it`);
  return problems;
}

/**
 * Checks that replace the exact-body ones for answers that differ per request
 * (the web-stack suite's database tests, scripts/bench/verify-stack.ts).
 */
export interface EndpointChecks {
  /** Checks the first GET's answer instead of `verifyResponse`. */
  response?: (res: RawResponse) => Verification;
  /** The body's length differs per request: HEAD's Content-Length is not compared with the GET's. */
  variableLength?: boolean;
  /** The server's address when it runs on another host (--hosts); this machine by default. */
  host?: string;
}

const KEEP_ALIVE_FIX = 'keep HTTP/1.1 connections alive (the load generator reuses them, as browsers and proxies do)';

/**
 * Verifies one test end to end before load: on one connection, GET (checked
 * by `verifyResponse` and `verifyHeaders`) then a second GET after the first
 * answer (keep-alive: answered on the same connection, neither with
 * `Connection: close`); on a second connection, HEAD then GET / (HEAD like
 * GET, no body bytes in between). `bytes` is the GET body's length.
 */
export async function verifyEndpoint(port: number, exp: Expectation, timeoutMs = 60_000, custom: EndpointChecks = {}): Promise<{ verification: Verification; bytes: number | null }> {
  const checks: string[] = [];
  const problems: string[] = [];
  let first: RawResponse;
  const conn = await RawConnection.open(port, timeoutMs, custom.host).catch((e: Error) => e);
  if (conn instanceof Error) {
    return { verification: { passed: false, checks: [`GET ${exp.path}`], detail: `request failed: ${conn.message}` }, bytes: null };
  }
  try {
    conn.send('GET', exp.path, port);
    try {
      first = await conn.read('GET', timeoutMs);
    } catch (e) {
      return { verification: { passed: false, checks: [`GET ${exp.path}`], detail: `request failed: ${(e as Error).message}` }, bytes: null };
    }
    const body = custom.response ? custom.response(first) : verifyResponse(exp, first);
    checks.push(...body.checks);
    if (body.detail) problems.push(body.detail);
    const headers = verifyHeaders(exp, first);
    checks.push(...headers.checks);
    problems.push(...headers.problems);

    checks.push('keep-alive: a second GET on the same connection answered, no Connection: close');
    if (announcesClose(first)) problems.push(`GET ${exp.path} was answered with "Connection: close": ${KEEP_ALIVE_FIX}`);
    else {
      try {
        if (!conn.send('GET', exp.path, port)) throw new Error('the server closed the connection after the first response');
        const second = await conn.read('GET', timeoutMs);
        if (announcesClose(second)) problems.push(`the second GET ${exp.path} on one connection was answered with "Connection: close": ${KEEP_ALIVE_FIX}`);
        else if (second.status !== first.status) problems.push(`the second GET ${exp.path} on one connection answered ${second.status}, the first ${first.status}: ${KEEP_ALIVE_FIX}`);
      } catch (e) {
        problems.push(`a second GET ${exp.path} on the same connection was not answered (${(e as Error).message}): ${KEEP_ALIVE_FIX}`);
      }
    }
  } finally {
    conn.close();
  }

  checks.push(`HEAD ${exp.path}: same status, content type and Content-Length as GET, no body`);
  const headConn = await RawConnection.open(port, timeoutMs, custom.host).catch((e: Error) => e);
  if (headConn instanceof Error) problems.push(`HEAD ${exp.path} failed: ${headConn.message}`);
  else {
    try {
      headConn.send('HEAD', exp.path, port);
      const head = await headConn.read('HEAD', timeoutMs);
      problems.push(...verifyHead(exp, first, head, await headConn.bytesBeforeNextResponse(port, timeoutMs), custom.variableLength));
    } catch (e) {
      problems.push(`HEAD ${exp.path} failed (${(e as Error).message}): answer HEAD like GET on every test route`);
    } finally {
      headConn.close();
    }
  }
  return { verification: { passed: problems.length === 0, checks, detail: problems.length === 0 ? null : problems.join('; ') }, bytes: first.body.length };
}
