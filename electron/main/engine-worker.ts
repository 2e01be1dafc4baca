// The engine thread's entry: the app's runs go here, off the window's main thread and in an isolate whose young
// generation is sized like the CLI's (engine-thread.ts says why). A composition root like the CLI: the real
// session (with the simulator as the sandbox tenant) and the journaled run, driven by messages. Secrets arrive
// in the open message and stay in this process (a thread of it), as they do on the main thread.
import { parentPort } from 'node:worker_threads';
import { openSession, type Session, type SessionOptions } from '../engine/session';
import { runJournaled, type JournaledRunOptions } from '../engine/journaled-run';
import { JournalStore } from '../engine/store';
import type { SandboxTenant } from '../engine/session';
import { messageOf } from '../../shared/message-of';
import type { RunContext, RunEvent, RunRecord } from '../../shared/run-types';

/** A run's options as they cross to the thread: its journal store named by folder; events, journal errors and the
 *  cancel go as messages. */
export type ThreadRunRequest = Omit<JournaledRunOptions, 'session' | 'store' | 'onEvent' | 'onJournalError' | 'signal'> & {
  runsDir: string;
};

export type EngineThreadRequest =
  | { op: 'open'; id: number; options: Omit<SessionOptions, 'startSandbox'> }
  | { op: 'run'; id: number; request: ThreadRunRequest }
  | { op: 'cancel'; id: number; reason: string }
  | { op: 'close'; id: number };

export type EngineThreadReply =
  | { op: 'opened'; id: number; context: RunContext }
  | { op: 'event'; id: number; event: RunEvent }
  | { op: 'journal-error'; id: number; message: string }
  | { op: 'ran'; id: number; result: { record: RunRecord; parent?: RunRecord } }
  | { op: 'closed'; id: number }
  | { op: 'failed'; id: number; of: 'open' | 'run' | 'close'; message: string };

const port = parentPort;
if (!port) throw new Error('engine-worker.ts runs as a worker thread (electron/main/engine-thread.ts starts it)');

const sessions = new Map<number, { session: Session; controller?: AbortController }>();
/** One store per journal folder: writes to one journal never overlap (store/journal.ts queues them). */
const stores = new Map<string, JournalStore>();
const post = (reply: EngineThreadReply) => port.postMessage(reply);

port.on('message', (m: EngineThreadRequest) => {
  switch (m.op) {
    case 'open':
      return void open(m.id, m.options);
    case 'run':
      return void run(m.id, m.request);
    case 'cancel':
      return void sessions.get(m.id)?.controller?.abort(new Error(m.reason));
    case 'close':
      return void close(m.id);
  }
});

/** The simulator is evaluated only for a sandbox run (a lazy import, in the bundle too). */
async function startSandbox(o: { timezone: string }): Promise<SandboxTenant> {
  const { startSandboxTenant } = await import('../simulator/sandbox');
  return startSandboxTenant(o);
}

async function open(id: number, options: Omit<SessionOptions, 'startSandbox'>): Promise<void> {
  try {
    const session = await openSession({ ...options, startSandbox });
    sessions.set(id, { session });
    post({ op: 'opened', id, context: session.context });
  } catch (err) {
    post({ op: 'failed', id, of: 'open', message: messageOf(err) });
  }
}

async function run(id: number, request: ThreadRunRequest): Promise<void> {
  const entry = sessions.get(id);
  if (!entry) return post({ op: 'failed', id, of: 'run', message: 'the run has no open session' });
  // Set before any await: a cancel posted right after the run is handled after this message.
  const controller = (entry.controller = new AbortController());
  const { runsDir, ...rest } = request;
  let store = stores.get(runsDir);
  if (!store) stores.set(runsDir, (store = new JournalStore(runsDir)));
  try {
    const result = await runJournaled({
      ...rest,
      store,
      session: entry.session,
      signal: controller.signal,
      onEvent: (event) => post({ op: 'event', id, event }),
      onJournalError: (err) => post({ op: 'journal-error', id, message: messageOf(err) }),
    });
    post({ op: 'ran', id, result });
  } catch (err) {
    // The caller marks the journal as ended after a crash: what this thread still had queued for it lands first.
    await store.flushed(request.runId).catch(() => undefined);
    post({ op: 'failed', id, of: 'run', message: messageOf(err) });
  } finally {
    entry.controller = undefined;
  }
}

async function close(id: number): Promise<void> {
  const entry = sessions.get(id);
  sessions.delete(id);
  try {
    await entry?.session.close();
    post({ op: 'closed', id });
  } catch (err) {
    post({ op: 'failed', id, of: 'close', message: messageOf(err) });
  }
}
