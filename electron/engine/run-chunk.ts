// One chunk: page through Mambu into a chunk writer, then commit. ✓ only once every object is written.
import type { PlannedChunk } from '../../shared/plan';
import { pendingChunk, type ChunkReconciliation, type ChunkResult, type ChunkWarning, type RunEvent } from '../../shared/run-types';
import { emptyStats } from './mambu/pager';
import type { ChunkCommit, ChunkWriter, Destination, FetchRequest, FetchStats, MambuSource, TableRegistry } from './types';
import { registerChunk } from './register-chunk';
import { messageOf } from '../../shared/message-of';

export interface RunChunkOptions {
  runId: string;
  planned: PlannedChunk;
  request: FetchRequest;
  source: MambuSource;
  writer: (extractedAt: Date) => ChunkWriter;
  emit: (e: RunEvent) => void;
  signal: AbortSignal;
  now: () => Date;
  /** The destination's data catalog (Glue): the chunk's table and partitions are registered before it is ✓. */
  register?: { registry: TableRegistry; table: string };
  /** Where the chunk's objects land: their footers are read back to count the rows written. */
  destination?: Destination;
}

/** Rows in the chunk's committed objects, as the chunk writer read them back from their Parquet footers. */
function rowsWrittenOf(commit: ChunkCommit): number {
  return commit.rowsWritten;
}

function countWarnings(stats: FetchStats): ChunkWarning[] {
  const out: ChunkWarning[] = [];
  if (stats.outsideWindow > 0) {
    out.push({
      kind: 'outside-window',
      count: stats.outsideWindow,
      message: `${stats.outsideWindow} record(s) Mambu returned lie outside this chunk's window [start, end) and were dropped (a neighbouring chunk owns them)`,
    });
  }
  if (stats.duplicatesDropped > 0) {
    out.push({ kind: 'duplicates', count: stats.duplicatesDropped, message: `${stats.duplicatesDropped} duplicate records (same encodedKey/id) returned by Mambu were dropped` });
  }
  if (stats.restarts > 0) {
    out.push({ kind: 'repaged', count: stats.restarts, message: `records shifted while paging; the chunk was paged again ${stats.restarts} time(s) from the start` });
  }
  return out;
}

export function reconciliationLine(r: ChunkReconciliation): string {
  return (
    `reported ${r.reported ?? 'n/a'}, fetched ${r.fetched}, kept ${r.kept}, outside window ${r.outsideWindow}, ` +
    `duplicates ${r.duplicates}, rows written ${r.rowsWritten}`
  );
}

export async function runChunk(o: RunChunkOptions): Promise<ChunkResult> {
  const started = o.now();
  const writer = o.writer(started);
  let stats: FetchStats = emptyStats();
  const base: ChunkResult = { ...pendingChunk(o.planned), status: 'running', startedAt: started.toISOString(), attemptRunId: o.runId };
  const done = (patch: Partial<ChunkResult>): ChunkResult => {
    const finished = o.now();
    return {
      ...base,
      pages: stats.pages,
      requests: stats.requests,
      retries: stats.retries,
      durationMs: finished.getTime() - started.getTime(),
      finishedAt: finished.toISOString(),
      ...patch,
    };
  };
  try {
    stats = await o.source.fetch(
      o.request,
      {
        restart: async (reason) => {
          o.emit({ type: 'chunk-restarted', runId: o.runId, index: o.planned.index, reason });
          await writer.reset();
        },
        records: async (batch, info) => {
          stats = info.stats;
          await writer.write(batch);
          o.emit({
            type: 'page-fetched',
            runId: o.runId,
            index: o.planned.index,
            pages: info.stats.pages,
            records: info.stats.records,
            requests: info.stats.requests,
            retries: info.stats.retries,
          });
        },
      },
      o.signal,
    );
    if (o.signal.aborted) throw o.signal.reason ?? new Error('Cancelled');
    const commit = await writer.commit();
    const counted = countWarnings(stats);
    const warnings = [...commit.warnings, ...counted.map((w) => w.message)];
    const warningDetails = [...(commit.warningDetails ?? []), ...counted];
    const reconciliation: ChunkReconciliation = {
      reported: stats.reported,
      fetched: stats.fetched,
      kept: stats.records,
      outsideWindow: stats.outsideWindow,
      duplicates: stats.duplicatesDropped,
      rowsWritten: rowsWrittenOf(commit),
    };
    const landed = { objects: commit.objects, warnings, warningDetails, schemaDrift: commit.schemaDrift, reconciliation };
    if (reconciliation.kept !== reconciliation.rowsWritten) {
      return done({
        status: 'failed',
        records: reconciliation.rowsWritten,
        error: `reconciliation failed: ${reconciliation.kept} record(s) kept for the window but ${reconciliation.rowsWritten} row(s) in the written objects (${reconciliationLine(reconciliation)}); run the chunk again`,
        ...landed,
      });
    }
    if (o.register) {
      const dates = await registerChunk(o.register.registry, o.register.table, commit, o.signal).catch((err: unknown) => {
        throw new Error(`the chunk's objects are written but not registered in the data catalog: ${err instanceof Error ? err.message : String(err)}`);
      });
      if (dates.length) o.emit({ type: 'log', runId: o.runId, level: 'INFO', line: `Chunk ${o.planned.index}: table ${o.register.table} and ${dates.length} partition(s) registered in the data catalog` });
    }
    return done({ status: 'success', records: commit.records, ...landed });
  } catch (err) {
    // A chunk's parts stay staged (invisible) until its commit publishes them; only a commit that stopped midway
    // leaves some of them visible: say which, so the run's record and reports show what is in the destination.
    const partial = await writer.objectsWritten();
    const left = partial.length
      ? {
          objects: partial,
          warnings: [
            `${partial.length} object(s) of this chunk were made visible by its commit before it stopped; running the chunk again (Retry failed, resume) replaces exactly them and finishes removing the objects they supersede`,
          ],
        }
      : {};
    if (o.signal.aborted) {
      return done({ status: 'cancelled', error: 'Cancelled while running; nothing of this chunk counts as landed', ...left });
    }
    return done({ status: 'failed', error: messageOf(err), ...left });
  } finally {
    // Discards what a failed attempt staged and takes the writer's listener off the run's signal.
    await writer.dispose();
  }
}
