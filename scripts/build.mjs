// Builds what runs outside the dev server: the CLI (also at install time), Electron main + preload, the renderer.
//   node scripts/build.mjs                 everything
//   node scripts/build.mjs --node-only     CLI only (npm's prepare step)
//   node scripts/build.mjs --renderer-only the renderer only (browser end-to-end tests)
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { common, nodeCjs, root } from './bundle-options.mjs';

const args = new Set(process.argv.slice(2));
const nodeOnly = args.has('--node-only');
const rendererOnly = args.has('--renderer-only');

// The Parquet encoder runs in a worker thread; the engine starts it from `parquet-worker.cjs` next to the bundle
// that holds the engine (electron/engine/worker-entry.ts finds it from the bundle's URL).
async function buildParquetWorker(outdir) {
  await build({ ...nodeCjs, entryPoints: ['electron/engine/sink/parquet-worker.ts'], outfile: `${outdir}/parquet-worker.cjs` });
}

/** The CLI's Node flags: the engine's (electron/engine/node-flags.json says why). */
const cliNodeFlags = JSON.parse(readFileSync(path.join(root, 'electron/engine/node-flags.json'), 'utf8')).flags;

async function buildCli() {
  await build({
    ...nodeCjs,
    entryPoints: ['electron/cli/main.ts'],
    outfile: 'out/cli/mambu-backfill.cjs',
    // `env -S` splits the flags (Linux coreutils 8.30+, macOS; npm's Windows shims read them from this line too).
    banner: { js: `#!/usr/bin/env -S node ${cliNodeFlags.join(' ')}\n${nodeCjs.banner.js}` },
  });
  await buildParquetWorker('out/cli');
}

async function buildElectron() {
  await build({ ...nodeCjs, entryPoints: ['electron/main/index.ts'], outfile: 'out/main/index.cjs' });
  // The app's engine runs on a thread started from `engine-worker.cjs` beside index.cjs (electron/main/engine-thread.ts),
  // which encodes Parquet itself: the app ships no Parquet worker.
  await build({ ...nodeCjs, entryPoints: ['electron/main/engine-worker.ts'], outfile: 'out/main/engine-worker.cjs' });
  // A sandboxed preload can only require electron's renderer modules: one self-contained CJS file.
  await build({ ...common, platform: 'browser', entryPoints: ['electron/preload/index.ts'], outfile: 'out/preload/index.cjs' });
}

async function buildRenderer() {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}

if (rendererOnly) {
  await buildRenderer();
} else {
  await buildCli();
  if (!nodeOnly) {
    if (existsSync(path.join(root, 'electron/main/index.ts'))) await buildElectron();
    await buildRenderer();
  }
}
