// Profiling aid (not part of npm run bench): one chunk through the real engine to a local folder, several times in
// one process (the first run is cold: JIT, the encoder worker's start), with the simulator in its own process (no
// latency unless a third argument asks for some). Prints each run's CPU per page split by thread (main, Parquet worker, the rest: GC helper threads and
// libuv), the same by thread name where /proc has them, and its peak RSS, then the CPU of JSON.parse of the same pages.
// Run with `node --import tsx [--cpu-prof --cpu-prof-dir=.tmp/prof] test/bench/cpu-probe.ts [records] [runs] [latency ms]
// [cache]`, adding the CLI's flags (electron/engine/node-flags.json) to see the engine as the CLI runs it; `cache` has the
// simulator serve the pages it built in the cold run (SimulatorOptions.pageCacheBytes) to the runs after it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalDestination } from '../../electron/engine/sink/local';
import { encoderWorker } from '../../electron/engine/sink/parquet-encoder';
import { runEngineOnce } from './engine-run';
import { BENCH_PAGE_CACHE_BYTES, startSimProcess, threadCpuMsByName } from './processes';
import { parseCpuOfPages } from './parse-cpu';

const records = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);
const latencyMs = Number(process.argv[4] ?? 0);
const cpuMs = (u: { user: number; system: number }) => (u.user + u.system) / 1000;
const cache = process.argv[5] === 'cache';
const sim = await startSimProcess({
  latencyMs,
  perDay: { 'loans/transactions': records },
  pageCacheBytes: cache ? BENCH_PAGE_CACHE_BYTES : 0,
});
try {
  let last = 0;
  for (let k = 0; k < runs; k++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cpu-probe-'));
    try {
      const w0 = (await encoderWorker()?.cpuUsage()) ?? { user: 0, system: 0 };
      const all0 = process.cpuUsage();
      const main0 = process.threadCpuUsage();
      const threads0 = threadCpuMsByName();
      const run = await runEngineOnce({ simUrl: sim.url, destination: createLocalDestination(dir) });
      const all = cpuMs(process.cpuUsage(all0));
      const main = cpuMs(process.threadCpuUsage(main0));
      const worker = cpuMs((await encoderWorker()?.cpuUsage(w0)) ?? { user: 0, system: 0 });
      const p = run.chunk.pages;
      // Which threads the CPU was on, by name (Linux; 10 ms ticks): "other" above is V8's helpers, libuv's, …
      const byName = [...threadCpuMsByName()]
        .map(([name, ms]) => [name, ms - (threads0.get(name) ?? 0)] as const)
        .filter(([, ms]) => ms > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([name, ms]) => `${name} ${(ms / p).toFixed(1)}`)
        .join(', ');
      last = all / p;
      console.log(
        `run ${k}${k === 0 ? ' (cold)' : ''}: ${run.chunk.records} records, ${p} pages, ${((run.chunk.records / run.wallMs) * 1000).toFixed(0)} records/s; ` +
          `CPU per page: all ${(all / p).toFixed(1)} ms = main ${(main / p).toFixed(1)} + worker ${(worker / p).toFixed(1)} + other ${((all - main - worker) / p).toFixed(1)}; ` +
          `peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB${byName ? `; by thread name, ms per page: ${byName}` : ''}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const parse = await parseCpuOfPages({ simUrl: sim.url });
  const parsePerPage = parse.parseCpuMs / parse.pages;
  console.log(`JSON.parse CPU ${parsePerPage.toFixed(1)} ms per page (${parse.pages} pages, median of 5 passes)`);
  console.log(`last run's engine CPU / JSON.parse CPU: ${(last / parsePerPage).toFixed(1)}`);
} finally {
  await sim.stop();
}
