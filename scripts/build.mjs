// Builds what runs outside the dev server: the CLI (also at install time), Electron main + preload, the renderer.
//   node scripts/build.mjs                 everything
//   node scripts/build.mjs --node-only     CLI only (npm's prepare step)
//   node scripts/build.mjs --renderer-only the renderer only (browser end-to-end tests)
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const nodeOnly = args.has('--node-only');
const rendererOnly = args.has('--renderer-only');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // parquet and AWS SDK are pure JS and bundle cleanly; electron is provided by the runtime.
  external: ['electron'],
};

async function buildCli() {
  await build({
    ...common,
    entryPoints: ['electron/cli/main.ts'],
    outfile: 'out/cli/mambu-backfill.cjs',
    banner: { js: '#!/usr/bin/env node' },
  });
}

async function buildElectron() {
  await build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'out/main/index.cjs' });
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
