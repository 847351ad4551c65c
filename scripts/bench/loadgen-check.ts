/**
 * npm run bench:loadgen-check — the slicer against wrk on the same servers.
 *
 * Builds and starts HTTP servers of bench/http (default: go and node), pinned
 * as a run pins them (server CPUs, then the load generator on the others),
 * and in each round loads each server once with wrk and once with the slicer,
 * in a random order, with the same connections, threads and load length. It
 * writes the rates, the latencies each tool reports and the ratio slicer ÷ wrk
 * of the rate with its bootstrap interval (src/lib/statistics.ts) to
 * data/loadgen-check/<time>.json. Figures only: nothing here passes or fails.
 *
 * The two tools do not load alike in every detail: wrk opens its connections
 * inside its timed seconds and its -d is whole seconds; the slicer primes its
 * connections first, ramps for RAMP_MS and times a window of the same
 * seconds. Latencies are not comparable by design (wrk corrects them for
 * coordinated omission, the slicer does not) and are written side by side
 * for that reason.
 *
 *   npm run bench:loadgen-check -- [--impl go,node] [--rounds 10] [--seconds 2] [--path /encode-json] [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { HttpRepetition } from '../../src/schemas/run.ts';
import { bootstrap, DEFAULT_ESTIMATOR, ESTIMATORS, hashString, median, ratioOf, seededRandom, shuffled, type EstimatorId, type Series } from '../../src/lib/statistics.ts';
import { availableCpus, cpuCount, pinned, splitCpus } from './cpus.ts';
import { discover, type Impl } from './discovery.ts';
import { LocalHost } from './hosts/host.ts';
import { httpGet } from './http-client.ts';
import { buildImplementation, workersOf } from './implementations.ts';
import { gitState } from './machine.ts';
import { substitute } from './placeholders.ts';
import { lastLines } from './processes.ts';
import { removeSlicers, runSlices, sliceRepetition } from './slicer-run.ts';
import { runWrk } from './wrk-run.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TIMEOUT_SECONDS = 10;
const RAMP_MS = 250;

const Load = z
  .object({
    requests_per_second: z.number().nonnegative(),
    latency_us: z.object({ mean: z.number(), p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() }).strict(),
    errors: z.number().int().nonnegative(),
  })
  .strict();

const Interval = z.object({ value: z.number(), low: z.number().nullable(), high: z.number().nullable(), level: z.number(), rounds: z.number().int() }).strict();

/** What the check writes (data/loadgen-check/*.json). */
export const LoadgenCheck = z
  .object({
    created_at: z.string(),
    git: z.object({ commit: z.string().nullable(), dirty: z.boolean().nullable() }).strict(),
    host: z.object({ cpu_model: z.string(), cpus: z.number().int(), server_cpus: z.string().nullable(), client_cpus: z.string().nullable() }).strict(),
    settings: z
      .object({
        path: z.string(),
        rounds: z.number().int().positive(),
        seconds: z.number().positive(),
        slicer_ramp_ms: z.number().nonnegative(),
        timeout_seconds: z.number().positive(),
        threads: z.number().int().positive(),
        estimator: z.enum(Object.keys(ESTIMATORS) as [EstimatorId, ...EstimatorId[]]),
      })
      .strict(),
    servers: z.array(
      z
        .object({
          impl: z.string(),
          connections: z.number().int().positive(),
          workers: z.number().int().positive().nullable(),
          rounds: z.array(z.object({ round: z.number().int(), first: z.enum(['slicer', 'wrk']), slicer: Load.nullable(), wrk: Load.nullable(), problems: z.array(z.string()) }).strict()),
          /** Rate, slicer ÷ wrk: biweight of the per-round ratios, 95 % bootstrap interval over rounds. */
          rate_ratio: Interval.nullable(),
          /** Medians over rounds of what each tool reports: raw (slicer) and coordinated-omission corrected (wrk). */
          latency_median_us: z.object({ slicer: z.object({ p50: z.number(), p99: z.number() }).strict().nullable(), wrk: z.object({ p50: z.number(), p99: z.number() }).strict().nullable() }).strict(),
        })
        .strict(),
    ),
  })
  .strict();
export type LoadgenCheck = z.infer<typeof LoadgenCheck>;

function load(rep: HttpRepetition): z.infer<typeof Load> {
  const e = rep.errors;
  return {
    requests_per_second: rep.requests_per_second,
    latency_us: { mean: rep.latency_us.mean, p50: rep.latency_us.p50, p90: rep.latency_us.p90, p99: rep.latency_us.p99, max: rep.latency_us.max },
    errors: e.connect + e.read + e.write + e.timeout + e.status_non_2xx,
  };
}

async function waitReady(port: number, done: () => boolean, seconds = 60): Promise<string | null> {
  const deadline = Date.now() + seconds * 1000;
  let last = '';
  while (Date.now() < deadline) {
    if (done()) return 'the server exited before answering GET /';
    try {
      await httpGet(port, '/', 2000);
      return null;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return `the server never answered GET / on port ${port} within ${seconds} s (${last})`;
}

function fail(message: string): never {
  console.error(`loadgen-check: ${message}`);
  process.exit(1);
}

async function main() {
  const { values } = parseArgs({
    options: {
      impl: { type: 'string', default: 'go,node' },
      rounds: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '2' },
      path: { type: 'string', default: '/encode-json' },
      out: { type: 'string' },
    },
  });
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(rounds) || rounds < 5) fail(`--rounds '${values.rounds}' must be a whole number of at least 5 (the bootstrap needs 5 rounds), e.g. --rounds 10`);
  if (!Number.isInteger(seconds) || seconds < 1) fail(`--seconds '${values.seconds}' must be a whole number of seconds (wrk's -d), e.g. --seconds 2`);
  const urlPath = values.path.startsWith('/') ? values.path : `/${values.path}`;

  const { impls, problems } = discover(path.join(ROOT, 'bench'), ROOT, ['http']);
  const wanted = values.impl.split(',').map((s) => s.trim()).filter(Boolean);
  const chosen: Impl[] = [];
  for (const id of wanted) {
    const impl = impls.find((i) => i.id === id);
    if (!impl) {
      const why = problems.find((p) => p.folder === id);
      fail(`--impl '${id}': no HTTP implementation with that id in bench/http/${why ? ` (${why.manifestPath}: ${why.message})` : ''}; known: ${impls.map((i) => i.id).join(', ')}`);
    }
    chosen.push(impl);
  }

  const split = splitCpus(availableCpus(), true);
  const threads = cpuCount(split.client);
  const host = new LocalHost({ cpus: split.client, root: ROOT });
  const random = seededRandom(hashString(`loadgen-check ${new Date().toISOString()}`));
  const result: LoadgenCheck = {
    created_at: new Date().toISOString(),
    git: gitState(ROOT),
    host: { cpu_model: os.cpus()[0]?.model ?? 'unknown', cpus: split.all.length, server_cpus: split.server, client_cpus: split.client },
    settings: { path: urlPath, rounds, seconds, slicer_ramp_ms: RAMP_MS, timeout_seconds: TIMEOUT_SECONDS, threads, estimator: DEFAULT_ESTIMATOR },
    servers: [],
  };

  for (const impl of chosen) {
    if (impl.suite !== 'http') continue;
    console.log(`${impl.id}: building`);
    const built = await buildImplementation(impl);
    if (built) fail(`${impl.id}: ${built}`);
    const port = await host.freePort();
    const workers = workersOf(impl, split.serverCount);
    const argv = pinned(substitute(impl.manifest.start, { port, bind: '127.0.0.1', workers: workers ?? 1, cores: split.serverCount }), split.server);
    const proc = host.spawn(argv, { cwd: impl.dir, env: { ...impl.manifest.env, DIEZMIL_BIND: '127.0.0.1' }, maxStdoutBytes: 64 * 1024 });
    try {
      const notReady = await waitReady(port, () => proc.done());
      if (notReady) fail(`${impl.id}: ${notReady}: ${lastLines(proc.stderr(), 5)}`);
      const probe = await httpGet(port, urlPath, 10_000);
      if (probe.status !== 200) fail(`${impl.id}: GET ${urlPath} answered ${probe.status}, not 200 (fix: --path with one of the HTTP tests' paths, e.g. --path /encode-json)`);
      const connections = impl.manifest.connections;
      const wrkParams = { port, path: urlPath, connections, threads: Math.min(threads, connections), durationSeconds: seconds, timeoutSeconds: TIMEOUT_SECONDS, cpus: split.client };
      // A warm-up with each tool, not recorded (JIT runtimes and the first connections).
      await runWrk(wrkParams, host);
      await runSlices({ targets: [{ host: '127.0.0.1', port, path: urlPath, connections, rampMs: RAMP_MS, sliceMs: seconds * 1000 }], order: [0], threads: wrkParams.threads, timeoutMs: TIMEOUT_SECONDS * 1000, cpus: split.client }, host);
      const server: LoadgenCheck['servers'][number] = { impl: impl.id, connections, workers, rounds: [], rate_ratio: null, latency_median_us: { slicer: null, wrk: null } };
      for (let round = 0; round < rounds; round++) {
        const order = shuffled(['slicer', 'wrk'] as const, random);
        const entry: LoadgenCheck['servers'][number]['rounds'][number] = { round, first: order[0]!, slicer: null, wrk: null, problems: [] };
        for (const tool of order) {
          if (tool === 'wrk') {
            const r = await runWrk(wrkParams, host);
            if ('error' in r) entry.problems.push(`wrk: ${r.error}`);
            else entry.wrk = load(r.rep);
          } else {
            const r = await runSlices({ targets: [{ host: '127.0.0.1', port, path: urlPath, connections, rampMs: RAMP_MS, sliceMs: seconds * 1000 }], order: [0], threads: wrkParams.threads, timeoutMs: TIMEOUT_SECONDS * 1000, cpus: split.client }, host);
            if ('slices' in r && r.slices[0]) entry.slicer = load(sliceRepetition(r.slices[0]));
            if (r.error) entry.problems.push(`slicer: ${r.error}`);
          }
        }
        server.rounds.push(entry);
        const ratio = entry.slicer && entry.wrk ? (entry.slicer.requests_per_second / entry.wrk.requests_per_second).toFixed(3) : '–';
        const errors = [entry.slicer ? `slicer ${entry.slicer.errors}` : null, entry.wrk ? `wrk ${entry.wrk.errors}` : null].filter((x) => x && !x.endsWith(' 0'));
        console.log(`${impl.id}: round ${round + 1}/${rounds} (${order.join(' then ')}): slicer ÷ wrk ${ratio}${errors.length ? `; errors: ${errors.join(', ')}` : ''}${entry.problems.length ? `; ${entry.problems.join('; ')}` : ''}`);
      }
      const series = (tool: 'slicer' | 'wrk'): Series => ({
        group: `loadgen-check/${impl.id}`,
        samples: server.rounds.flatMap((r) => (r[tool] ? [{ round: r.round, value: r[tool]!.requests_per_second }] : [])),
      });
      const interval = bootstrap(ratioOf(series('slicer'), series('wrk'), DEFAULT_ESTIMATOR));
      server.rate_ratio = interval ? { value: interval.value, low: interval.low, high: interval.high, level: interval.level, rounds: interval.rounds } : null;
      const medians = (tool: 'slicer' | 'wrk') => {
        const got = server.rounds.map((r) => r[tool]).filter((l): l is z.infer<typeof Load> => l !== null);
        return got.length ? { p50: median(got.map((l) => l.latency_us.p50)), p99: median(got.map((l) => l.latency_us.p99)) } : null;
      };
      server.latency_median_us = { slicer: medians('slicer'), wrk: medians('wrk') };
      result.servers.push(server);
      const r = server.rate_ratio;
      console.log(`${impl.id}: rate slicer ÷ wrk ${r ? `${r.value.toFixed(3)} (95 %: ${r.low?.toFixed(3) ?? '–'} – ${r.high?.toFixed(3) ?? '–'})` : 'not measured'}`);
    } finally {
      await proc.stop(5000);
    }
  }
  await removeSlicers();

  const out = values.out ?? path.join(ROOT, 'data', 'loadgen-check', `${result.created_at.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(LoadgenCheck.parse(result), null, 2)}\n`);
  console.log(`wrote ${out}`);
}

main().catch((e) => fail((e as Error).stack ?? String(e)));
