// The sandboxed preload: publishes exactly the typed BackfillApi as `window.backfill` (checklist §20).
// No ipcRenderer, no Electron object and no IpcRendererEvent ever reaches the page. Bundled to one CJS file,
// because a sandboxed preload can require only electron's renderer modules.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, ESTIMATE_EVENT_CHANNEL, RUN_EVENT_CHANNEL, type BackfillApi } from '../../shared/ipc/contract';
import type { EstimateEvent } from '../../shared/estimate';
import type { RunEvent } from '../../shared/run-types';

export function createBackfillApi(): BackfillApi {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(API_METHODS)) {
    // One payload at most: the main handler refuses extra arguments anyway.
    api[method] = (request?: unknown) => (request === undefined ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, request));
  }
  api.onRunEvents = (listener: (events: RunEvent[]) => void) => {
    if (typeof listener !== 'function') throw new TypeError('onRunEvents needs a function');
    // One call per batch: each call crosses the context bridge (a copy of its argument) once.
    const wrapped = (_event: IpcRendererEvent, payload: RunEvent[]) => listener(payload);
    ipcRenderer.on(RUN_EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(RUN_EVENT_CHANNEL, wrapped);
    };
  };
  api.onEstimateEvent = (listener: (event: EstimateEvent) => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEstimateEvent needs a function');
    const wrapped = (_event: IpcRendererEvent, payload: EstimateEvent) => listener(payload);
    ipcRenderer.on(ESTIMATE_EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(ESTIMATE_EVENT_CHANNEL, wrapped);
    };
  };
  return Object.freeze(api) as BackfillApi;
}

contextBridge.exposeInMainWorld('backfill', createBackfillApi());
