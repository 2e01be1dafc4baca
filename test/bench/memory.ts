// Group 3, memory: peak RSS of a fresh engine process running one chunk of N records (default 100,000 and
// 1,000,000), simulator and S3 server out of process. Peak = getrusage maxRSS (same as /proc VmHWM on Linux).
// Measured twice per size: the child run from source under tsx (as in development; tsx and its compiler cost
// ~100 MB at start-up) and the child bundled by esbuild into CJS the way the CLI and app ship (plain node, with
// the Parquet encoder worker bundled beside it), which is what a user's process costs.
import { fork } from 'node:child_process';
import { ENGINE_NODE_FLAGS, runtimeV8Flags } from '../../electron/engine/v8-flags';
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
  baselineRss: number;
  maxRss: number;
  vmHwm: number | null;
  peakHeapUsed: number;
  peakHeapTotal: number;
  peakExternal: number;
}

/** Bundles memory-child.ts and the encoder worker like scripts/build.mjs bundles the CLI; returns the entry. */
async function bundleChild(): Promise<string> {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-memory-'));
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node20',
    format: 'cjs' as const,
    logLevel: 'warning' as const,
    absWorkingDir: ROOT,
    external: ['electron'],
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  };
  await build({ ...common, entryPoints: ['test/bench/memory-child.ts'], outfile: path.join(dir, 'memory-child.cjs') });
  // (An engine from before the encoder worker has no worker entry to bundle.)
  if (existsSync(path.join(ROOT, 'electron/engine/sink/parquet-worker.ts'))) {
    await build({ ...common, entryPoints: ['electron/engine/sink/parquet-worker.ts'], outfile: path.join(dir, 'parquet-worker.cjs') });
  }
  return path.join(dir, 'memory-child.cjs');
}

async function measure(
  records: number,
  s3: S3Target,
  runtime: MemoryRuntime,
  bundled: string | undefined,
  nodeFlags: readonly string[],
  runtimeFlags: boolean,
): Promise<MemoryRun> {
  const sim = await startSimProcess({ latencyMs: 0, perDay: { 'loans/transactions': records } });
  try {
    const args = {
      simUrl: sim.url,
      s3: { endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, credentials: s3.credentials },
      prefix: `memory-${runtime}-${records}-${Date.now()}`,
      runtimeFlags,
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
  /** The bundled child's Node flags: the CLI's (as it ships); V8's defaults with the flags V8 reads while it runs set
   *  at start-up (as the app's main process runs the engine); or none at all (V8's defaults). */
  nodeFlags?: 'cli' | 'app' | 'none';
}): Promise<GroupResult> {
  const nodeFlags = o.nodeFlags === 'none' || o.nodeFlags === 'app' ? [] : ENGINE_NODE_FLAGS;
  const runtimeFlags = o.nodeFlags === 'app';
  const [small, large] = o.sizes;
  const runtimes = o.runtimes ?? ['bundle', 'tsx'];
  const bundled = runtimes.includes('bundle') ? await bundleChild() : undefined;
  const figures: GroupResult['figures'] = [];
  const data: Record<string, unknown> = {};
  const line = (m: MemoryRun) =>
    `${mb(m.maxRss)}   (VmHWM ${m.vmHwm === null ? '?' : mb(m.vmHwm)}; ${mb(m.baselineRss)} after start-up; main-thread heap peak ${mb(m.peakHeapUsed)} used / ${mb(m.peakHeapTotal)} committed, ` +
    `peak external+ArrayBuffers ${mb(m.peakExternal)}; ${num(m.records)} records, ${m.objects} object(s), ${ms(m.wallMs)})`;
  for (const runtime of runtimes) {
    const a = await measure(small, o.s3, runtime, bundled, nodeFlags, runtimeFlags);
    const b = await measure(large, o.s3, runtime, bundled, nodeFlags, runtimeFlags);
    const r = b.maxRss / a.maxRss;
    const flags = nodeFlags.length
      ? nodeFlags.join(' ')
      : runtimeFlags
        ? `V8's defaults, ${runtimeV8Flags().join(' ')} set at start-up as the app does`
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
