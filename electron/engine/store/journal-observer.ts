// Keeps a run's journal in step with its run events, and — for a retry or resume — writes each new chunk outcome
// back into the parent run, so the parent's view shows every chunk's latest outcome.
import type { ChunkResult, RunEvent, RunRecord } from '../../../shared/run-types';
import { runStatus } from '../../../shared/summary';
import type { JournalStore } from './journal';

const FINAL = new Set<ChunkResult['status']>(['success', 'failed', 'cancelled']);

/** The parent with `result` as its chunk's latest outcome (`attemptRunId` set). Only final outcomes count: a
 *  chunk the child never got to keeps the parent's outcome. A finished parent's status is recomputed from its
 *  chunks. Pure: returns a new record. Throws when the child's chunk is not one of the parent's (a plan mismatch). */
export function applyChildOutcome(parent: RunRecord, result: ChunkResult, childRunId?: string): RunRecord {
  if (!FINAL.has(result.status)) return parent;
  const attemptRunId = result.attemptRunId ?? childRunId;
  if (!attemptRunId) throw new Error('applyChildOutcome needs the child run id (argument or result.attemptRunId)');
  const at = parent.chunks.findIndex((c) => c.index === result.index);
  const own = parent.chunks[at];
  if (!own || own.start !== result.start || own.end !== result.end) {
    throw new Error(
      `chunk ${result.index} (${result.start} to ${result.end}) of run ${attemptRunId} is not a chunk of run ${parent.runId}; ` +
        `a retry or resume must use the parent's plan`,
    );
  }
  const chunks = parent.chunks.map((c, i) => (i === at ? { ...structuredClone(result), attemptRunId } : c));
  return { ...parent, chunks, ...(parent.finishedAt !== undefined ? { status: runStatus(chunks) } : {}) };
}

export interface JournalObserverOptions {
  /** Retry/resume: the run being continued. Each final chunk outcome is applied to it and it is saved too. */
  parent?: RunRecord;
  /** A journal write failed. The run goes on (the data is what matters); the app/CLI should warn. */
  onError?: (error: unknown) => void;
}

export type JournalObserver = ((e: RunEvent) => void) & {
  /** The record as the events made it so far. */
  readonly record: RunRecord;
  readonly parent: RunRecord | undefined;
  /** Write failures so far. */
  readonly errors: readonly unknown[];
  /** Resolves when everything the events asked to persist is on disk. */
  flush(): Promise<void>;
};

/** A RunEvent listener that maintains `record` and persists it at run start, after each chunk and at the end.
 *  Writes go through the store, which never overlaps writes to one file and always ends with the newest state,
 *  however fast events arrive. Events of other runs are ignored. */
export function journalObserver(store: JournalStore, record: RunRecord, opts: JournalObserverOptions = {}): JournalObserver {
  let current: RunRecord = structuredClone(record);
  let parent: RunRecord | undefined = opts.parent ? structuredClone(opts.parent) : undefined;
  const errors: unknown[] = [];
  const pending = new Set<Promise<void>>();

  const track = (write: Promise<void>) => {
    const p = write.catch((e: unknown) => {
      errors.push(e);
      opts.onError?.(e);
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const persist = (r: RunRecord) => track(store.update(r));

  const replaceChunk = (result: ChunkResult) => {
    const chunks = [...current.chunks];
    const i = chunks.findIndex((c) => c.index === result.index);
    if (i >= 0) chunks[i] = structuredClone(result);
    else {
      chunks.push(structuredClone(result));
      chunks.sort((a, b) => a.index - b.index);
    }
    current = { ...current, chunks };
  };

  const observer = ((e: RunEvent) => {
    if (e.runId !== current.runId) return;
    switch (e.type) {
      case 'run-started':
        current = {
          ...current,
          event: structuredClone(e.event),
          context: structuredClone(e.context),
          startedAt: e.at,
          chunks: structuredClone(e.chunks),
        };
        persist(current);
        break;
      case 'chunk-started': {
        // In memory only: the next persisted state is the chunk's outcome. A crash leaves it pending: not ✓.
        const c = current.chunks.find((x) => x.index === e.index);
        if (c) replaceChunk({ ...c, status: 'running', startedAt: e.at });
        break;
      }
      case 'chunk-done':
        replaceChunk(e.result);
        track(store.appendChunk(current.runId, structuredClone(e.result)));
        if (parent && FINAL.has(e.result.status)) {
          try {
            parent = applyChildOutcome(parent, e.result, current.runId);
            const latest = parent.chunks.find((c) => c.index === e.result.index)!;
            track(store.appendChunk(parent.runId, structuredClone(latest)));
          } catch (err) {
            errors.push(err);
            opts.onError?.(err);
          }
        }
        break;
      case 'run-done': {
        const { fatalError: _drop, ...rest } = current;
        current = {
          ...rest,
          finishedAt: e.at,
          status: e.status,
          ...(e.outcome ? { outcome: e.outcome } : {}),
          setupRequests: e.totals.setupRequests,
          ...(e.fatalError !== undefined ? { fatalError: e.fatalError } : {}),
        };
        persist(current);
        // Fold the parent's chunk log into a snapshot with its recomputed status.
        if (parent) persist(parent);
        break;
      }
      default:
        break;
    }
  }) as JournalObserver;

  Object.defineProperties(observer, {
    record: { get: () => current },
    parent: { get: () => parent },
    errors: { get: () => errors },
    flush: {
      value: async () => {
        while (pending.size > 0) await Promise.all([...pending]);
      },
    },
  });
  return observer;
}
