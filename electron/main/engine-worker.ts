// The engine thread's entry: everything the app asks of the engine happens here (runs, estimates, the Test
// buttons), off the window's main thread and in an isolate whose young generation is sized like the CLI's
// (engine-thread.ts says why). A composition root like the CLI: the real sessions (with the simulator as the
// sandbox tenant), driven by messages. Secrets arrive in messages and stay in this process (a thread of it), as
// they do on the main thread.
import { parentPort } from 'node:worker_threads';
import { openSession, type SandboxTenant, type Session, type SessionOptions } from '../engine/session';
import { runJournaled, type JournaledRunOptions } from '../engine/journaled-run';
import { estimateBackfill, type EstimateProgress } from '../engine/estimate';
import { JournalStore } from '../engine/store';
import { messageOf } from '../../shared/message-of';
import type { BackfillEvent } from '../../shared/event/schema';
import type { Estimate } from '../../shared/estimate';
import type { RunContext, RunEvent, RunRecord } from '../../shared/run-types';
import type { ConnectionSettings, DestinationSettings } from '../../shared/settings';
import type { CheckResult, S3Credentials } from './core/engine-api';
import { testConnection, testDestination } from './engine-checks';

/** A run's options as they cross to the thread: its journal store named by folder; events, journal errors and the
 *  cancel go as messages. */
export type ThreadRunRequest = Omit<JournaledRunOptions, 'session' | 'store' | 'onEvent' | 'onJournalError' | 'signal'> & {
  runsDir: string;
};

/** Session options as they cross to the thread (the sandbox tenant is started here). */
export type ThreadSessionOptions = Omit<SessionOptions, 'startSandbox'>;

export type EngineThreadRequest =
  | { op: 'open'; id: number; options: ThreadSessionOptions }
  | { op: 'run'; id: number; request: ThreadRunRequest }
  | { op: 'close'; id: number }
  | { op: 'estimate'; id: number; options: ThreadSessionOptions; event: BackfillEvent }
  | { op: 'test-connection'; id: number; connection: ConnectionSettings; secret?: string }
  | { op: 'test-destination'; id: number; destination: DestinationSettings; s3Credentials?: S3Credentials }
  /** Stops the run, estimate or test `id` (its signal aborted with `reason`). */
  | { op: 'cancel'; id: number; reason: string };

export type EngineThreadReply =
  | { op: 'opened'; id: number; context: RunContext }
  | { op: 'event'; id: number; event: RunEvent }
  | { op: 'journal-error'; id: number; message: string }
  | { op: 'ran'; id: number; result: { record: RunRecord; parent?: RunRecord } }
  | { op: 'closed'; id: number }
  | { op: 'estimate-progress'; id: number; progress: EstimateProgress }
  | { op: 'estimated'; id: number; estimate: Estimate }
  | { op: 'tested'; id: number; result: CheckResult }
  | { op: 'failed'; id: number; message: string };

const port = parentPort;
if (!port) throw new Error('engine-worker.ts runs as a worker thread (electron/main/engine-thread.ts starts it)');

const sessions = new Map<number, Session>();
/** What is running for each id, to stop on a cancel. */
const controllers = new Map<number, AbortController>();
/** One store per journal folder: writes to one journal never overlap (store/journal.ts queues them). */
const stores = new Map<string, JournalStore>();
const post = (reply: EngineThreadReply) => port.postMessage(reply);

port.on('message', (m: EngineThreadRequest) => {
  if (m.op === 'cancel') return void controllers.get(m.id)?.abort(new Error(m.reason));
  // Registered before any await: a cancel posted right after the request is handled after this message.
  const controller = new AbortController();
  controllers.set(m.id, controller);
  void handle(m, controller.signal)
    .then(post, (err: unknown) => post({ op: 'failed', id: m.id, message: messageOf(err) }))
    .finally(() => {
      if (controllers.get(m.id) === controller) controllers.delete(m.id);
    });
});

async function handle(m: Exclude<EngineThreadRequest, { op: 'cancel' }>, signal: AbortSignal): Promise<EngineThreadReply> {
  const id = m.id;
  switch (m.op) {
    case 'open': {
      const session = await openSession({ ...m.options, startSandbox });
      sessions.set(id, session);
      return { op: 'opened', id, context: session.context };
    }
    case 'run':
      return { op: 'ran', id, result: await run(id, m.request, signal) };
    case 'close': {
      const session = sessions.get(id);
      sessions.delete(id);
      await session?.close();
      return { op: 'closed', id };
    }
    case 'estimate': {
      const session = await openSession({ ...m.options, startSandbox });
      try {
        const onProgress = (progress: EstimateProgress) => post({ op: 'estimate-progress', id, progress });
        return { op: 'estimated', id, estimate: await estimateBackfill({ event: m.event, source: session.source, signal, onProgress }) };
      } finally {
        await session.close().catch(() => undefined);
      }
    }
    case 'test-connection':
      return { op: 'tested', id, result: await testConnection({ connection: m.connection, secret: m.secret, signal }, startSandbox) };
    case 'test-destination':
      return {
        op: 'tested',
        id,
        result: await testDestination({ destination: m.destination, s3Credentials: m.s3Credentials, signal }, startSandbox),
      };
  }
}

async function run(id: number, request: ThreadRunRequest, signal: AbortSignal): Promise<{ record: RunRecord; parent?: RunRecord }> {
  const session = sessions.get(id);
  if (!session) throw new Error('the run has no open session');
  const { runsDir, ...rest } = request;
  let store = stores.get(runsDir);
  if (!store) stores.set(runsDir, (store = new JournalStore(runsDir)));
  try {
    return await runJournaled({
      ...rest,
      // Already off the window's thread: a Parquet worker here would be a third isolate (~40 MB at peak) for no
      // speed measured in the app (BENCHMARKS.md, round 12).
      encodeParquet: 'on-this-thread',
      store,
      session,
      signal,
      onEvent: (event) => post({ op: 'event', id, event }),
      onJournalError: (err) => post({ op: 'journal-error', id, message: messageOf(err) }),
    });
  } catch (err) {
    // The caller marks the journal as ended after a crash: what this thread still had queued for it lands first.
    await store.flushed(request.runId).catch(() => undefined);
    throw err;
  }
}

/** The simulator is evaluated only when the sandbox is asked for (a lazy import, in the bundle too). */
async function startSandbox(o: { timezone: string }): Promise<SandboxTenant> {
  const { startSandboxTenant } = await import('../simulator/sandbox');
  return startSandboxTenant(o);
}
