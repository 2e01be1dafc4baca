// Group 1, engine overhead: the simulator (own process) answers every request after a fixed latency; one chunk
// of ~100 pages of 1,000 records goes through the real engine to a real S3 server. The figure is wall time over
// the sum of the latencies of every request actually made (setup check included, counted by the simulator).
// A bare fetch-and-parse loop over the same pages, against the same simulator, shows the floor: the simulator's
// own time to build and send a page, which no client can hide while keeping one request in flight.
// Both sides are measured warm, as the throughput group is: the simulator first serves every page once to an
// unmeasured bare loop (its first pass over a day costs it more, and whoever went first used to pay for it), and
// the engine first runs one small chunk of its own (JIT, the encoder worker's start). The yardstick JSON.parse is
// warm too (median of passes). The cold chunk's CPU is printed beside the warm one.
import { runBareLoop } from './bare-loop';
import { parseCpuOfPages } from './parse-cpu';
import { runEngineOnce } from './engine-run';
import { startSimProcess } from './processes';
import { ms, num, ratio, type GroupResult } from './report';
import type { S3Target } from './s3-target';

export interface OverheadOptions {
  records: number;
  latencyMs: number;
  s3: S3Target;
}

/** The engine's first chunk in this process (20,000 records, no latency), measured for its CPU and then used as
 *  the warm-up. */
async function coldChunk(s3: S3Target): Promise<{ pages: number; cpuPerPage: number }> {
  const sim = await startSimProcess({ latencyMs: 0, perDay: { 'loans/transactions': 20_000 } });
  try {
    await runBareLoop({ simUrl: sim.url });
    const c0 = process.cpuUsage();
    const run = await runEngineOnce({ simUrl: sim.url, destination: s3.destination(`overhead-warmup-${Date.now()}`) });
    const c = process.cpuUsage(c0);
    return { pages: run.chunk.pages, cpuPerPage: (c.user + c.system) / 1000 / Math.max(1, run.chunk.pages) };
  } finally {
    await sim.stop();
  }
}

export async function overheadGroup(o: OverheadOptions): Promise<GroupResult> {
  const cold = await coldChunk(o.s3);
  const sim = await startSimProcess({ latencyMs: o.latencyMs, perDay: { 'loans/transactions': o.records } });
  try {
    await runBareLoop({ simUrl: sim.url });
    await sim.reset();
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const run = await runEngineOnce({ simUrl: sim.url, destination: o.s3.destination(`overhead-${Date.now()}`) });
    const cpu = process.cpuUsage(cpu0);
    const mainActiveMs = performance.eventLoopUtilization(elu0).active;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const afterEngine = await sim.stats();
    const gaps = afterEngine.gapsMs;
    const gapMedian = gaps[Math.floor((gaps.length - 1) / 2)] ?? 0;
    const gapP90 = gaps[Math.floor((gaps.length - 1) * 0.9)] ?? 0;
    const bare = await runBareLoop({ simUrl: sim.url });
    const total = await sim.stats();
    // The yardstick of the CPU goal: JSON.parse of the very same pages, measured in this run on this machine.
    const parse = await parseCpuOfPages({ simUrl: sim.url });
    const parsePerPage = parse.parseCpuMs / Math.max(1, parse.pages);
    const cpuPerPage = cpuMs / Math.max(1, run.chunk.pages);
    const latencySum = afterEngine.requests * o.latencyMs;
    const bareLatency = (total.requests - afterEngine.requests) * o.latencyMs;
    const value = run.wallMs / latencySum;
    return {
      group: 'overhead',
      title: `engine overhead, ${o.latencyMs} ms per page, ${num(o.records)} records in pages of 1,000`,
      figures: [
        {
          name: 'records landed',
          value: num(run.chunk.records),
          note: `chunk ${run.chunk.status}, ${run.chunk.objects.length} Parquet object(s)`,
        },
        { name: 'pages (FetchStats)', value: `${run.chunk.pages} pages, ${run.chunk.requests} requests, ${run.chunk.retries} retries` },
        { name: 'requests at simulator', value: `${afterEngine.requests} (setup check included)`, note: 'offset advances by limit - 10' },
        { name: 'sum of latencies', value: ms(latencySum), note: `${afterEngine.requests} x ${o.latencyMs} ms` },
        { name: 'wall time', value: ms(run.wallMs), note: 'runBackfill, setup check to commit' },
        { name: 'wall / latencies', value: ratio(value), note: `goal <= 1.05: ${value <= 1.05 ? 'met' : 'NOT met'}` },
        {
          name: 'request spacing',
          value: `median ${gapMedian} ms, p90 ${gapP90} ms`,
          note: `between request arrivals at the simulator; the latency is ${o.latencyMs} ms`,
        },
        {
          name: 'engine CPU',
          value: ms(cpuMs),
          note: `this process, all threads (main, Parquet worker, GC), ${(cpuMs / Math.max(1, run.chunk.pages)).toFixed(1)} ms per page`,
        },
        {
          name: 'engine CPU, cold',
          value: `${cold.cpuPerPage.toFixed(1)} ms per page`,
          note: `the process's first chunk (${cold.pages} pages, no latency): JIT and the encoder worker's start included; ${(cold.cpuPerPage / parsePerPage).toFixed(1)} × JSON.parse`,
        },
        {
          name: 'engine CPU / JSON.parse CPU',
          value: (cpuPerPage / parsePerPage).toFixed(1),
          note: `per page: engine ${cpuPerPage.toFixed(1)} ms vs JSON.parse ${parsePerPage.toFixed(1)} ms (same ${parse.pages} pages, median of 5 passes); goal <= 5`,
        },
        {
          name: 'main thread busy',
          value: ms(mainActiveMs),
          note: `event-loop active time, ${(mainActiveMs / Math.max(1, run.chunk.pages)).toFixed(1)} ms per page: what can delay reading the next page`,
        },
        {
          name: 'bare loop wall / lat.',
          value: ratio(bare.wallMs / bareLatency),
          note: `fetch+parse only, ${bare.pages} pages: the floor set by the simulator`,
        },
        { name: 'engine / bare loop', value: ratio(run.wallMs / bare.wallMs), note: 'time beyond what fetching alone costs' },
        { name: 'max concurrency', value: String(total.maxConcurrency), note: 'requests in flight at once at the simulator; must be 1' },
      ],
      data: {
        records: run.chunk.records,
        pages: run.chunk.pages,
        requests: afterEngine.requests,
        latencySumMs: latencySum,
        wallMs: run.wallMs,
        ratio: value,
        bareWallMs: bare.wallMs,
        bareRatio: bare.wallMs / bareLatency,
        maxConcurrency: total.maxConcurrency,
        gapMedianMs: gapMedian,
        gapP90Ms: gapP90,
        cpuMs,
        mainActiveMs,
        parseCpuMsPerPage: parsePerPage,
        cpuOverParse: cpuPerPage / parsePerPage,
        coldCpuMsPerPage: cold.cpuPerPage,
      },
    };
  } finally {
    await sim.stop();
  }
}
