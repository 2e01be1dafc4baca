// A BackfillApi for component tests: vi.fn() methods with plausible answers, and emit() to stream run events
// the way the preload does. Only for the renderer tests; the IPC tests use the real preload and handlers.
import { vi } from 'vitest';
import type { BackfillApi, SettingsView } from '../../shared/ipc/contract';
import type { RunEvent } from '../../shared/run-types';
import { SANDBOX_CONNECTION } from '../../shared/settings';

export const SETTINGS: SettingsView = {
  connections: [
    {
      name: SANDBOX_CONNECTION,
      baseUrl: '',
      authKind: 'sandbox',
      username: '',
      timezone: 'UTC',
      pageSize: 1000,
      requestsPerSecond: 5,
      timeoutSeconds: 60,
      builtIn: true,
      secret: 'not-needed',
    },
  ],
  destinations: [{ kind: 'local', name: 'Local folder', path: '/tmp/out', builtIn: true, secret: 'not-needed' }],
  defaults: { connection: SANDBOX_CONNECTION, destination: 'Local folder' },
  encryption: { available: true, backend: 'test', detail: 'test' },
  problems: [],
};

export function fakeApi(overrides: Partial<BackfillApi> = {}) {
  const listeners = new Set<(events: RunEvent[]) => void>();
  const api = {
    validateEvent: vi.fn(),
    planRun: vi.fn(),
    startRun: vi.fn(async () => ({ ok: true as const, value: { runId: 'run-1' } })),
    cancelRun: vi.fn(async () => ({ ok: true as const, value: { cancelled: true } })),
    getSettings: vi.fn(async () => ({ ok: true as const, value: SETTINGS })),
    listConnections: vi.fn(),
    saveConnection: vi.fn(),
    deleteConnection: vi.fn(),
    testConnection: vi.fn(),
    listDestinations: vi.fn(),
    saveDestination: vi.fn(),
    deleteDestination: vi.fn(),
    testDestination: vi.fn(),
    secretsStatus: vi.fn(),
    appInfo: vi.fn(),
    listPresets: vi.fn(async () => ({ ok: true as const, value: { presets: [], problems: [] } })),
    getPreset: vi.fn(),
    savePreset: vi.fn(),
    renamePreset: vi.fn(),
    duplicatePreset: vi.fn(),
    deletePreset: vi.fn(),
    importPresets: vi.fn(),
    exportPreset: vi.fn(),
    listHistory: vi.fn(async () => ({ ok: true as const, value: [] })),
    getRun: vi.fn(),
    interruptedRuns: vi.fn(async () => ({ ok: true as const, value: [] })),
    retryRun: vi.fn(),
    resumeRun: vi.fn(),
    exportReport: vi.fn(),
    startEstimate: vi.fn(async () => ({ ok: true as const, value: { estimateId: 'est-1', chunks: 9 } })),
    cancelEstimate: vi.fn(async () => ({ ok: true as const, value: { cancelled: true } })),
    onEstimateEvent: vi.fn(() => () => undefined),
    onRunEvents: vi.fn((l: (events: RunEvent[]) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    }),
    ...overrides,
  } as unknown as BackfillApi;
  // emit: one event in its own batch; emitBatch: several in one message, as main sends a burst.
  return {
    api,
    emit: (e: RunEvent) => listeners.forEach((l) => l([e])),
    emitBatch: (events: RunEvent[]) => listeners.forEach((l) => l(events)),
    listenerCount: () => listeners.size,
  };
}
