// Group 2, throughput with no latency: records per second end to end (simulator → engine → Parquet → S3) and
// for the bare loop (same pages fetched, parsed and PUT raw to the same S3 server), taken in turn several times
// (`--throughput-runs`, default 3; medians printed beside every run's figure). A short warm-up of each first, so JIT
// and connection set-up are not in either figure.
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
  /** Bare-loop and engine runs, taken in turn (medians reported): one run moved by up to a fifth between runs minutes
   *  apart on this machine (BENCHMARKS.md round 11). */
  runs?: number;
}

interface Run {
  engineRps: number;
  bareRps: number;
  records: number;
  pages: number;
  wallMs: number;
  objects: number;
  bare: Awaited<ReturnType<typeof runBareLoop>>;
  /** CPU per page of the engine's run: the engine (all threads), its main thread, the simulator, the S3 server. */
  cpu: { engine: number; engineMain: number; sim?: number; s3?: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

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
    const runs: Run[] = [];
    for (let k = 0; k < Math.max(1, o.runs ?? 3); k++) {
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
      runs.push({
        engineRps: run.chunk.records / (run.wallMs / 1000),
        bareRps: bare.records / (bare.wallMs / 1000),
        records: run.chunk.records,
        pages: run.chunk.pages,
        wallMs: run.wallMs,
        objects: run.chunk.objects.length,
        bare,
        cpu: {
          engine: (engineCpu.user + engineCpu.system) / 1000 / pages,
          engineMain: (mainCpu.user + mainCpu.system) / 1000 / pages,
          sim: perPage(before.sim, processCpuMs(sim.pid)),
          s3: perPage(before.s3, processCpuMs(o.s3.pid)),
        },
      });
    }
    const stats = await sim.stats();
    // The median run by the engine's records/s (the middle one of an odd count) gives the CPU and counts printed.
    const engineRps = median(runs.map((r) => r.engineRps));
    const mid = runs.find((r) => r.engineRps === engineRps) ?? runs[0]!;
    const bareRps = median(runs.map((r) => r.bareRps));
    const ratios = runs.map((r) => r.engineRps / r.bareRps);
    const { cpu } = mid;
    const cores = os.cpus().length;
    const total = cpu.engine + (cpu.sim ?? 0) + (cpu.s3 ?? 0);
    const floorMs = total / cores;
    const recordsPerPage = mid.records / Math.max(1, mid.pages);
    const f1 = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(1));
    const list = (xs: number[]) => xs.map((x) => num(x)).join(', ');
    return {
      group: 'throughput',
      title: `throughput with no latency, ${num(o.records)} records in pages of 1,000, ${cache ? 'the simulator serving pages it built once' : 'the simulator building every page anew'}, ${runs.length} bare/engine pair(s)`,
      figures: [
        {
          name: 'engine',
          value: `${num(engineRps)} records/s`,
          note: `median of ${runs.length} (${list(runs.map((r) => r.engineRps))}); ${num(mid.records)} records, ${mid.pages} pages, ${ms(mid.wallMs)}, ${mid.objects} Parquet object(s)`,
        },
        {
          name: 'bare loop',
          value: `${num(bareRps)} records/s`,
          note: `median (${list(runs.map((r) => r.bareRps))}); ${num(mid.bare.records)} records, ${mid.bare.pages} pages, ${(mid.bare.bytes / 1e6).toFixed(1)} MB of JSON PUT raw`,
        },
        {
          name: 'engine / bare loop',
          value: ratio(median(ratios)),
          note: `median of the pairs (${ratios.map((r) => r.toFixed(3)).join(', ')}); 1.0 = the engine costs nothing beyond fetch + parse + PUT`,
        },
        {
          name: 'CPU per page',
          value: `${f1(total)} ms`,
          note:
            `the median run: engine ${f1(cpu.engine)} (of which its main thread ${f1(cpu.engineMain)}, which no other thread can take over) + ` +
            `simulator ${f1(cpu.sim)} + S3 server ${f1(cpu.s3)} ms (n/a: not one process of ours)`,
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
          note: cache ? 'every measured run; built by an unmeasured first pass' : 'the cache is off: every page built anew',
        },
        { name: 'max concurrency', value: String(stats.maxConcurrency), note: 'must be 1' },
      ],
      data: {
        records: mid.records,
        engineMs: mid.wallMs,
        engineRps,
        engineRpsRuns: runs.map((r) => r.engineRps),
        bareRecords: mid.bare.records,
        bareMs: mid.bare.wallMs,
        bareRps,
        bareRpsRuns: runs.map((r) => r.bareRps),
        ratio: median(ratios),
        ratios,
        cpuMsPerPage: cpu,
        cpuMsPerPageRuns: runs.map((r) => r.cpu),
        floorMsPerPage: floorMs,
        maxConcurrency: stats.maxConcurrency,
        simPageCache: cache,
      },
    };
  } finally {
    await sim.stop();
  }
}
