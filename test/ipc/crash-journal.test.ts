// An engine that dies before its first journal write landed (the engine thread killed at once: its queued writes go
// with it) still leaves the run in History: the run manager journals it from what the window saw, finished with
// status 1 and the reason, so Retry failed can finish it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { planChunks } from '../../shared/plan';
import { pendingChunk } from '../../shared/run-types';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import type { EngineApi } from '../../electron/main/core/engine-api';
import { LOCAL_DESTINATION } from '../../electron/main/core/settings-store';
import { engineApi } from '../../electron/main/engine-adapter';
import { sessionStandIn } from '../helpers/session-stand-in';
import { openAppBridge, runToEnd, type AppBridge } from './app-bridge';

vi.mock('electron', () => import('./fake-electron'));

describe('a thread killed before its first journal write', () => {
  let bridge: AppBridge;
  // The run as the window saw it (run-started, chunk 1 ✓) from an engine that died before writing any journal.
  const dying: EngineApi = {
    ...engineApi,
    openRun: async (opts) => ({
      context: sessionStandIn(opts, 'test').context,
      async run(req) {
        const chunks = planChunks(req.event).chunks.map(pendingChunk);
        const at = new Date().toISOString();
        req.onEvent({ type: 'run-started', runId: req.runId, at, event: req.event, context: sessionStandIn(opts, 'test').context, chunks });
        req.onEvent({
          type: 'chunk-done',
          runId: req.runId,
          result: { ...chunks[0]!, status: 'success', records: 40, pages: 1, requests: 1 },
        });
        throw new Error('the engine thread stopped (it exited with code 1)');
      },
      close: async () => undefined,
    }),
  };
  beforeAll(async () => {
    bridge = await openAppBridge(dying, 'mb-thread-nojournal-');
  });
  afterAll(() => bridge?.close());

  it('is journaled from what the window saw: finished, status 1, the reason, each chunk as it last was', async () => {
    const crashed = await runToEnd(bridge, () =>
      bridge.page.startRun({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: LOCAL_DESTINATION }),
    );
    expect(crashed.done).toMatchObject({ status: 1, totals: { records: 40 } });
    const journal = await bridge.deps.journals.load(crashed.runId);
    expect(journal).toMatchObject({ finishedAt: crashed.done.at, status: 1, fatalError: crashed.done.fatalError });
    expect(journal.chunks.map((c) => c.status)).toEqual(['success', ...Array(8).fill('pending')]);
  });
});
