// Where the built pieces are (relative to out/main/index.cjs) and the development server, if any.
import { app } from 'electron';
import path from 'node:path';
import { dataHome } from '../engine/store/home';

import { APP_INDEX_URL } from './core/app-protocol';

/** out/renderer: the only folder app:// serves. */
export const rendererDir = () => path.join(__dirname, '../renderer');
/** The page's URL: app://renderer/index.html (served by security/app-protocol.ts), never file://. */
export const rendererIndexUrl = () => APP_INDEX_URL;
export const preloadPath = () => path.join(__dirname, '../preload/index.cjs');

/** `npm run dev` sets ELECTRON_RENDERER_URL to the Vite server; a packaged app never loads from a server. */
export function devServerUrl(): string | undefined {
  const url = process.env.ELECTRON_RENDERER_URL;
  if (app.isPackaged || !url) return undefined;
  const u = new URL(url);
  return u.hostname === '127.0.0.1' || u.hostname === 'localhost' ? u.origin : undefined;
}

/** The CLI and the app share one data folder (MAMBU_BACKFILL_HOME overrides it, for tests and profiles). Before ready. */
export function setupUserDataPath(): void {
  app.setPath('userData', dataHome());
}

export const defaultOutputDir = () => path.join(app.getPath('documents'), 'Mambu Backfill');
