// Group 3, memory: peak RSS of a fresh engine process running one chunk of N records (default 100,000 and
// 1,000,000), simulator and S3 server out of process. Peak = getrusage maxRSS (same as /proc VmHWM on Linux).
// Measured twice per size: the child run from source under tsx (as in development; tsx and its compiler cost
// ~100 MB at start-up) and the child bundled by esbuild into CJS the way the CLI and app ship (plain node, with
// the Parquet encoder worker bundled beside it), which is what a user's process costs.
import { fork } from 'node:child_process';
import { ENGINE_NODE_FLAGS, engineYoungGenerationMb, runtimeV8Flags } from '../../electron/engine/v8-flags';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimProcess, TS_EXEC_ARGV } from './processes';
import { mb, ms, num, ratio, type GroupResult } from './report';
import type { S3Target } from './s3-target';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./memory-child.ts', import.meta.url));

export type MemoryRuntime = 'tsx' | 'bundle';

export interface MemoryRun {
  runtime: MemoryRuntime;
  records: number;
  objects: number;
  wallMs: number;
  /** The process's CPU (every thread), start to end. */
  cpuMs: number;
  baselineRss: number;
  maxRss: number;
  vmHwm: number | null;
  peakHeapUsed: number;
  peakHeapTotal: number;
  peakExternal: number;
}

/** Bundles memory-child.ts and the worker threads' entries (engine thread, Parquet encoder) beside it, as
 *  scripts/build.mjs bundles the CLI and the app; returns the entry. */
async function bundleChild(): Promise<string> {
  const { build } = await import('esbuild');
  const { nodeCjs } = await import('../../scripts/bundle-options.mjs');
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-memory-'));
  const entries: Array<[string, string]> = [
    ['test/bench/memory-child.ts', 'memory-child.cjs'],
    ['electron/engine/sink/parquet-worker.ts', 'parquet-worker.cjs'],
    ['electron/main/engine-worker.ts', 'engine-worker.cjs'],
  ];
  for (const [entry, out] of entries) {
    // (An engine from before a worker has no entry for it to bundle.)
    if (existsSync(path.join(ROOT, entry))) {
      await build({ ...nodeCjs, sourcemap: false, entryPoints: [entry], outfile: path.join(dir, out) });
    }
  }
  return path.join(dir, 'memory-child.cjs');
}

async function measure(
  records: number,
  s3: S3Target,
  runtime: MemoryRuntime,
  bundled: string | undefined,
  nodeFlags: readonly string[],
  app: boolean,
): Promise<MemoryRun> {
  const sim = await startSimProcess({ latencyMs: 0, perDay: { 'loans/transactions': records } });
  try {
    const args = {
      simUrl: sim.url,
      s3: { endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, credentials: s3.credentials },
      prefix: `memory-${runtime}-${records}-${Date.now()}`,
      app,
    };
    const child =
      runtime === 'tsx'
        ? fork(CHILD, [JSON.stringify(args)], { execArgv: TS_EXEC_ARGV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
        : // As shipped: the Node flags the CLI's shebang carries.
          fork(bundled!, [JSON.stringify(args)], { execArgv: [...nodeFlags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return await new Promise<MemoryRun>((resolve, reject) => {
      let result: MemoryRun | undefined;
      child.on('message', (m: { type?: string } & MemoryRun) => {
        if (m.type === 'done') result = { ...m, runtime };
      });
      child.once('exit', (code) =>
        result ? resolve(result) : reject(new Error(`memory child (${runtime}) for ${records} records exited with code ${code}`)),
      );
    });
  } finally {
    await sim.stop();
  }
}

export async function memoryGroup(o: {
  sizes: [number, number];
  s3: S3Target;
  runtimes?: MemoryRuntime[];
  /** How the bundled child runs the engine: as the CLI (its Node flags, on the main thread); as the app (V8's
   *  defaults, the flags V8 reads while it runs set at start-up, the run on the app's engine thread); or with V8's
   *  defaults on the main thread. */
  nodeFlags?: 'cli' | 'app' | 'none';
}): Promise<GroupResult> {
  const nodeFlags = o.nodeFlags === 'none' || o.nodeFlags === 'app' ? [] : ENGINE_NODE_FLAGS;
  const app = o.nodeFlags === 'app';
  const [small, large] = o.sizes;
  const runtimes = o.runtimes ?? ['bundle', 'tsx'];
  const bundled = runtimes.includes('bundle') ? await bundleChild() : undefined;
  const figures: GroupResult['figures'] = [];
  const data: Record<string, unknown> = {};
  const line = (m: MemoryRun) =>
    `${mb(m.maxRss)}   (VmHWM ${m.vmHwm === null ? '?' : mb(m.vmHwm)}; ${mb(m.baselineRss)} at start, before the run's modules load; main-thread heap peak ${mb(m.peakHeapUsed)} used / ${mb(m.peakHeapTotal)} committed, ` +
    `peak external+ArrayBuffers ${mb(m.peakExternal)}; ${num(m.records)} records, ${m.objects} object(s), ${ms(m.wallMs)}, CPU ${ms(m.cpuMs)})`;
  for (const runtime of runtimes) {
    const a = await measure(small, o.s3, runtime, bundled, nodeFlags, app);
    const b = await measure(large, o.s3, runtime, bundled, nodeFlags, app);
    const r = b.maxRss / a.maxRss;
    const flags = nodeFlags.length
      ? nodeFlags.join(' ')
      : app
        ? `as the app: V8's defaults, ${runtimeV8Flags().join(' ')} set at start-up, the run on the engine thread (young generation ${engineYoungGenerationMb()} MB, Parquet encoded there); heap figures are the main thread's`
        : "V8's defaults";
    const label = runtime === 'bundle' ? `bundled (node, ${flags})` : 'from source (tsx)';
    figures.push(
      { name: `${label}: ${num(small)}`, value: line(a) },
      { name: `${label}: ${num(large)}`, value: line(b) },
      {
        name: `${label}: ratio`,
        value: ratio(r),
        note: `goal <= 1.3: ${r <= 1.3 ? 'met' : 'NOT met'}; under 300 MB: ${Math.max(a.maxRss, b.maxRss) < 300 * 1024 * 1024 ? 'yes' : 'NO'}`,
      },
    );
    data[runtime] = { small: a, large: b, ratio: r };
  }
  return { group: 'memory', title: 'peak RSS of one chunk, each in a fresh process', figures, data };
}
