// Builds the main process's services once the app is ready: settings, secrets, the run manager, the IPC deps.
import { app } from 'electron';
import { APP_VERSION } from '../engine/version';
import { homeLayout } from '../engine/store/home';
import type { HandlerDeps } from './core/handlers';
import { RunManager } from './core/run-manager';
import { envSecretFallback } from './core/secrets-resolve';
import { TrustedWindows, type TrustPolicy } from './core/sender-check';
import { SettingsStore } from './core/settings-store';
import { engineApi, newRunId } from './engine-adapter';
import { defaultOutputDir, devServerUrl, rendererIndexUrl } from './paths';
import { createSafeStorageSecretStore } from './secrets-safe-storage';

export interface Services {
  deps: HandlerDeps;
  runs: RunManager;
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
  const runs = new RunManager({ engine: engineApi, settings, secrets, fallbackSecret, newRunId: () => newRunId() });
  const trusted = new TrustedWindows();
  const dev = devServerUrl();
  return {
    runs,
    trusted,
    devServerUrl: dev,
    policy: { appIndexUrl: rendererIndexUrl(), devServerOrigin: dev, isOurWindow: (id) => trusted.has(id) },
    deps: {
      settings,
      secrets,
      runs,
      engine: engineApi,
      fallbackSecret,
      app: { name: 'Mambu Backfill', version: APP_VERSION, platform: process.platform, electron: process.versions.electron ?? null, defaultOutputDir: outputDir },
    },
  };
}
