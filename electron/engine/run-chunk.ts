// One chunk: page through Mambu into a chunk writer, then commit. ✓ only once every object is written.
import type { PlannedChunk } from '../../shared/plan';
import { pendingChunk, type ChunkReconciliation, type ChunkResult, type ChunkWarning, type RunEvent } from '../../shared/run-types';
import { emptyStats } from './mambu/pager';
import type {
  ChunkCommit,
  ChunkWriter,
  Destination,
  FetchRequest,
  FetchStats,
  FirstPage,
  MambuSource,
  RetryInfo,
  TableRegistry,
} from './types';
import { registerChunk } from './register-chunk';
import { messageOf } from '../../shared/message-of';

export interface RunChunkOptions {
  runId: string;
  planned: PlannedChunk;
  request: FetchRequest;
  source: MambuSource;
  /** The chunk's first page, received by the setup check (first chunk of a run only). */
  first?: FirstPage;
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
    out.push({
      kind: 'duplicates',
      count: stats.duplicatesDropped,
      message: `${stats.duplicatesDropped} duplicate records (same encodedKey/id) returned by Mambu were dropped`,
    });
  }
  if (stats.restarts > 0) {
    out.push({
      kind: 'repaged',
      count: stats.restarts,
      message: `records shifted while paging; the chunk was paged again ${stats.restarts} time(s) from the start`,
    });
  }
  return out;
}

export function reconciliationLine(r: ChunkReconciliation): string {
  return (
    `reported ${r.reported ?? 'n/a'}, fetched ${r.fetched}, kept ${r.kept}, outside window ${r.outsideWindow}, ` +
    `duplicates ${r.duplicates}, rows written ${r.rowsWritten}`
  );
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

export async function runChunk(o: RunChunkOptions): Promise<ChunkResult> {
  const started = o.now();
  const writer = o.writer(started);
  // Filled in place by the pager, so a chunk that fails still reports its true pages, requests and retries.
  const stats: FetchStats = emptyStats();
  const retryReasons = new Map<string, number>();
  const base: ChunkResult = { ...pendingChunk(o.planned), status: 'running', startedAt: started.toISOString(), attemptRunId: o.runId };
  const done = (patch: Partial<ChunkResult>): ChunkResult => {
    const finished = o.now();
    const details = [...(patch.warningDetails ?? []), ...retryWarning(stats.retries, retryReasons)];
    return {
      ...base,
      pages: stats.pages,
      requests: stats.requests,
      retries: stats.retries,
      durationMs: finished.getTime() - started.getTime(),
      finishedAt: finished.toISOString(),
      ...patch,
      warningDetails: details,
    };
  };
  const onRetry = (r: RetryInfo & { offset: number }) => {
    const why = r.status !== undefined ? `HTTP ${r.status}` : r.reason.split(':')[0]!;
    retryReasons.set(why, (retryReasons.get(why) ?? 0) + 1);
    o.emit({
      type: 'log',
      runId: o.runId,
      level: 'WARNING',
      line: `Chunk ${o.planned.index}: retry ${r.retry} of ${r.maxRetries} (page at offset ${r.offset}) in ${seconds(r.waitMs)}: ${r.reason}`,
    });
  };
  try {
    await o.source.fetch(
      o.request,
      {
        retry: onRetry,
        restart: async (reason) => {
          o.emit({ type: 'chunk-restarted', runId: o.runId, index: o.planned.index, reason });
          await writer.reset();
        },
        records: async (batch, info) => {
          await writer.write(batch);
          o.emit({
            type: 'page-fetched',
            runId: o.runId,
            index: o.planned.index,
            pages: info.stats.pages,
            records: info.stats.records,
            requests: stats.requests,
            retries: stats.retries,
          });
        },
      },
      o.signal,
      stats,
      o.first,
    );
    if (o.signal.aborted) throw o.signal.reason ?? new Error('Cancelled');
    const commit = await writer.commit();
    const counted = countWarnings(stats);
    const warnings = [...commit.warnings, ...counted.map((w) => w.message)];
    const warningDetails = [...commitWarnings(commit), ...counted];
    if (stats.retries > 0) warnings.push(retryWarning(stats.retries, retryReasons)[0]!.message);
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
        throw new Error(
          `the chunk's objects are written but not registered in the data catalog: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
      if (dates.length)
        o.emit({
          type: 'log',
          runId: o.runId,
          level: 'INFO',
          line: `Chunk ${o.planned.index}: table ${o.register.table} and ${dates.length} partition(s) registered in the data catalog`,
        });
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

/** The writer's own entries, or entries derived from its warning lines and drift columns. */
function commitWarnings(c: ChunkCommit): ChunkWarning[] {
  if (c.warningDetails) return [...c.warningDetails];
  return [
    ...c.schemaDrift.map((column): ChunkWarning => ({
      kind: 'schema-drift',
      count: 1,
      column,
      message: `column ${column} is not in the catalog; kept, typed string`,
    })),
    ...c.warnings.map((message): ChunkWarning => ({ kind: 'other', count: 1, message })),
  ];
}

/** One entry for all of a chunk's retries: how many, and why (`2× HTTP 503, 1× cannot reach Mambu`). */
function retryWarning(retries: number, reasons: Map<string, number>): ChunkWarning[] {
  if (retries === 0) return [];
  const why = [...reasons].map(([r, k]) => `${k}× ${r}`).join(', ');
  return [{ kind: 'retry', count: retries, message: `${retries} request(s) retried after transient errors${why ? ` (${why})` : ''}` }];
}
