// Group 2, throughput with no latency: records per second end to end (simulator → engine → Parquet → S3) and
// for the bare loop (same pages fetched, parsed and PUT raw to the same S3 server), in the same run. A short
// warm-up of each first, so JIT and connection set-up are not in either figure.
import { runBareLoop } from './bare-loop';
import { runEngineOnce } from './engine-run';
import { startSimProcess } from './processes';
import { ms, num, ratio, type GroupResult } from './report';
import type { S3Target } from './s3-target';

export interface ThroughputOptions {
  records: number;
  s3: S3Target;
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
  const sim = await startSimProcess({ latencyMs: 0, perDay: { 'loans/transactions': o.records } });
  try {
    const bare = await runBareLoop({ simUrl: sim.url, destination: o.s3.destination(`bare-${Date.now()}`) });
    const run = await runEngineOnce({ simUrl: sim.url, destination: o.s3.destination(`throughput-${Date.now()}`) });
    const stats = await sim.stats();
    const engineRps = run.chunk.records / (run.wallMs / 1000);
    const bareRps = bare.records / (bare.wallMs / 1000);
    return {
      group: 'throughput',
      title: `throughput with no latency, ${num(o.records)} records in pages of 1,000`,
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
        maxConcurrency: stats.maxConcurrency,
      },
    };
  } finally {
    await sim.stop();
  }
}
