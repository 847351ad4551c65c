/** A minimal HTTP GET for readiness polls and verification (no keep-alive, bounded by a timeout). */
import http from 'node:http';

export interface HttpResponse {
  status: number;
  contentType: string | null;
  body: Buffer;
}

export function httpGet(port: number, urlPath: string, timeoutMs: number): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 64 * 1024 * 1024) chunks.push(c);
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
