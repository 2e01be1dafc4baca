// Wires the app's main side as services.ts does — settings, secrets, presets and journals in a temp data folder,
// the RunManager, every handler registered through register.ts — plus the REAL preload, over the Electron stand-in.
// A test file using it must mock electron first: vi.mock('electron', () => import('./fake-electron')).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BackfillApi } from '../../shared/ipc/contract';
import type { RunEvent } from '../../shared/run-types';
import { openDataStores } from '../../electron/main/core/data-stores';
import type { EngineApi } from '../../electron/main/core/engine-api';
import type { HandlerDeps } from '../../electron/main/core/handlers';
import { RunManager } from '../../electron/main/core/run-manager';
import { MemorySecretStore } from '../../electron/main/core/secret-store';
import { TrustedWindows } from '../../electron/main/core/sender-check';
import { SettingsStore } from '../../electron/main/core/settings-store';
import { registerIpcHandlers } from '../../electron/main/ipc/register';
import * as fake from './fake-electron';
import { recordingDialogs, tempDir } from './helpers';

export const APP_URL = pathToFileURL('/opt/app/out/renderer/index.html').href;

export interface AppBridge {
  page: BackfillApi;
  deps: HandlerDeps;
  dir: string;
  /** The data folder (MAMBU_BACKFILL_HOME / userData): presets.json, runs/. */
  home: string;
  out: string;
  exports: string;
  dialog: ReturnType<typeof recordingDialogs>;
  close(): void;
}

export async function openAppBridge(engine: EngineApi, prefix = 'mb-ipc-app-'): Promise<AppBridge> {
  fake.resetFakeElectron();
  const dir = await tempDir(prefix);
  const home = path.join(dir, 'home');
  const out = path.join(dir, 'out');
  const exports = path.join(dir, 'exports');
  const settings = new SettingsStore({ file: path.join(home, 'settings.json'), defaultOutputDir: out });
  const secrets = new MemorySecretStore();
  const { presets, journals } = openDataStores(home);
  const runs = new RunManager({ engine, settings, secrets, journals, progressIntervalMs: 20 });
  const dialog = recordingDialogs(exports);
  const deps: HandlerDeps = {
    settings,
    secrets,
    runs,
    engine,
    presets,
    journals,
    dialogs: dialog.dialogs,
    app: { name: 'Mambu Backfill', version: 'test', platform: process.platform, electron: null, defaultOutputDir: out },
  };
  const trusted = new TrustedWindows();
  const unregister = registerIpcHandlers(deps, { appIndexUrl: APP_URL, isOurWindow: (id) => trusted.has(id) });
  const win = new fake.FakeWebContents(APP_URL);
  trusted.add(win.id);
  fake.attachRenderer(win);
  await import('../../electron/preload/index');
  const page = fake.mainWorld().backfill as BackfillApi;
  return { page, deps, dir, home, out, exports, dialog, close: unregister };
}

/** Starts something that returns a runId and waits for that run's run-done and for its journal to be settled. */
export async function runToEnd(
  bridge: AppBridge,
  start: () => Promise<{ ok: true; value: { runId: string } } | { ok: false; error: { message: string } }>,
) {
  const seen: RunEvent[] = [];
  const off = bridge.page.onRunEvents((batch) => seen.push(...batch));
  try {
    const r = await start();
    if (!r.ok) throw new Error(`the run did not start: ${r.error.message}`);
    const runId = r.value.runId;
    const until = Date.now() + 60_000;
    while (!seen.some((e) => e.type === 'run-done' && e.runId === runId)) {
      if (Date.now() > until) throw new Error(`run ${runId} did not finish`);
      await new Promise((res) => setTimeout(res, 10));
    }
    await bridge.deps.runs.settled(runId);
    await bridge.deps.journals.flushed(runId);
    const done = seen.find((e) => e.type === 'run-done' && e.runId === runId) as Extract<RunEvent, { type: 'run-done' }>;
    return { runId, seen: seen.filter((e) => e.runId === runId), done };
  } finally {
    off();
  }
}
