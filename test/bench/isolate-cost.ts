// Profiling aid (not part of npm run bench): what one more isolate costs, by what it loads. Each entry is bundled
// as the app ships (scripts/bundle-options.mjs) and started as a worker thread with the engine thread's young
// generation; once loaded it reports its heap used, and this process's RSS growth is taken (RSS is noisy: memory
// freed by the previous worker is reused, so the heap figure is the steadier one). Entries: an empty worker, the
// engine thread's entry (electron/main/engine-worker.ts), the app main process's Electron-free modules (run manager,
// handlers, stores, secrets) and those with the engine adapter.
// Run with `npx tsx test/bench/isolate-cost.ts`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { nodeCjs } from '../../scripts/bundle-options.mjs';
import { engineYoungGenerationMb } from '../../electron/engine/v8-flags';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const at = (p: string) => JSON.stringify(path.join(ROOT, p));
const ENTRIES: Record<string, string> = {
  'empty worker': '',
  'engine thread (engine-worker.ts)': `import ${at('electron/main/engine-worker.ts')};`,
  'app main, Electron-free modules': [
    'electron/main/core/handlers.ts',
    'electron/main/core/run-manager.ts',
    'electron/main/core/data-stores.ts',
    'electron/main/core/secrets-resolve.ts',
  ]
    .map((p, i) => `import * as m${i} from ${at(p)}; (globalThis as any).keep${i} = m${i};`)
    .join('\n'),
  'app main + engine adapter': [
    'electron/main/core/handlers.ts',
    'electron/main/core/run-manager.ts',
    'electron/main/core/data-stores.ts',
    'electron/main/core/secrets-resolve.ts',
    'electron/main/engine-adapter.ts',
  ]
    .map((p, i) => `import * as m${i} from ${at(p)}; (globalThis as any).keep${i} = m${i};`)
    .join('\n'),
};
// The engine thread's entry answers its own protocol on the parent port; the others get a listener that reports.
const REPORT = `
import { parentPort } from 'node:worker_threads';
setTimeout(() => parentPort!.postMessage({ heapUsed: process.memoryUsage().heapUsed }), 300);
`;

const dir = mkdtempSync(path.join(tmpdir(), 'isolate-cost-'));
const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
for (const [name, source] of Object.entries(ENTRIES)) {
  const entry = path.join(dir, `${Object.keys(ENTRIES).indexOf(name)}.ts`);
  writeFileSync(entry, `${source}\n${REPORT}`);
  const out = entry.replace(/\.ts$/, '.cjs');
  await build({ ...nodeCjs, sourcemap: false, logLevel: 'error', entryPoints: [entry], outfile: out });
  const before = process.memoryUsage().rss;
  // No execArgv: this process runs under tsx, whose loader a worker would inherit and run on the bundle.
  const w = new Worker(out, { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: engineYoungGenerationMb() } });
  const { heapUsed } = await new Promise<{ heapUsed: number }>((resolve, reject) => {
    w.on('message', (m: { heapUsed?: number }) => m.heapUsed !== undefined && resolve({ heapUsed: m.heapUsed }));
    w.once('error', reject);
  });
  console.log(`${name.padEnd(34)} heap used ${mb(heapUsed).padStart(8)}   RSS +${mb(process.memoryUsage().rss - before)}`);
  await w.terminate();
  await new Promise((r) => setTimeout(r, 300));
}
