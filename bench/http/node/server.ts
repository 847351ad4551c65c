// Diez Mil HTTP benchmark server: node:http, one process per core with
// node:cluster, JSON from the runtime, MessagePack from @msgpack/msgpack.
// Run directly by Node 24 (type stripping): node server.ts <port> <workers>
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Decoder, Encoder, decodeMulti } from '@msgpack/msgpack';

interface DataRecord {
  id: number;
  name: string;
  description: string;
  type: string;
  count: number;
  created_at: number;
}

const port = Number(process.argv[2] ?? 8080);
const workers = Number(process.argv[3] ?? 1);

if (cluster.isPrimary) {
  let shuttingDown = false;
  const shutdown = (code: number) => {
    shuttingDown = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    const wait = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(wait);
        process.exit(code);
      }
    }, 20);
  };
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGINT', () => shutdown(0));
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (!shuttingDown) {
      console.error(`worker ${worker.process.pid} died (${signal ?? code}); stopping`);
      shutdown(1);
    }
  });
} else {
  serve();
}

function serve(): void {
  // The 1000 records, each encoded on its own, as a service would hold them
  // after fetching them from a cache: read the stream once and keep every
  // record's own encoding (re-encoding gives back the file's exact bytes).
  const stream = readFileSync(new URL('../../data/records.msgpack', import.meta.url));
  const encoder = new Encoder();
  const packed = [...decodeMulti(stream)].map((record) => encoder.encode(record));
  if (!Buffer.concat(packed).equals(stream)) throw new Error('records.msgpack did not split into its records');

  const decoder = new Decoder();
  const decodeAll = (): DataRecord[] => packed.map((bytes) => decoder.decode(bytes) as DataRecord);
  const records = decodeAll();
  const documentBytes = Buffer.from(JSON.stringify(records));

  const oneMillionLoop = (): number => {
    let acc = 0;
    for (let i = 0; i < 1_000_000; i++) {
      acc = (acc * 31 + i) % 1_000_003;
      if (acc % 2 === 0) acc += 1;
    }
    return acc;
  };

  const text = (res: ServerResponse, body: string, status = 200) => {
    res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  // node:http sends Date, keeps HTTP/1.1 connections alive and leaves the body
  // out of HEAD responses; the Server header is the application's to set.
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Server', 'node');
    switch (req.url) {
      case '/':
        return text(res, 'Welcome!\n');
      case '/parse-msgpack':
        return text(res, String(decodeAll().length));
      case '/encode-json':
        return text(res, String(JSON.stringify(records).length));
      case '/transfer-data':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': documentBytes.length });
        return res.end(documentBytes);
      case '/loop':
        return text(res, String(oneMillionLoop()));
      default:
        return text(res, 'Not Found\n', 404);
    }
  });
  // DIEZMIL_BIND: the server host's address when the load generator runs on another machine (--hosts).
  server.listen(port, process.env['DIEZMIL_BIND'] ?? '127.0.0.1');
}
