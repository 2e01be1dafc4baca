// Runs one chunk through the engine in a fresh process and reports this process's peak RSS. The simulator and
// the S3 server live in other processes, so only the engine (and Node, the SDK, tsx) is measured.
// argv[2]: JSON { simUrl, s3: {endpoint, bucket, region, credentials}, prefix, partRows?, partBytes?, app? }
// (app: run as the desktop app does: the flags V8 reads while it runs set at start-up, and the run started by the
// app's run manager from saved settings, which sends it to the engine thread, electron/main/engine-thread.ts).
// Each way loads only its own modules (dynamic imports, lazy in the bundle too), so the app's main thread carries
// what the app's main process carries.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { applyRuntimeV8Flags } from '../../electron/engine/v8-flags';
import { benchEvent } from './bench-event';
import type { RunEvent } from '../../shared/run-types';
import type { EngineRun } from './engine-run';

interface Args {
  simUrl: string;
  s3: { endpoint: string; bucket: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  prefix: string;
  partRows?: number;
  partBytes?: number;
  app?: boolean;
}

/** The chunk as the CLI runs it: the engine on this thread. */
async function runAsTheCli(a: Args): Promise<EngineRun> {
  const [{ createS3Destination }, { runEngineOnce }] = await Promise.all([import('../../electron/engine/sink/s3'), import('./engine-run')]);
  const destination = createS3Destination({
    bucket: a.s3.bucket,
    prefix: a.prefix,
    endpoint: a.s3.endpoint,
    region: a.s3.region,
    forcePathStyle: true,
    credentials: a.s3.credentials,
  });
  return runEngineOnce({ simUrl: a.simUrl, destination, partRows: a.partRows, partBytes: a.partBytes });
}

/** The chunk as the app runs it: its run manager (without Electron and the IPC), the connection and destination as
 *  a user saves them (the highest request rate the settings allow; no Glue: the bench measures the data path), the
 *  API key from MAMBU_API_KEY's fallback and the S3 keys from the AWS default chain (the environment, which the
 *  engine thread shares). */
async function runAsTheApp(a: Args): Promise<EngineRun> {
  const [
    { RunManager },
    { engineApi },
    { SettingsStore },
    { MemorySecretStore },
    { openDataStores },
    { apiKeyConnection },
    settingsModule,
  ] = await Promise.all([
    import('../../electron/main/core/run-manager'),
    import('../../electron/main/engine-adapter'),
    import('../../electron/main/core/settings-store'),
    import('../../electron/main/core/secret-store'),
    import('../../electron/main/core/data-stores'),
    import('../helpers/connections'),
    import('../../shared/settings'),
  ]);
  const home = mkdtempSync(path.join(tmpdir(), 'bench-memory-app-'));
  const settings = new SettingsStore({ file: path.join(home, 'settings.json'), defaultOutputDir: home });
  const rps = settingsModule.CONNECTION_BOUNDS.requestsPerSecond.max;
  await settings.saveConnection(apiKeyConnection('bench', a.simUrl, { requestsPerSecond: rps, timeoutSeconds: 120 }));
  await settings.saveDestination({
    kind: 's3',
    name: 'bench',
    bucket: a.s3.bucket,
    prefix: a.prefix,
    region: a.s3.region,
    profile: '',
    endpoint: a.s3.endpoint,
    forcePathStyle: true,
    glue: false,
  });
  process.env.AWS_ACCESS_KEY_ID = a.s3.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = a.s3.credentials.secretAccessKey;
  const { journals } = openDataStores(home);
  const runs = new RunManager({ engine: engineApi, settings, secrets: new MemorySecretStore(), journals, fallbackSecret: () => 'bench' });
  let events = 0;
  let finished!: (e: RunEvent) => void;
  const done = new Promise<RunEvent>((resolve) => (finished = resolve));
  const owner = {
    id: 1,
    send: (batch: RunEvent[]) => {
      events += batch.length;
      const end = batch.find((e) => e.type === 'run-done');
      if (end) finished(end);
    },
    isDestroyed: () => false,
  };
  const started = performance.now();
  const r = await runs.start(owner, { event: benchEvent(), connection: 'bench', destination: 'bench' });
  if (!r.ok) throw new Error(`the run did not start: ${r.error.message}`);
  await done;
  const wallMs = performance.now() - started;
  await runs.settled(r.value.runId);
  const chunk = (await journals.load(r.value.runId)).chunks[0]!;
  if (chunk.status !== 'success') throw new Error(`bench chunk ${chunk.status}: ${chunk.error ?? ''}`);
  return { wallMs, chunk, events };
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
  const run = a.app ? await runAsTheApp(a) : await runAsTheCli(a);
  clearInterval(sample);
  process.send!({
    type: 'done',
    records: run.chunk.records,
    objects: run.chunk.objects.length,
    wallMs: run.wallMs,
    cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
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
