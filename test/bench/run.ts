// `npm run bench [-- flags]`: prints the benchmark figures, group by group. No timed assertions anywhere.
//   --only overhead,throughput,memory,window   run some groups (default: all four)
//   --records N            overhead chunk size (default 100000: ~100 pages of 1,000)
//   --latency-ms N         overhead per-page latency (default 100)
//   --overhead-pairs N     engine and bare-loop runs taken in turn, medians reported (default 3)
//   --throughput-records N throughput chunk size (default 200000)
//   --throughput-runs N     bare-loop/engine pairs in the throughput group, medians reported (default 3)
//   --throughput-sim-cache on|off  the simulator serves pages it built once (default on) or builds each anew
//   --memory-sizes A,B     memory chunk sizes (default 100000,1000000)
//   --memory-runtime R     bundle | tsx | bundle,tsx (default both: as shipped, and from source)
//   --memory-node-flags F  cli | app | none: how the bundled child runs the engine: as the CLI (its Node flags;
//                          default); as the app (V8's defaults with the flags V8 reads while it runs set at start-up,
//                          the run on the app's engine thread); V8's defaults
//   --engine-node-flags F  cli | app | none: this process's Node flags for the overhead and throughput groups, which run
//                          the engine in-process: the CLI's (default; the bench re-starts itself with them), V8's
//                          defaults with the runtime-settable ones set (the app's main process; its runs go to the
//                          engine thread, which the memory group's `app` reproduces), or V8's defaults
//   --window-chunks N      chunks for the window group (default 8760)
//   --s3 s3rver|swift      S3-compatible server (default s3rver in a child process)
//   --json FILE            also write every group's numbers as JSON
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { applyRuntimeV8Flags, ENGINE_NODE_FLAGS, runtimeV8Flags } from '../../electron/engine/v8-flags';
import { overheadGroup } from './overhead';
import { throughputGroup } from './throughput';
import { memoryGroup } from './memory';
import { windowGroup } from './window';
import { printGroup, type GroupResult } from './report';
import { startS3Target, type S3Target } from './s3-target';

const GROUPS = ['overhead', 'throughput', 'memory', 'window'] as const;
type Group = (typeof GROUPS)[number];

function flag(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

function positive(name: string, fallback: number): number {
  const v = flag(name);
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, got "${v}"`);
  return n;
}

function only(): Group[] {
  const v = flag('only');
  if (!v) return [...GROUPS];
  const names = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!(GROUPS as readonly string[]).includes(n)) throw new Error(`--only takes ${GROUPS.join('|')} (comma-separated), got "${n}"`);
  }
  return names as Group[];
}

/** A flag that takes one of a few words. */
function choice<T extends string>(name: string, values: readonly T[], fallback: T): T {
  const v = flag(name) ?? fallback;
  if (!(values as readonly string[]).includes(v)) throw new Error(`--${name} takes ${values.join(' or ')}, got "${v}"`);
  return v as T;
}

const memoryNodeFlags = () => choice('memory-node-flags', ['cli', 'app', 'none'], 'cli');
const engineNodeFlags = () => choice('engine-node-flags', ['cli', 'app', 'none'], 'cli');
const throughputSimCache = () => choice('throughput-sim-cache', ['on', 'off'], 'on') === 'on';

/** The overhead and throughput groups run the engine in this process, so its Node flags are the engine's: measured as
 *  the CLI runs it, this process re-starts itself with the CLI's flags (the memory group's bundled child gets the same
 *  ones). Returns the child's exit code, or undefined when this process already runs as asked. */
function restartWithCliFlags(groups: readonly Group[]): number | undefined {
  if (engineNodeFlags() !== 'cli' || !groups.some((g) => g === 'overhead' || g === 'throughput')) return undefined;
  if (ENGINE_NODE_FLAGS.every((f) => process.execArgv.includes(f))) return undefined;
  const child = spawnSync(process.execPath, [...ENGINE_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  return child.status ?? 1;
}

function memoryRuntimes(): Array<'bundle' | 'tsx'> {
  const v = (flag('memory-runtime') ?? 'bundle,tsx').split(',').map((s) => s.trim());
  for (const r of v)
    if (r !== 'bundle' && r !== 'tsx') throw new Error(`--memory-runtime takes bundle, tsx or both (comma-separated), got "${r}"`);
  return v as Array<'bundle' | 'tsx'>;
}

function machine(): string {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?';
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** Node's own flags of this process (tsx's loader hooks left out). */
function nodeFlagsOfThisProcess(): string[] {
  return process.execArgv.filter((a) => a.startsWith('--') && !/^--(require|import|loader)\b/.test(a) && !a.includes('tsx'));
}

async function main(): Promise<void> {
  const groups = only();
  const restarted = restartWithCliFlags(groups);
  if (restarted !== undefined) {
    process.exitCode = restarted;
    return;
  }
  if (engineNodeFlags() === 'app') applyRuntimeV8Flags();
  const s3Kind = flag('s3') ?? 's3rver';
  if (s3Kind !== 's3rver' && s3Kind !== 'swift') throw new Error(`--s3 takes s3rver or swift, got "${s3Kind}"`);
  const memorySizes = (flag('memory-sizes') ?? '100000,1000000').split(',').map(Number);
  if (memorySizes.length !== 2 || memorySizes.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error('--memory-sizes takes two positive whole numbers, e.g. 100000,1000000');
  }
  console.log(`mambu-backfill benchmarks — ${machine()}`);
  console.log(`groups: ${groups.join(', ')}`);
  console.log(
    `this process's Node flags (the engine's in the overhead and throughput groups): ${nodeFlagsOfThisProcess().join(' ') || "none (V8's defaults)"}` +
      (engineNodeFlags() === 'app' ? `; set at start-up as the app does: ${runtimeV8Flags().join(' ')}` : ''),
  );
  const needsS3 = groups.some((g) => g !== 'window');
  let s3: S3Target | undefined;
  const results: GroupResult[] = [];
  try {
    if (needsS3) {
      s3 = await startS3Target(s3Kind);
      console.log(`S3 server: ${s3.label}`);
    }
    for (const g of groups) {
      const started = Date.now();
      let r: GroupResult;
      if (g === 'overhead')
        r = await overheadGroup({
          records: positive('records', 100_000),
          latencyMs: positive('latency-ms', 100),
          pairs: positive('overhead-pairs', 3),
          s3: s3!,
          nodeFlags: nodeFlagsOfThisProcess(),
        });
      else if (g === 'throughput')
        r = await throughputGroup({
          records: positive('throughput-records', 200_000),
          s3: s3!,
          simPageCache: throughputSimCache(),
          runs: positive('throughput-runs', 3),
        });
      else if (g === 'memory')
        r = await memoryGroup({
          sizes: [memorySizes[0]!, memorySizes[1]!],
          s3: s3!,
          runtimes: memoryRuntimes(),
          nodeFlags: memoryNodeFlags(),
        });
      else r = await windowGroup({ chunks: positive('window-chunks', 8760) });
      printGroup(r);
      console.log(`  (group took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      results.push(r);
    }
  } finally {
    await s3?.stop();
  }
  const json = flag('json');
  if (json) writeFileSync(json, JSON.stringify({ machine: machine(), at: new Date().toISOString(), results }, null, 2) + '\n');
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
