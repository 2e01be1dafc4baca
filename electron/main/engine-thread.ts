// The app's runs go to one engine thread (engine-worker.ts), for two reasons measured in BENCHMARKS.md: Electron
// starts its main process with V8's default young generation (its V8 flags come only from its own command line),
// which took a 1,000,000-record chunk to ~344 MB of peak RSS against the CLI's ~260 MB; a worker's young generation
// is set when it starts (resourceLimits), here to the CLI's. And the window's IPC is answered on a thread that no
// longer parses and casts pages. One thread for the process, started at the first run and kept warm (a cold one per
// run cost several ms of CPU per page); unref'd while nothing is awaited, so it never keeps a process alive. A
// thread that dies fails whatever was awaited of it with a message naming the cause; the next run starts a new one.
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { messageOf } from '../../shared/message-of';
import { engineYoungGenerationMb } from '../engine/v8-flags';
import { workerEntry } from '../engine/worker-entry';
import type { EngineRun, RunRequest, SessionOptions } from './core/engine-api';
import type { EngineThreadReply, EngineThreadRequest } from './engine-worker';

type Waiter = { resolve: (r: EngineThreadReply) => void; reject: (e: Error) => void };

/** What one open run is waiting for from the thread, and where its events go. */
interface Handle {
  waiting?: Waiter;
  run?: Pick<RunRequest, 'onEvent' | 'onJournalError'>;
}

export interface EngineThread {
  openRun(opts: SessionOptions): Promise<EngineRun>;
  /** Stops the thread (whatever it was running fails); the next openRun starts a new one. */
  stop(): Promise<void>;
}

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
      const err = new Error(`the engine thread stopped (${why}); the run ended with it: retry or resume it from History`);
      for (const h of handles.values()) h.waiting?.reject(err);
      handles.clear();
    };
    w.on('message', (r: EngineThreadReply) => {
      const h = handles.get(r.id);
      if (!h) return;
      if (r.op === 'event') return h.run?.onEvent(r.event);
      if (r.op === 'journal-error') return h.run?.onJournalError?.(new Error(r.message));
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

  /** Posts `req` and waits for the thread's answer to it (events in between go to the handle's run). */
  const ask = (h: Handle, req: EngineThreadRequest): Promise<EngineThreadReply> => {
    const w = (worker ??= start());
    return new Promise((resolve, reject) => {
      h.waiting = { resolve, reject };
      w.ref(); // an answer is awaited: the process must not exit under it
      w.postMessage(req);
    });
  };

  const failed = (r: EngineThreadReply): Error => new Error(r.op === 'failed' ? r.message : `unexpected answer "${r.op}"`);

  return {
    async openRun(opts) {
      const id = ++nextId;
      const h: Handle = {};
      handles.set(id, h);
      // The sandbox tenant is started by the thread's own composition root: functions do not cross threads.
      const { startSandbox: _local, ...options } = opts;
      const opened = await ask(h, { op: 'open', id, options }).catch((err: unknown) => {
        handles.delete(id);
        throw err;
      });
      if (opened.op !== 'opened') {
        handles.delete(id);
        throw failed(opened);
      }
      return {
        context: opened.context,
        async run(req) {
          if (!handles.has(id)) throw new Error('the engine thread stopped before the run began: start it again');
          const { store, onEvent, onJournalError, signal, ...rest } = req;
          h.run = { onEvent, ...(onJournalError ? { onJournalError } : {}) };
          const answer = ask(h, { op: 'run', id, request: { ...rest, runsDir: store.runsDir } });
          const cancel = () => worker?.postMessage({ op: 'cancel', id, reason: messageOf(signal.reason) } satisfies EngineThreadRequest);
          if (signal.aborted) cancel();
          else signal.addEventListener('abort', cancel, { once: true });
          try {
            const r = await answer;
            if (r.op !== 'ran') throw failed(r);
            return r.result;
          } finally {
            signal.removeEventListener('abort', cancel);
            h.run = undefined;
          }
        },
        async close() {
          if (!handles.has(id)) return; // the thread stopped: the session went with it
          const r = await ask(h, { op: 'close', id }).finally(() => handles.delete(id));
          if (r.op !== 'closed') throw failed(r);
        },
      };
    },
    async stop() {
      const w = worker;
      if (w) await w.terminate();
    },
  };
}
