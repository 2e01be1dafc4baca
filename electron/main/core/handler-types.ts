// What every IPC handler receives: its dependencies (all injectable: the app, the IPC tests and the browser harness
// each supply their own) and the calling window.
import type { AppInfo, InvokeChannel, RequestOf, ResponseOf, Result } from '../../../shared/ipc/contract';
import type { JournalStore, PresetStore } from '../../engine/store';
import type { Dialogs } from './save-dialog';
import type { EngineApi } from './engine-api';
import type { RunManager, RunOwner } from './run-manager';
import type { SecretStore } from './secret-store';
import type { SecretFallback } from './secrets-resolve';
import type { SettingsStore } from './settings-store';

export interface HandlerDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  runs: RunManager;
  engine: EngineApi;
  app: AppInfo;
  /** presets.json in the data folder (see data-stores.ts). */
  presets: PresetStore;
  /** runs/ in the data folder: the same store the RunManager journals into. */
  journals: JournalStore;
  /** Save dialogs owned by the main process. */
  dialogs: Dialogs;
  fallbackSecret?: SecretFallback;
  /** Upper bound for a Test button, so a silent host cannot hang the settings screen. Default 60 s. */
  testTimeoutMs?: number;
}

/** Who is calling: the window (for runs and their events). */
export interface CallContext {
  owner: RunOwner;
}

export type Impl<C extends InvokeChannel> = (deps: HandlerDeps, input: RequestOf<C>, ctx: CallContext) => Promise<Result<ResponseOf<C>>>;
export type Impls<C extends InvokeChannel> = { [K in C]: Impl<K> };
