// Everything the app asks of the engine (runs, estimates, the Test buttons) goes to one engine thread
// (engine-worker.ts), for two reasons measured in BENCHMARKS.md (round 12): Electron starts its main process with
// V8's default young generation (its V8 flags come only from its own command line), under which a 1,000,000-record
// chunk peaked ~1.5 × as high as a 100,000-record one; a worker's young generation is set when it starts
// (resourceLimits), here to the CLI's. And the window's IPC is answered on a thread that neither parses pages nor
// carries the engine's modules. One thread for the process, started at the first request and kept warm (a cold one
// per run cost several ms of CPU per page); unref'd while nothing is awaited, so it never keeps a process alive. A
// thread that dies fails whatever was awaited of it with a message naming the cause; the next request starts a new
// one.
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { messageOf } from '../../shared/message-of';
import { engineYoungGenerationMb } from '../engine/v8-flags';
import { workerEntry } from '../engine/worker-entry';
import type { CheckResult, EngineApi, EngineRun, EstimateRequest, SessionOptions } from './core/engine-api';
import type { EngineThreadReply, EngineThreadRequest, ThreadSessionOptions } from './engine-worker';

type Waiter = { resolve: (r: EngineThreadReply) => void; reject: (e: Error) => void };

/** One request (or one run's session) on the thread: the answer awaited, and where its messages in between go. */
interface Handle {
  waiting?: Waiter;
  onEvent?: Parameters<EngineRun['run']>[0]['onEvent'];
  onJournalError?: (err: unknown) => void;
  onProgress?: EstimateRequest['onProgress'];
}

export interface EngineThread extends EngineApi {
  /** Stops the thread (whatever it was doing fails); the next request starts a new one. */
  stop(): Promise<void>;
}

/** A request as the host writes it; `ask` adds the handle's id. */
type Request = EngineThreadRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** Session options as they cross: functions do not, so the sandbox tenant is started by the thread's own
 *  composition root (engine-worker.ts). */
const crossing = ({ startSandbox: _here, ...options }: SessionOptions): ThreadSessionOptions => options;

export function createEngineThread(o: { youngGenerationMb?: number } = {}): EngineThread {
  let worker: Worker | undefined;
  let nextId = 0;
  const handles = new Map<number, Handle>();

  const start = (): Worker => {
    const entry = workerEntry(fileURLToPath(import.meta.url), 'engine-worker');
    const w = new Worker(entry.file, {
      eval: entry.eval,
      // The same environment as this thread, live (proxy variables, the AWS default chain, a test's changes).
      env: SHARE_ENV,
      resourceLimits: { maxYoungGenerationSizeMb: o.youngGenerationMb ?? engineYoungGenerationMb() },
    });
    w.unref();
    const fail = (why: string) => {
      if (worker !== w) return;
      worker = undefined;
      const err = new Error(
        `the engine thread stopped (${why}); what it was doing ended with it: run it again (a run: Retry failed in History runs what it did not finish)`,
      );
      for (const h of handles.values()) h.waiting?.reject(err);
      handles.clear();
    };
    w.on('message', (r: EngineThreadReply) => {
      const h = handles.get(r.id);
      if (!h) return;
      if (r.op === 'event') return h.onEvent?.(r.event);
      if (r.op === 'journal-error') return h.onJournalError?.(new Error(r.message));
      if (r.op === 'estimate-progress') return h.onProgress?.(r.progress);
      const waiting = h.waiting;
      h.waiting = undefined;
      if (![...handles.values()].some((x) => x.waiting)) w.unref();
      waiting?.resolve(r);
    });
    w.on('error', (err) => fail(err.message));
    w.on('exit', (code) => fail(`it exited with code ${code}`));
    w.on('messageerror', (err) => fail(`a message could not be read: ${err.message}`));
    return w;
  };

  /** Posts `req` for handle `id` and waits for the thread's answer; `signal` cancels it on the thread. */
  const ask = async (id: number, req: Request, signal?: AbortSignal): Promise<EngineThreadReply> => {
    const h = handles.get(id);
    if (!h) throw new Error('the engine thread stopped before this began: start it again');
    const w = (worker ??= start());
    const answer = new Promise<EngineThreadReply>((resolve, reject) => {
      h.waiting = { resolve, reject };
      w.ref(); // an answer is awaited: the process must not exit under it
      w.postMessage({ ...req, id });
    });
    if (!signal) return answer;
    const cancel = () => worker?.postMessage({ op: 'cancel', id, reason: messageOf(signal.reason) } satisfies EngineThreadRequest);
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
    try {
      return await answer;
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  };

  /** A handle for one request, answered with `op`, then forgotten. */
  const once = async <Op extends EngineThreadReply['op']>(
    op: Op,
    req: Request,
    signal?: AbortSignal,
    listen: Omit<Handle, 'waiting'> = {},
  ): Promise<Extract<EngineThreadReply, { op: Op }>> => {
    const id = ++nextId;
    handles.set(id, { ...listen });
    try {
      return expect(op, await ask(id, req, signal));
    } finally {
      handles.delete(id);
    }
  };

  return {
    async openRun(opts) {
      const id = ++nextId;
      const h: Handle = {};
      handles.set(id, h);
      let opened: Extract<EngineThreadReply, { op: 'opened' }>;
      try {
        opened = expect('opened', await ask(id, { op: 'open', options: crossing(opts) }));
      } catch (err) {
        handles.delete(id);
        throw err;
      }
      return {
        context: opened.context,
        async run(req) {
          const { store, onEvent, onJournalError, signal, ...rest } = req;
          Object.assign(h, { onEvent, onJournalError });
          try {
            return expect('ran', await ask(id, { op: 'run', request: { ...rest, runsDir: store.runsDir } }, signal)).result;
          } finally {
            Object.assign(h, { onEvent: undefined, onJournalError: undefined });
          }
        },
        async close() {
          if (!handles.has(id)) return; // the thread stopped: the session went with it
          try {
            expect('closed', await ask(id, { op: 'close' }));
          } finally {
            handles.delete(id);
          }
        },
      };
    },
    async estimate({ session, event, signal, onProgress }) {
      return (await once('estimated', { op: 'estimate', options: crossing(session), event }, signal, { onProgress })).estimate;
    },
    // A check answers, it does not throw (the Settings panel shows the answer): a thread that stopped is one too.
    testConnection: ({ connection, secret, signal }) =>
      checked(once('tested', { op: 'test-connection', connection, ...(secret === undefined ? {} : { secret }) }, signal)),
    testDestination: ({ destination, s3Credentials, signal }) =>
      checked(once('tested', { op: 'test-destination', destination, ...(s3Credentials ? { s3Credentials } : {}) }, signal)),
    async stop() {
      await worker?.terminate();
    },
  };
}

async function checked(answer: Promise<Extract<EngineThreadReply, { op: 'tested' }>>): Promise<CheckResult> {
  try {
    return (await answer).result;
  } catch (err) {
    return { ok: false, error: messageOf(err) };
  }
}

/** The answer `op`, or the thread's failure as an error. */
function expect<Op extends EngineThreadReply['op']>(op: Op, r: EngineThreadReply): Extract<EngineThreadReply, { op: Op }> {
  if (r.op === op) return r as Extract<EngineThreadReply, { op: Op }>;
  throw new Error(r.op === 'failed' ? r.message : `the engine thread answered "${r.op}" where "${op}" was expected`);
}
