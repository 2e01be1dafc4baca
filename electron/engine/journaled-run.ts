// A run with its journal: every run (app or CLI) persists its record after each chunk, so a crash, a kill or a
// closed laptop loses at most the chunk in flight — and that chunk is not ✓, so resume runs it again.
import type { RunContext, RunEvent, RunRecord } from '../../shared/run-types';
import type { BackfillEvent } from '../../shared/event/schema';
import { runBackfill, type RunOptions } from './runner';
import { journalObserver, type JournalStore } from './store';
import { openRunLog, runLogOf } from './run-log';
import type { Session } from './session';
import type { Catalog } from '../../shared/catalog/tables';

export interface JournaledRunOptions {
  store: JournalStore;
  session: Session;
  runId: string;
  event: BackfillEvent;
  onEvent: (e: RunEvent) => void;
  signal: AbortSignal;
  /** Retry or resume: the run being continued and the chunks to run again. */
  parent?: RunRecord;
  only?: readonly number[];
  partRows?: number;
  partBytes?: number;
  encodeParquet?: RunOptions['encodeParquet'];
  /** The built-in catalog merged with a user catalog file, if any. */
  catalog?: Catalog;
  /** Journal write failed: the run goes on (the data matters more), the caller should warn. */
  onJournalError?: (err: unknown) => void;
  /** Secret values to keep out of the run's log file (API key, password, S3 secret key). */
  secrets?: ReadonlyArray<string | undefined>;
}

export async function runJournaled(o: JournaledRunOptions): Promise<{ record: RunRecord; parent?: RunRecord }> {
  const context: RunContext = o.parent ? { ...o.session.context, parentRunId: o.parent.runId } : o.session.context;
  const skeleton: RunRecord = { runId: o.runId, event: o.event, context, startedAt: new Date().toISOString(), chunks: [] };
  const journal = journalObserver(o.store, skeleton, { parent: o.parent, onError: o.onJournalError });
  const log = openRunLog(runLogOf(o.store.pathOf(o.runId)), o.runId, o.secrets ?? []);
  const opts: RunOptions = {
    runId: o.runId,
    event: o.event,
    source: o.session.source,
    destination: o.session.destination,
    context,
    signal: o.signal,
    partRows: o.partRows,
    partBytes: o.partBytes,
    encodeParquet: o.encodeParquet,
    catalog: o.catalog,
    ...(o.only ? { only: o.only, previous: o.parent?.chunks } : {}),
    onEvent: (e) => {
      journal(e);
      log.observe(e);
      o.onEvent(e);
    },
    // Chunk k's outcome is on disk before chunk k+1 starts (a journal write failure is reported, not fatal).
    afterChunk: () => journal.flush(),
  };
  let record: RunRecord;
  try {
    record = await runBackfill(opts);
  } catch (err) {
    log.error(`the run stopped on an unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  } finally {
    log.close();
  }
  await journal.flush();
  return { record: journal.record.finishedAt ? journal.record : record, parent: journal.parent };
}
