// Group 1, engine overhead: the simulator (own process) answers every request after a fixed latency; one chunk
// of ~100 pages of 1,000 records goes through the real engine to a real S3 server. The figure is wall time over
// the sum of the latencies of every request actually made (setup check included, counted by the simulator).
// A bare fetch-and-parse loop over the same pages, against the same simulator, shows the floor: the simulator's
// own time to build and send a page, which no client can hide while keeping one request in flight.
// Both sides are measured warm, as the throughput group is: the simulator first serves every page once to an
// unmeasured bare loop (its first pass over a day costs it more, and whoever went first used to pay for it), and
// the engine first runs one small chunk of its own (JIT, the encoder worker's start). The cold chunk's CPU is printed
// beside the warm one. The yardstick, JSON.parse of the same pages, is measured in a process of its own with the
// engine's V8 flags, two passes after each pair, and its median taken: this machine's speed moves by a third within
// seconds (the passes of one run, which the line prints, ranged 3.9–6.9 ms per page for the same pages: BENCHMARKS.md
// round 8), so passes taken only at the end sampled the machine at one moment and the engine over minutes.
import { runBareLoop } from './bare-loop';
import { runEngineOnce } from './engine-run';
import { startParseProcess, startSimProcess } from './processes';
import { ms, num, ratio, type GroupResult } from './report';
import type { S3Target } from './s3-target';

export interface OverheadOptions {
  records: number;
  latencyMs: number;
  s3: S3Target;
  /** Engine and bare-loop runs, taken in turn (medians reported). */
  pairs: number;
  /** The V8 flags the engine runs with here (this process's): the yardstick's process gets the same. */
  nodeFlags: readonly string[];
}

/** JSON.parse passes taken after each pair. */
const PASSES_PER_PAIR = 2;

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

interface Pair {
  engineWallMs: number;
  /** First to last request of the engine's run at the simulator (its paging), and the same for the bare loop. */
  engineSpanMs: number;
  bareWallMs: number;
  bareSpanMs: number;
  engineRequests: number;
  bareRequests: number;
  cpuMs: number;
  mainActiveMs: number;
  gaps: number[];
  run: Awaited<ReturnType<typeof runEngineOnce>>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

export async function overheadGroup(o: OverheadOptions): Promise<GroupResult> {
  const cold = await coldChunk(o.s3);
  const sim = await startSimProcess({ latencyMs: o.latencyMs, perDay: { 'loans/transactions': o.records } });
  const yardstick = await startParseProcess(sim.url, o.nodeFlags).catch(async (err: unknown) => {
    await sim.stop();
    throw err;
  });
  try {
    await runBareLoop({ simUrl: sim.url });
    const passes: number[] = [];
    // Engine and bare loop in turn, each pair back to back: a machine whose load moves between runs moves both.
    const pairs: Pair[] = [];
    for (let k = 0; k < o.pairs; k++) {
      await sim.reset();
      const cpu0 = process.cpuUsage();
      const elu0 = performance.eventLoopUtilization();
      const run = await runEngineOnce({ simUrl: sim.url, destination: o.s3.destination(`overhead-${Date.now()}`) });
      const cpu = process.cpuUsage(cpu0);
      const mainActiveMs = performance.eventLoopUtilization(elu0).active;
      const engine = await sim.stats();
      await sim.reset();
      const bare = await runBareLoop({ simUrl: sim.url });
      const bareStats = await sim.stats();
      pairs.push({
        engineWallMs: run.wallMs,
        engineSpanMs: engine.spanMs,
        bareWallMs: bare.wallMs,
        bareSpanMs: bareStats.spanMs,
        engineRequests: engine.requests,
        bareRequests: bareStats.requests,
        cpuMs: (cpu.user + cpu.system) / 1000,
        mainActiveMs,
        gaps: engine.gapsMs,
        run,
      });
      for (let p = 0; p < PASSES_PER_PAIR; p++) passes.push(await yardstick.pass());
    }
    const maxConcurrency = (await sim.stats()).maxConcurrency;
    // The yardstick of the CPU goal: JSON.parse of the very same pages, measured in this run on this machine.
    const parsePages = Math.max(1, yardstick.pages);
    const parsePerPage = median(passes) / parsePages;
    const passRange = `${(Math.min(...passes) / parsePages).toFixed(1)}–${(Math.max(...passes) / parsePages).toFixed(1)}`;
    const run = pairs[0]!.run;
    const pages = Math.max(1, run.chunk.pages);
    const cpuPerPage = median(pairs.map((p) => p.cpuMs)) / pages;
    const mainPerPage = median(pairs.map((p) => p.mainActiveMs)) / pages;
    const wallRatios = pairs.map((p) => p.engineWallMs / p.bareWallMs);
    const spanRatios = pairs.map((p) => p.engineSpanMs / p.bareSpanMs);
    const latencySum = pairs[0]!.engineRequests * o.latencyMs;
    const value = median(pairs.map((p) => p.engineWallMs)) / latencySum;
    const bareRatio = median(pairs.map((p) => p.bareWallMs / (p.bareRequests * o.latencyMs)));
    const gaps = pairs.flatMap((p) => p.gaps).sort((a, b) => a - b);
    const gapMedian = gaps[Math.floor((gaps.length - 1) / 2)] ?? 0;
    const gapP90 = gaps[Math.floor((gaps.length - 1) * 0.9)] ?? 0;
    const fixedMs = median(pairs.map((p) => p.engineWallMs - p.engineSpanMs));
    const list = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(', ');
    return {
      group: 'overhead',
      title: `engine overhead, ${o.latencyMs} ms per page, ${num(o.records)} records in pages of 1,000, ${o.pairs} engine/bare pairs`,
      figures: [
        {
          name: 'records landed',
          value: num(run.chunk.records),
          note: `chunk ${run.chunk.status}, ${run.chunk.objects.length} Parquet object(s)`,
        },
        { name: 'pages (FetchStats)', value: `${run.chunk.pages} pages, ${run.chunk.requests} requests, ${run.chunk.retries} retries` },
        {
          name: 'requests at simulator',
          value: `${pairs[0]!.engineRequests} (setup check included)`,
          note: 'offset advances by limit - 10',
        },
        { name: 'sum of latencies', value: ms(latencySum), note: `${pairs[0]!.engineRequests} x ${o.latencyMs} ms` },
        { name: 'wall time', value: ms(median(pairs.map((p) => p.engineWallMs))), note: 'runBackfill, setup check to commit (median)' },
        { name: 'wall / latencies', value: ratio(value), note: `goal <= 1.05: ${value <= 1.05 ? 'met' : 'NOT met'}` },
        {
          name: 'request spacing',
          value: `median ${gapMedian} ms, p90 ${gapP90} ms`,
          note: `between request arrivals at the simulator; the latency is ${o.latencyMs} ms`,
        },
        {
          name: 'engine CPU',
          value: ms(cpuPerPage * pages),
          note: `this process, all threads (main, Parquet worker, GC), ${cpuPerPage.toFixed(1)} ms per page (median run)`,
        },
        {
          name: 'engine CPU, cold',
          value: `${cold.cpuPerPage.toFixed(1)} ms per page`,
          note: `the process's first chunk (${cold.pages} pages, no latency): JIT and the encoder worker's start included; ${(cold.cpuPerPage / parsePerPage).toFixed(1)} × JSON.parse`,
        },
        {
          name: 'engine CPU / JSON.parse CPU',
          value: (cpuPerPage / parsePerPage).toFixed(1),
          note: `per page: engine ${cpuPerPage.toFixed(1)} ms vs JSON.parse ${parsePerPage.toFixed(1)} ms (same ${yardstick.pages} pages, median of ${passes.length} passes taken between the pairs, ${passRange} ms); goal <= 5`,
        },
        {
          name: 'main thread busy',
          value: ms(mainPerPage * pages),
          note: `event-loop active time, ${mainPerPage.toFixed(1)} ms per page: what can delay reading the next page`,
        },
        {
          name: 'bare loop wall / lat.',
          value: ratio(bareRatio),
          note: `fetch+parse only, ${yardstick.pages} pages: the floor set by the simulator`,
        },
        {
          name: 'engine / bare loop',
          value: ratio(median(wallRatios)),
          note: `wall, median of ${o.pairs} pairs (${list(wallRatios)}): time beyond what fetching alone costs`,
        },
        {
          name: 'paging: engine / bare',
          value: ratio(median(spanRatios)),
          note: `first to last request at the simulator, median (${list(spanRatios)}); the rest of the engine's wall is the setup check before and the commit after: ${ms(fixedMs)}`,
        },
        { name: 'max concurrency', value: String(maxConcurrency), note: 'requests in flight at once at the simulator; must be 1' },
      ],
      data: {
        records: run.chunk.records,
        pages: run.chunk.pages,
        requests: pairs[0]!.engineRequests,
        latencySumMs: latencySum,
        ratio: value,
        pairs: pairs.map(({ run: _run, gaps: _gaps, ...rest }) => rest),
        wallRatios,
        spanRatios,
        bareRatio,
        maxConcurrency,
        gapMedianMs: gapMedian,
        gapP90Ms: gapP90,
        cpuMsPerPage: cpuPerPage,
        mainActiveMsPerPage: mainPerPage,
        parseCpuMsPerPage: parsePerPage,
        parsePassesMsPerPage: passes.map((p) => p / parsePages),
        cpuOverParse: cpuPerPage / parsePerPage,
        coldCpuMsPerPage: cold.cpuPerPage,
        fixedMs,
      },
    };
  } finally {
    await Promise.all([sim.stop(), yardstick.stop()]);
  }
}
