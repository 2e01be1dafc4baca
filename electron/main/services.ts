// Builds the main process's services once the app is ready: settings, secrets, presets and run journals (in the
// data folder the CLI shares), the run manager, the IPC deps.
import { app } from 'electron';
import { APP_VERSION } from '../engine/version';
import { homeLayout } from '../engine/store/home';
import { openDataStores, sweepDataFolder } from './core/data-stores';
import type { HandlerDeps } from './core/handlers';
import { RunManager } from './core/run-manager';
import { RunDesktop } from './desktop';
import { envSecretFallback } from './core/secrets-resolve';
import { TrustedWindows, type TrustPolicy } from './core/sender-check';
import { SettingsStore } from './core/settings-store';
import { electronDialogs } from './electron-save-dialog';
import { engineApi, newRunId } from './engine-adapter';
import { defaultOutputDir, devServerUrl, rendererIndexUrl } from './paths';
import { createSafeStorageSecretStore } from './secrets-safe-storage';

export interface Services {
  deps: HandlerDeps;
  runs: RunManager;
  desktop: RunDesktop;
  trusted: TrustedWindows;
  policy: TrustPolicy;
  devServerUrl?: string;
}

export function createServices(): Services {
  const userData = app.getPath('userData');
  const outputDir = defaultOutputDir();
  const settings = new SettingsStore({ file: homeLayout(userData).settingsFile, defaultOutputDir: outputDir });
  const secrets = createSafeStorageSecretStore(userData);
  const fallbackSecret = envSecretFallback(process.env);
  // userData is dataHome() (paths.ts), so the app's history and the CLI's are one.
  const stores = openDataStores(userData, { onProblem: (p) => console.warn(`[presets] ${p.message}`) });
  void sweepDataFolder(stores.layout).then((removed) => {
    if (removed.length > 0) console.info(`[store] removed ${removed.length} temp file(s) left by interrupted writes`);
  });
  const desktop = new RunDesktop();
  const runs = new RunManager({
    observe: (ownerId, e) => desktop.onRunEvent(ownerId, e),
    engine: engineApi,
    settings,
    secrets,
    journals: stores.journals,
    fallbackSecret,
    newRunId: () => newRunId(),
    onJournalError: (err) => console.warn('[journal] write failed:', err instanceof Error ? err.message : err),
  });
  const trusted = new TrustedWindows();
  const dev = devServerUrl();
  return {
    runs,
    desktop,
    trusted,
    devServerUrl: dev,
    policy: { appIndexUrl: rendererIndexUrl(), devServerOrigin: dev, isOurWindow: (id) => trusted.has(id) },
    deps: {
      settings,
      secrets,
      runs,
      engine: engineApi,
      presets: stores.presets,
      journals: stores.journals,
      dialogs: electronDialogs,
      fallbackSecret,
      app: {
        name: 'Mambu Backfill',
        version: APP_VERSION,
        platform: process.platform,
        electron: process.versions.electron ?? null,
        defaultOutputDir: outputDir,
      },
    },
  };
}
