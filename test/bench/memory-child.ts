// Runs one chunk through the engine in a fresh process and reports this process's peak RSS. The simulator and
// the S3 server live in other processes, so only the engine (and Node, the SDK, tsx) is measured.
// argv[2]: JSON { simUrl, s3: {endpoint, bucket, region, credentials}, prefix, partRows?, partBytes?, runtimeFlags? }
// (runtimeFlags: set the flags V8 reads while it runs at start-up, as the app's main process does).
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { createS3Destination } from '../../electron/engine/sink/s3';
import { applyRuntimeV8Flags } from '../../electron/engine/v8-flags';
import { runEngineOnce } from './engine-run';

interface Args {
  simUrl: string;
  s3: { endpoint: string; bucket: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  prefix: string;
  partRows?: number;
  partBytes?: number;
  runtimeFlags?: boolean;
}

function vmHwmBytes(): number | null {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : null;
}

// No top-level await: the benchmark also bundles this file with esbuild into CJS, like the CLI (see memory.ts).
async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2]!) as Args;
  if (a.runtimeFlags) applyRuntimeV8Flags();
  const destination = createS3Destination({
    bucket: a.s3.bucket,
    prefix: a.prefix,
    endpoint: a.s3.endpoint,
    region: a.s3.region,
    forcePathStyle: true,
    credentials: a.s3.credentials,
  });
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
  const run = await runEngineOnce({ simUrl: a.simUrl, destination, partRows: a.partRows, partBytes: a.partBytes });
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
