// Profiling aid (not part of npm run bench), for BENCHMARKS.md round 10: loaded before a probe, it prints the
// process's external memory, the part of it in ArrayBuffers (Buffers, transferred column bytes, Parquet parts) and
// V8's used heap every 100 ms to stdout, among `--trace-gc`'s own lines: what grows between two full GCs.
// Run with `node --max-semi-space-size=8 --heap-growing-percent=200 --trace-gc --import tsx
// --import ./test/bench/memory-trace.ts test/bench/cpu-probe.ts 30000 4 100 > .tmp/ext.log 2>&1`.
import { writeSync } from 'node:fs';

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const start = performance.now();

setInterval(() => {
  const m = process.memoryUsage();
  // writeSync: a line per tick in order with --trace-gc's own (stdout), even when the event loop is busy.
  writeSync(
    1,
    `memory ${Math.round(performance.now() - start)} ms: external ${mb(m.external)} MB, arrayBuffers ${mb(m.arrayBuffers)} MB, ` +
      `strings and other external ${mb(m.external - m.arrayBuffers)} MB, heap used ${mb(m.heapUsed)} MB\n`,
  );
}, 100).unref();
