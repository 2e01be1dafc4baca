// Binds the core's EngineApi to the real engine (electron/engine). Kept apart so the core is tested in Node
// against the interface, and the one place to adjust if the engine's signatures move.
import { tmpdir } from 'node:os';
import { estimateBackfill } from '../engine/estimate';
import * as session from '../engine/session';
import { newRunId } from '../engine/run-id';
import type { FetchRequest } from '../engine/types';
import type { EngineApi } from './core/engine-api';
import { SANDBOX_SETTINGS } from '../../shared/settings';
import { startSandboxTenant } from '../simulator/sandbox';
import { messageOf } from '../../shared/message-of';
import { createEngineThread } from './engine-thread';

// Test buttons run the same setup checks every run does before chunk 1 (source.check / destination.check).
// If the engine grows dedicated testConnection/testDestination helpers, call them here instead.

/** The cheapest request any tenant answers: one page of branches. */
const PROBE: FetchRequest = { endpoint: 'branches', kind: 'snapshot-get', cdcField: null, window: null, extraParams: '' };

/** Where the app's runs go (engine-thread.ts says why). */
const engineThread = createEngineThread();

export const engineApi: EngineApi = {
  // The composition root: the app's sandbox connection is the simulated tenant (on the engine thread too:
  // engine-worker.ts).
  openSession: (opts) => session.openSession({ ...opts, startSandbox: startSandboxTenant }),
  openRun: (opts) => engineThread.openRun(opts),
  estimate: (opts) => estimateBackfill(opts),
  async testConnection({ connection, secret, signal }) {
    try {
      const s = await session.openSession({
        connection,
        secret,
        destination: { kind: 'local', name: 'probe', path: tmpdir() },
        startSandbox: startSandboxTenant,
      });
      try {
        await s.source.check(PROBE, signal);
      } finally {
        await s.close();
      }
      return { ok: true, detail: `Connected to ${connection.authKind === 'sandbox' ? 'the built-in sandbox tenant' : connection.baseUrl}` };
    } catch (err) {
      return { ok: false, error: messageOf(err) };
    }
  },
  async testDestination({ destination, s3Credentials, signal }) {
    try {
      const s = await session.openSession({ connection: SANDBOX_SETTINGS, destination, s3Credentials, startSandbox: startSandboxTenant });
      try {
        await s.destination.check(signal);
        await s.destination.registry?.check('', signal);
        return { ok: true, detail: `${s.destination.uri} is writable${s.destination.registry ? '; the Glue database is reachable' : ''}` };
      } finally {
        await s.close();
      }
    } catch (err) {
      return { ok: false, error: messageOf(err) };
    }
  },
};

export { newRunId };
