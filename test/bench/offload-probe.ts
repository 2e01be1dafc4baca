// Profiling aid (not part of npm run bench): how fast would the engine be with the page's JSON.parse and transform
// taken off the main thread? The structural change BENCHMARKS.md's "Left to do" names for the throughput goal,
// measured before building it. The main thread here only fetches (the engine's axios client, raw bytes), moves each
// body to a transform thread (transferred, not copied), waits for its size and keys (parsed there), checks the
// overlap and de-duplicates as the pager does, and asks for the next page; the transform thread (offload-worker.ts)
// runs the engine's real chunk writer, whose Parquet worker is a third thread. One page waits at the transform
// thread at most. Left out, as they cost little: retries, the window cut (the simulator's
// BETWEEN also returns 3 records on the window's end, which the engine drops and the probe writes),
// drift restarts, the run's journal and events. Both sides write to a local folder (or both to s3rver), taken in turn in one process,
// the simulator in its own with cached pages (as the throughput group). Usage:
//   node --max-semi-space-size=8 --heap-growing-percent=200 --import tsx test/bench/offload-probe.ts [records] [rounds]
//   [young MB | default] [s3]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { KeyHashSet } from '../../electron/engine/mambu/dedupe';
import { createMambuClient } from '../../electron/engine/mambu/http';
import { overlapFor } from '../../electron/engine/mambu/pager';
import { createLocalDestination } from '../../electron/engine/sink/local';
import { benchPageUrl, benchSearchBody } from './bench-event';
import { benchConnection, runEngineOnce } from './engine-run';
import { BENCH_PAGE_CACHE_BYTES, startSimProcess } from './processes';
import type { OffloadReply, OffloadRequest, OffloadS3 } from './offload-worker';
import { startS3Target, type S3Target } from './s3-target';

const records = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 3);
const LIMIT = 1000;
/** The transform thread's young generation in MB (third argument, default 16; `default`: V8's for a worker). */
const YOUNG_MB = (process.argv[4] ?? '16') === 'default' ? undefined : Number(process.argv[4] ?? 16);
/** Fourth argument `s3`: both sides write to s3rver in its own process, as the throughput group does. */
const s3: S3Target | undefined = process.argv[5] === 's3' ? await startS3Target('s3rver') : undefined;
const s3For = (prefix: string): OffloadS3 | undefined =>
  s3 && { endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, prefix, credentials: s3.credentials };
const cpuMs = (u: { user: number; system: number }) => (u.user + u.system) / 1000;

interface Run {
  wallMs: number;
  pages: number;
  records: number;
  /** CPU per page: the whole process, its main thread, the transform thread (offload only). */
  all: number;
  main: number;
  transform?: number;
}

// One transform thread for the whole probe, as the engine's Parquet worker is one per process: warm after the first
// run, like the engine's main thread. A worker started from a .ts file inherits this process's tsx loader.
const w = new Worker(new URL('./offload-worker.ts', import.meta.url), {
  ...(YOUNG_MB === undefined ? {} : { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } }),
});
const waiting = new Map<string, (r: OffloadReply) => void>();
const reply = (key: string) => new Promise<OffloadReply>((resolve) => waiting.set(key, resolve));
w.on('message', (r: OffloadReply) => {
  const key = `${r.op}${'seq' in r ? r.seq : ''}`;
  waiting.get(key)?.(r);
  waiting.delete(key);
});
const send = (m: OffloadRequest, transfer: ArrayBuffer[] = []) => w.postMessage(m, transfer);
// A failure in the transform thread (a write or commit that throws) would leave the probe waiting for a reply.
w.on('error', (err) => {
  console.error(`offload probe: the transform thread failed: ${err.message}`);
  process.exit(1);
});

async function offloadRun(simUrl: string): Promise<Run> {
  const ready = reply('ready');
  const s3Here = s3For(`offload-${Date.now()}`);
  send(s3Here ? { op: 'start', s3: s3Here } : { op: 'start' });
  await ready;
  const transform0 = await w.cpuUsage();
  const overlap = overlapFor(LIMIT);
  const client = createMambuClient(benchConnection(simUrl, LIMIT));
  const body = benchSearchBody();
  const seen = new KeyHashSet();
  let tail: string[] = [];
  const all0 = process.cpuUsage();
  const main0 = process.threadCpuUsage();
  const started = performance.now();
  let pages = 0;
  let written: Promise<OffloadReply> | undefined;
  {
    for (let offset = 0; ; offset += LIMIT - overlap) {
      const res = await client.request<Buffer>({
        url: benchPageUrl(simUrl, offset, LIMIT),
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        data: body,
        responseType: 'arraybuffer',
      });
      if (res.status !== 200) throw new Error(`offload probe: simulator answered ${res.status}`);
      const buf = res.data;
      const bytes =
        buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength
          ? (buf.buffer as ArrayBuffer)
          : (buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
      const seq = ++pages;
      const from = seq === 1 ? 0 : overlap;
      const parsed = reply(`parsed${seq}`);
      const done = reply(`written${seq}`);
      if (written) await written; // at most one page waiting at the transform thread
      send({ op: 'page', seq, bytes, from }, [bytes]);
      const p = (await parsed) as OffloadReply & { op: 'parsed' };
      if (from > 0 && !p.keys.slice(0, overlap).every((k, i) => k === tail[i])) throw new Error(`offload probe: page ${seq} shifted`);
      for (let i = from; i < p.keys.length; i++) if (!seen.add(p.keys[i]!)) throw new Error('offload probe: a duplicate');
      tail = p.keys.slice(p.keys.length - overlap);
      written = done;
      if (p.count < LIMIT) break;
    }
    const committed = reply('committed');
    send({ op: 'commit' });
    const c = (await committed) as OffloadReply & { op: 'committed' };
    const wallMs = performance.now() - started;
    const transform = cpuMs(await w.cpuUsage(transform0)) / pages;
    return {
      wallMs,
      pages,
      records: c.records,
      all: cpuMs(process.cpuUsage(all0)) / pages,
      main: cpuMs(process.threadCpuUsage(main0)) / pages,
      transform,
    };
  }
}

async function engineRun(simUrl: string): Promise<Run> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'offload-probe-engine-'));
  try {
    const all0 = process.cpuUsage();
    const main0 = process.threadCpuUsage();
    const r = await runEngineOnce({ simUrl, destination: s3 ? s3.destination(`engine-${Date.now()}`) : createLocalDestination(dir) });
    const pages = r.chunk.pages;
    return {
      wallMs: r.wallMs,
      pages,
      records: r.chunk.records,
      all: cpuMs(process.cpuUsage(all0)) / pages,
      main: cpuMs(process.threadCpuUsage(main0)) / pages,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sim = await startSimProcess({ latencyMs: 0, perDay: { 'loans/transactions': records }, pageCacheBytes: BENCH_PAGE_CACHE_BYTES });
try {
  // Unmeasured: the simulator builds its pages, both sides warm up (JIT, workers).
  await engineRun(sim.url);
  await offloadRun(sim.url);
  for (let k = 1; k <= rounds; k++) {
    for (const [name, run] of [
      ['engine', engineRun],
      ['offload', offloadRun],
    ] as const) {
      const r = await run(sim.url);
      console.log(
        `round ${k} ${name.padEnd(7)}: ${r.records} records, ${r.pages} pages, ${((r.records / r.wallMs) * 1000).toFixed(0)} records/s; ` +
          `CPU per page: all ${r.all.toFixed(1)} ms, main thread ${r.main.toFixed(1)}` +
          (r.transform === undefined ? '' : `, transform thread ${r.transform.toFixed(1)}`),
      );
    }
  }
} finally {
  await w.terminate();
  await sim.stop();
  await s3?.stop();
}
