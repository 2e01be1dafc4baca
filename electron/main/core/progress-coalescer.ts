// Keeps a run of thousands of chunks from flooding the renderer: page-fetched events (cumulative per chunk) are
// throttled to one delivery per interval, keeping only the latest per chunk. Every other event (chunk boundaries,
// log lines, run-done) is delivered at once and in order, after any page progress it supersedes.
import type { RunEvent } from '../../../shared/run-types';

type PageFetched = Extract<RunEvent, { type: 'page-fetched' }>;

export interface CoalescerOptions {
  intervalMs: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export interface Coalescer {
  push(e: RunEvent): void;
  /** Delivers what is pending and stops the timer. */
  close(): void;
}

export function createCoalescer(deliver: (e: RunEvent) => void, opts: CoalescerOptions): Coalescer {
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const pending = new Map<number, PageFetched>();
  let timer: unknown;
  let lastFlush = Number.NEGATIVE_INFINITY;

  const flush = () => {
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    if (pending.size === 0) return;
    lastFlush = now();
    const batch = [...pending.values()];
    pending.clear();
    for (const e of batch) deliver(e);
  };

  return {
    push(e) {
      if (e.type === 'page-fetched') {
        pending.set(e.index, e);
        if (timer !== undefined) return;
        const wait = opts.intervalMs - (now() - lastFlush);
        if (wait <= 0) flush();
        else timer = setTimer(flush, wait);
        return;
      }
      // The chunk's final result replaces its page progress; a restart makes it stale.
      if (e.type === 'chunk-done') pending.delete(e.result.index);
      if (e.type === 'chunk-restarted') pending.delete(e.index);
      if (pending.size > 0) {
        const keepTimer = timer;
        // Deliver in order without resetting the throttle clock for a boundary event.
        const batch = [...pending.values()];
        pending.clear();
        if (keepTimer !== undefined) {
          clearTimer(keepTimer);
          timer = undefined;
        }
        for (const p of batch) deliver(p);
      }
      deliver(e);
    },
    close() {
      flush();
    },
  };
}
