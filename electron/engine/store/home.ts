// The data folder the app and the CLI share, so a CLI run shows up in the app's history. It is the folder Electron
// picks as `userData` for productName "Mambu Backfill", computed here without Electron (the CLI has none). The main
// process should call `app.setPath('userData', dataHome())` so an override via MAMBU_BACKFILL_HOME applies to both.
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Mambu Backfill';
/** Overrides the data folder (tests, portable installs, several profiles). */
export const HOME_ENV = 'MAMBU_BACKFILL_HOME';

export interface HomeInputs {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homedir?: string;
}

/** `$MAMBU_BACKFILL_HOME`, else Electron's userData for this product on this platform. Always absolute. */
export function dataHome(inputs: HomeInputs = {}): string {
  const env = inputs.env ?? process.env;
  const platform = inputs.platform ?? process.platform;
  const home = inputs.homedir ?? os.homedir();
  const override = env[HOME_ENV]?.trim();
  if (override) return path.resolve(override);
  // Mirror Electron's appData per platform; path.win32/posix so the result is right whatever we run on in tests.
  if (platform === 'win32') {
    const appData = env.APPDATA?.trim() || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, PRODUCT_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const config = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(config, PRODUCT_NAME);
}

export interface HomeLayout {
  root: string;
  presetsFile: string;
  /** Owned by the settings code, listed here so the layout lives in one place. */
  settingsFile: string;
  runsDir: string;
  reportsDir: string;
  /** One lock per destination table (table-lock.ts), shared by the app and every CLI. */
  locksDir: string;
}

export function homeLayout(root: string = dataHome()): HomeLayout {
  return {
    root,
    presetsFile: path.join(root, 'presets.json'),
    settingsFile: path.join(root, 'settings.json'),
    runsDir: path.join(root, 'runs'),
    reportsDir: path.join(root, 'reports'),
    locksDir: path.join(root, 'locks'),
  };
}
