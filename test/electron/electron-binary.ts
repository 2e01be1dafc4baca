import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Electron executable, or why there is none. Looks without `require('electron')`, which in Electron 45 starts a
 * download on first use (and here fails, noisily, since the binary host is unreachable).
 */
export function electronBinary(): { path: string } | { missing: string } {
  const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
    return existsSync(p) ? { path: p } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no electron binary (${p})` };
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'node_modules/electron has no downloaded binary (no path.txt)' };
  const p = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(p) ? { path: p } : { missing: `the Electron binary ${p} does not exist` };
}
