// Group 2, throughput with no latency: records per second end to end (simulator → engine → Parquet → S3) and
// for the bare loop (same pages fetched, parsed and PUT raw to the same S3 server), in the same run. A short
// warm-up of each first, so JIT and connection set-up are not in either figure.
// Every process on the path shares this machine's cores, so the group also prints the CPU each one spent per page
// of the engine's run (the engine, the simulator, the S3 server): their sum over the cores is a floor on the time per
// page no client can beat here. By default the simulator serves each page from the bytes it built the first time
// (SimulatorOptions.pageCacheBytes; one unmeasured pass builds them): a remote Mambu builds its pages on its own
// machines, and a simulator building 1,000 records per page on these two cores took as much CPU as the engine, so
// the figure measured the simulator (BENCHMARKS.md, round 7). `--throughput-sim-cache off` builds every page anew.
import os from 'node:os';
import { runBareLoop } from './bare-loop';
import { runEngineOnce } from './engine-run';
import { BENCH_PAGE_CACHE_BYTES, processCpuMs, startSimProcess } from './processes';
import { ms, num, ratio, type GroupResult } from './report';
import type { S3Target } from './s3-target';

export interface ThroughputOptions {
  records: number;
  s3: S3Target;
  /** The simulator serves pages it built once (default) instead of building each one again. */
  simPageCache?: boolean;
}

export async function throughputGroup(o: ThroughputOptions): Promise<GroupResult> {
  const warm = Math.min(20_000, o.records);
  const warmSim = await startSimProcess({ latencyMs: 0, perDay: { 'loans/transactions': warm } });
  try {
    await runEngineOnce({ simUrl: warmSim.url, destination: o.s3.destination(`warmup-${Date.now()}`) });
    await runBareLoop({ simUrl: warmSim.url, destination: o.s3.destination(`warmup-bare-${Date.now()}`) });
  } finally {
    await warmSim.stop();
  }
  const cache = o.simPageCache !== false;
  const sim = await startSimProcess({
    latencyMs: 0,
    perDay: { 'loans/transactions': o.records },
    pageCacheBytes: cache ? BENCH_PAGE_CACHE_BYTES : 0,
  });
  try {
    // Every page built once before either side is measured, so both are served the same way.
    if (cache) {
      await runBareLoop({ simUrl: sim.url });
      await sim.reset();
    }
    const bare = await runBareLoop({ simUrl: sim.url, destination: o.s3.destination(`bare-${Date.now()}`) });
    const before = {
      sim: processCpuMs(sim.pid),
      s3: processCpuMs(o.s3.pid),
      engine: process.cpuUsage(),
      main: process.threadCpuUsage(),
    };
    const run = await runEngineOnce({ simUrl: sim.url, destination: o.s3.destination(`throughput-${Date.now()}`) });
    const engineCpu = process.cpuUsage(before.engine);
    const mainCpu = process.threadCpuUsage(before.main);
    const pages = Math.max(1, run.chunk.pages);
    const perPage = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : (b - a) / pages);
    const cpu = {
      engine: (engineCpu.user + engineCpu.system) / 1000 / pages,
      engineMain: (mainCpu.user + mainCpu.system) / 1000 / pages,
      sim: perPage(before.sim, processCpuMs(sim.pid)),
      s3: perPage(before.s3, processCpuMs(o.s3.pid)),
    };
    const stats = await sim.stats();
    const engineRps = run.chunk.records / (run.wallMs / 1000);
    const bareRps = bare.records / (bare.wallMs / 1000);
    const cores = os.cpus().length;
    const total = cpu.engine + (cpu.sim ?? 0) + (cpu.s3 ?? 0);
    const floorMs = total / cores;
    const recordsPerPage = run.chunk.records / pages;
    const f1 = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(1));
    return {
      group: 'throughput',
      title: `throughput with no latency, ${num(o.records)} records in pages of 1,000, ${cache ? 'the simulator serving pages it built once' : 'the simulator building every page anew'}`,
      figures: [
        {
          name: 'engine',
          value: `${num(engineRps)} records/s`,
          note: `${num(run.chunk.records)} records, ${run.chunk.pages} pages, ${ms(run.wallMs)}, ${run.chunk.objects.length} Parquet object(s)`,
        },
        {
          name: 'bare loop',
          value: `${num(bareRps)} records/s`,
          note: `${num(bare.records)} records, ${bare.pages} pages, ${ms(bare.wallMs)}, ${(bare.bytes / 1e6).toFixed(1)} MB of JSON PUT raw`,
        },
        {
          name: 'engine / bare loop',
          value: ratio(engineRps / bareRps),
          note: '1.0 = the engine costs nothing beyond fetch + parse + PUT',
        },
        {
          name: 'CPU per page',
          value: `${f1(total)} ms`,
          note:
            `engine ${f1(cpu.engine)} (of which its main thread ${f1(cpu.engineMain)}, which no other thread can take over) + ` +
            `simulator ${f1(cpu.sim)} + S3 server ${f1(cpu.s3)} ms (the engine's run; n/a: not one process of ours)`,
        },
        {
          name: 'ceiling on this machine',
          value: `${num((recordsPerPage / floorMs) * 1000)} records/s`,
          note:
            `${cores} cores shared by all three: no run here takes less than ${floorMs.toFixed(1)} ms per page` +
            (cpu.sim === undefined
              ? ''
              : `; the simulator alone allows at most ${num((recordsPerPage / cpu.sim) * 1000)} records/s on a core of its own`),
        },
        {
          name: 'pages from the cache',
          value: `${stats.cached} of ${stats.ok}`,
          note: cache ? 'both measured runs; built by an unmeasured first pass' : 'the cache is off: every page built anew',
        },
        { name: 'max concurrency', value: String(stats.maxConcurrency), note: 'must be 1' },
      ],
      data: {
        records: run.chunk.records,
        engineMs: run.wallMs,
        engineRps,
        bareRecords: bare.records,
        bareMs: bare.wallMs,
        bareRps,
        ratio: engineRps / bareRps,
        cpuMsPerPage: cpu,
        floorMsPerPage: floorMs,
        maxConcurrency: stats.maxConcurrency,
        simPageCache: cache,
      },
    };
  } finally {
    await sim.stop();
  }
}
