// Keeps a run of thousands of chunks from flooding the renderer. Events go to the window in batches, one message
// per interval at most (the first event after a quiet interval goes at once), in the order they happened.
// page-fetched events (cumulative per chunk) are coalesced: a batch carries only the latest per chunk, and none
// for a chunk whose result (chunk-done) or restart came after it. Every other event (chunk boundaries, log lines,
// run-done) is kept. Why batches: each message is a task in the renderer, and the engine emits in bursts (a year
// of hourly chunks ends with ~8,800 summary log lines at once): one message per event cost the window long tasks
// of 100–350 ms in the window benchmark, for events that cost microseconds each to apply.
import type { RunEvent } from '../../../shared/run-types';

export interface CoalescerOptions {
  intervalMs: number;
  /** At most this many events a message (default 1,000); the rest of a burst follows after burstGapMs (default 16:
   *  about a frame), so the renderer handles a burst as several short tasks rather than one long one. */
  maxBatch?: number;
  burstGapMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export interface Coalescer {
  push(e: RunEvent): void;
  /** Delivers what is pending now (a burst longer than maxBatch: its first message now, the rest at burstGapMs). */
  close(): void;
}

export function createCoalescer(deliver: (batch: RunEvent[]) => void, opts: CoalescerOptions): Coalescer {
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const maxBatch = opts.maxBatch ?? 1000;
  const burstGapMs = opts.burstGapMs ?? 16;
  // In order; a superseded page-fetched leaves a hole (null) rather than shifting the rest.
  let queue: Array<RunEvent | null> = [];
  let live = 0;
  // chunk index → where its pending page-fetched sits in `queue`.
  const progressAt = new Map<number, number>();
  let timer: unknown;
  let lastFlush = Number.NEGATIVE_INFINITY;

  const flush = () => {
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    if (live === 0) return;
    lastFlush = now();
    const all = live === queue.length ? (queue as RunEvent[]) : queue.filter((e): e is RunEvent => e !== null);
    queue = [];
    live = 0;
    progressAt.clear();
    if (all.length > maxBatch) {
      // The rest of the burst waits its turn, in order, ahead of anything pushed meanwhile.
      for (const e of all.slice(maxBatch)) {
        if (e.type === 'page-fetched') progressAt.set(e.index, queue.length);
        queue.push(e);
        live++;
      }
      timer = setTimer(flush, burstGapMs);
      deliver(all.slice(0, maxBatch));
      return;
    }
    deliver(all);
  };

  const dropProgress = (index: number) => {
    const at = progressAt.get(index);
    if (at === undefined) return;
    queue[at] = null;
    live--;
    progressAt.delete(index);
  };

  return {
    push(e) {
      if (e.type === 'page-fetched') dropProgress(e.index);
      // The chunk's final result replaces its page progress; a restart makes it stale.
      else if (e.type === 'chunk-done') dropProgress(e.result.index);
      else if (e.type === 'chunk-restarted') dropProgress(e.index);
      if (e.type === 'page-fetched') progressAt.set(e.index, queue.length);
      queue.push(e);
      live++;
      if (timer !== undefined) return;
      const wait = opts.intervalMs - (now() - lastFlush);
      if (wait <= 0) flush();
      else timer = setTimer(flush, wait);
    },
    close() {
      flush();
    },
  };
}
