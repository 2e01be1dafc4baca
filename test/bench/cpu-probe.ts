// Profiling aid (not part of npm run bench): one chunk through the real engine to a local folder, with the
// simulator in its own process and no latency, printing engine CPU and the CPU of JSON.parse of the same pages.
// Run with `node --import tsx --cpu-prof --cpu-prof-dir=.tmp/prof test/bench/cpu-probe.ts [records]`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalDestination } from '../../electron/engine/sink/local';
import { runEngineOnce } from './engine-run';
import { startSimProcess } from './processes';
import { parseCpuOfPages } from './parse-cpu';

const records = Number(process.argv[2] ?? 100_000);
const sim = await startSimProcess({ latencyMs: 0, perDay: { 'loans/transactions': records } });
const dir = mkdtempSync(path.join(os.tmpdir(), 'cpu-probe-'));
try {
  const cpu0 = process.cpuUsage();
  const run = await runEngineOnce({ simUrl: sim.url, destination: createLocalDestination(dir) });
  const cpu = process.cpuUsage(cpu0);
  const engineMs = (cpu.user + cpu.system) / 1000;
  const parse = await parseCpuOfPages({ simUrl: sim.url });
  console.log(`records ${run.chunk.records}, pages ${run.chunk.pages}, wall ${run.wallMs.toFixed(0)} ms`);
  console.log(`engine CPU ${engineMs.toFixed(0)} ms (${(engineMs / run.chunk.pages).toFixed(1)} ms/page)`);
  console.log(
    `JSON.parse CPU ${parse.parseCpuMs.toFixed(0)} ms over ${parse.pages} pages (${(parse.parseCpuMs / parse.pages).toFixed(1)} ms/page)`,
  );
  console.log(`engine CPU / JSON.parse CPU: ${(engineMs / run.chunk.pages / (parse.parseCpuMs / parse.pages)).toFixed(1)}`);
} finally {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
