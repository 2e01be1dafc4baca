// Runs one chunk through the engine in a fresh process and reports this process's peak RSS. The simulator and
// the S3 server live in other processes, so only the engine (and Node, the SDK, tsx) is measured.
// argv[2]: JSON { simUrl, s3: {endpoint, bucket, region, credentials}, prefix, partRows?, partBytes?, app? }
// (app: run as the desktop app does: the flags V8 reads while it runs set at start-up, and the chunk run on the
// app's engine thread, electron/main/engine-thread.ts, from saved settings, with its journal).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { createEngineThread } from '../../electron/main/engine-thread';
import { JournalStore } from '../../electron/engine/store';
import { apiKeyConnection } from '../helpers/connections';
import { createS3Destination } from '../../electron/engine/sink/s3';
import { applyRuntimeV8Flags } from '../../electron/engine/v8-flags';
import { benchEvent, runEngineOnce, type EngineRun } from './engine-run';

interface Args {
  simUrl: string;
  s3: { endpoint: string; bucket: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  prefix: string;
  partRows?: number;
  partBytes?: number;
  app?: boolean;
}

/** The chunk as the app runs it: on its engine thread, from the settings a user would save (no Glue: the bench
 *  measures the data path). */
async function runOnEngineThread(a: Args): Promise<EngineRun> {
  const thread = createEngineThread();
  const run = await thread.openRun({
    connection: apiKeyConnection('bench', a.simUrl, { timeoutSeconds: 120 }),
    secret: 'bench',
    // As the other groups' engine: no request-rate cap (a politeness policy, not engine cost), no retries.
    connectionOverrides: { requestsPerSecond: 0, maxRetries: 0 },
    destination: {
      kind: 's3',
      name: 'bench',
      bucket: a.s3.bucket,
      prefix: a.prefix,
      region: a.s3.region,
      profile: '',
      endpoint: a.s3.endpoint,
      forcePathStyle: true,
      glue: false,
    },
    s3Credentials: a.s3.credentials,
  });
  let events = 0;
  const started = performance.now();
  try {
    const { record } = await run.run({
      store: new JournalStore(mkdtempSync(path.join(tmpdir(), 'bench-memory-runs-'))),
      runId: `memory-${Date.now()}`,
      event: benchEvent(),
      onEvent: () => void events++,
      signal: new AbortController().signal,
      ...(a.partRows ? { partRows: a.partRows } : {}),
      ...(a.partBytes ? { partBytes: a.partBytes } : {}),
    });
    const chunk = record.chunks[0]!;
    if (chunk.status !== 'success') throw new Error(`bench chunk ${chunk.status}: ${chunk.error ?? ''}`);
    return { wallMs: performance.now() - started, chunk, events };
  } finally {
    await run.close();
    await thread.stop();
  }
}

function vmHwmBytes(): number | null {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : null;
}

// No top-level await: the benchmark also bundles this file with esbuild into CJS, like the CLI (see memory.ts).
async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2]!) as Args;
  if (a.app) applyRuntimeV8Flags();
  const baselineRss = process.memoryUsage().rss;
  // Sampled while the chunk runs, to show where the peak comes from (heap vs. buffers outside it).
  let peakHeapUsed = 0;
  let peakHeapTotal = 0;
  let peakExternal = 0;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
    peakHeapTotal = Math.max(peakHeapTotal, m.heapTotal);
    peakExternal = Math.max(peakExternal, m.external + m.arrayBuffers);
  }, 20);
  const run = a.app
    ? await runOnEngineThread(a)
    : await runEngineOnce({
        simUrl: a.simUrl,
        destination: createS3Destination({
          bucket: a.s3.bucket,
          prefix: a.prefix,
          endpoint: a.s3.endpoint,
          region: a.s3.region,
          forcePathStyle: true,
          credentials: a.s3.credentials,
        }),
        partRows: a.partRows,
        partBytes: a.partBytes,
      });
  clearInterval(sample);
  process.send!({
    type: 'done',
    records: run.chunk.records,
    objects: run.chunk.objects.length,
    wallMs: run.wallMs,
    baselineRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    vmHwm: vmHwmBytes(),
    peakHeapUsed,
    peakHeapTotal,
    peakExternal,
    heapSizeLimit: v8.getHeapStatistics().heap_size_limit,
  });
  process.disconnect();
}

void main();
