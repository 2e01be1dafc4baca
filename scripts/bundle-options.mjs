// esbuild options for everything that runs in Node (the CLI, the Electron main process and their worker threads),
// shared by scripts/build.mjs and the tests and benchmarks that bundle the same way.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const common = {
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

// CJS bundles have no import.meta; modules that locate files from import.meta.url (worker entries beside the
// bundle: electron/engine/worker-entry.ts) get the bundle's own URL.
export const nodeCjs = {
  ...common,
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
