// Profiling aid (not part of npm run bench): where a chunk's wall time goes outside paging. One chunk of `records`
// (simulator in its own process, `latency` ms per page, S3 server as the benchmarks use it), several runs after a
// warm-up; the destination's calls are timed by a wrapper (nothing in the engine is instrumented). Prints per run:
// the setup (start → setup-checked), the tail (last page handed on → chunk done) and within it each kind of
// destination call (count, and its span from the last page), and the engine's wall minus its span at the simulator.
// Run with `npx tsx test/bench/phases.ts [records] [runs] [latency ms] [s3rver|swift] [part rows]` (part rows: the
// engine's partRows instead of its default).
import { runBackfill } from '../../electron/engine/runner';
import { createMambuSource } from '../../electron/engine/mambu/source';
import type { Destination } from '../../electron/engine/types';
import type { RunEvent } from '../../shared/run-types';
import { runBareLoop } from './bare-loop';
import { benchEvent } from './bench-event';
import { benchConnection } from './engine-run';
import { startSimProcess } from './processes';
import { startS3Target } from './s3-target';

const records = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);
const latencyMs = Number(process.argv[4] ?? 100);
const kind = (process.argv[5] ?? 's3rver') as 's3rver' | 'swift';
const partRows = process.argv[6] === undefined ? undefined : Number(process.argv[6]);

type Call = { op: string; start: number; end: number };
const TIMED = ['check', 'put', 'stage', 'publish', 'discard', 'listStaged', 'list', 'read', 'delete'] as const;

/** The destination with every call's start and end recorded (performance.now()). */
function timed(d: Destination, calls: Call[]): Destination {
  const out: Destination = Object.create(d) as Destination;
  for (const op of TIMED) {
    const fn = (d[op] as (...a: unknown[]) => Promise<unknown>).bind(d);
    (out as unknown as Record<string, unknown>)[op] = async (...args: unknown[]) => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        calls.push({ op, start, end: performance.now() });
      }
    };
  }
  return out;
}

const s3 = await startS3Target(kind);
const sim = await startSimProcess({ latencyMs, perDay: { 'loans/transactions': records } });
const ms = (x: number) => `${Math.round(x)} ms`;
try {
  await runBareLoop({ simUrl: sim.url });
  for (let k = 0; k <= runs; k++) {
    await sim.reset();
    const calls: Call[] = [];
    const at: Array<{ type: string; t: number }> = [];
    const destination = timed(s3.destination(`phases-${Date.now()}`), calls);
    const t0 = performance.now();
    await runBackfill({
      event: benchEvent(),
      source: createMambuSource(benchConnection(sim.url)),
      destination,
      context: { connection: 'bench', destination: 'bench', destinationUri: destination.uri, appVersion: 'bench', mode: 'run' },
      onEvent: (e: RunEvent) => void at.push({ type: e.type, t: performance.now() }),
      signal: new AbortController().signal,
      partRows,
    });
    const wall = performance.now() - t0;
    const { spanMs, requests } = await sim.stats();
    const when = (type: string) => at.filter((e) => e.type === type).map((e) => e.t);
    const lastPage = when('page-fetched').at(-1)!;
    const done = when('chunk-done')[0]!;
    const ops = new Map<string, Call[]>();
    for (const c of calls.filter((c) => c.end > lastPage)) ops.set(c.op, [...(ops.get(c.op) ?? []), c]);
    const steps = [...ops].map(
      ([op, cs]) =>
        `${op} ×${cs.length} ${ms(Math.min(...cs.map((c) => c.start)) - lastPage)}..${ms(Math.max(...cs.map((c) => c.end)) - lastPage)}`,
    );
    const check = calls.filter((c) => c.op === 'check').map((c) => c.end - c.start);
    console.log(
      `run ${k}${k === 0 ? ' (warm-up)' : ''}: wall ${ms(wall)}, ${requests} requests, wall − span at the simulator ${ms(wall - spanMs)}; ` +
        `setup ${ms(when('setup-checked')[0]! - t0)} (destination probe ${ms(check[0] ?? 0)}); tail ${ms(done - lastPage)}: ${steps.join(', ')}`,
    );
  }
} finally {
  await sim.stop();
  await s3.stop();
}
