// How a worker thread's entry file is found, wherever the module that starts it runs. Bundled (the CLI, the app),
// each entry is a `<name>.cjs` beside the bundle, inside app.asar in the packaged app (Electron 18+ starts workers
// from there, under asar integrity) or unpacked beside it if a build still ships one. From source (dev, tests), the
// entry is `<name>.ts` beside the starting module, and the worker registers tsx itself: a worker does not inherit
// tsx's loader hooks (and `--import tsx` in a worker's execArgv is ignored for its entry on Node 20).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WorkerEntry {
  /** A file, or code to evaluate when `eval` is set. */
  file: string;
  eval: boolean;
}

/** The entry of worker `name` for a starting module whose own file is `here`: the path of its import.meta.url,
 *  which the bundles define as the bundle's own URL (scripts/build.mjs). Not `__filename`: inside a worker started
 *  from code (`eval`, as from source), that global names the eval, not a file. */
export function workerEntry(here: string, name: string): WorkerEntry {
  if (here.endsWith('.cjs')) {
    const file = path.join(path.dirname(here), `${name}.cjs`);
    const unpacked = file.replace(/\.asar([\\/])/, '.asar.unpacked$1');
    return { file: unpacked !== file && existsSync(unpacked) ? unpacked : file, eval: false };
  }
  const source = path.join(path.dirname(here), `${name}.ts`);
  const api = createRequire(here)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(source).href)}); })`;
  return { file: code, eval: true };
}
