// One chunk: page through Mambu into a chunk writer, then commit. ✓ only once every object is written.
import type { PlannedChunk } from '../../shared/plan';
import { pendingChunk, type ChunkResult, type ChunkWarning, type RunEvent } from '../../shared/run-types';
import { emptyStats } from './mambu/pager';
import type { ChunkCommit, ChunkWriter, FetchRequest, FetchStats, MambuSource, RetryInfo } from './types';

export interface RunChunkOptions {
  runId: string;
  planned: PlannedChunk;
  request: FetchRequest;
  source: MambuSource;
  writer: (extractedAt: Date) => ChunkWriter;
  emit: (e: RunEvent) => void;
  signal: AbortSignal;
  now: () => Date;
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
    );
    if (o.signal.aborted) throw o.signal.reason ?? new Error('Cancelled');
    const commit = await writer.commit();
    const warnings = [...commit.warnings];
    const details = commitWarnings(commit);
    if (stats.duplicatesDropped > 0) {
      const message = `${stats.duplicatesDropped} duplicate records (same encodedKey/id) returned by Mambu were dropped`;
      warnings.push(message);
      details.push({ kind: 'duplicates', count: stats.duplicatesDropped, message });
    }
    if (stats.restarts > 0) {
      const message = `records shifted while paging; the chunk was paged again ${stats.restarts} time(s) from the start`;
      warnings.push(message);
      details.push({ kind: 'repaged', count: stats.restarts, message });
    }
    if (stats.retries > 0) warnings.push(retryWarning(stats.retries, retryReasons)[0]!.message);
    return done({ status: 'success', records: commit.records, objects: commit.objects, warnings, schemaDrift: commit.schemaDrift, warningDetails: details });
  } catch (err) {
    // Parts put before the failure stay (same deterministic names as a full attempt): say which, so the run's
    // record and reports show exactly what is in the destination for this window.
    const partial = await writer.objectsWritten();
    const left = partial.length
      ? {
          objects: partial,
          warnings: [
            `${partial.length} object(s) of this chunk were written before it stopped; they stay until the chunk is run again (Retry failed replaces exactly them)`,
          ],
        }
      : {};
    if (o.signal.aborted) {
      return done({ status: 'cancelled', error: 'Cancelled while running; nothing of this chunk counts as landed', ...left });
    }
    return done({ status: 'failed', error: err instanceof Error ? err.message : String(err), ...left });
  }
}

/** The writer's own entries, or entries derived from its warning lines and drift columns. */
function commitWarnings(c: ChunkCommit): ChunkWarning[] {
  if (c.warningDetails) return [...c.warningDetails];
  return [
    ...c.schemaDrift.map((column): ChunkWarning => ({ kind: 'schema-drift', count: 1, column, message: `column ${column} is not in the catalog; kept, typed string` })),
    ...c.warnings.map((message): ChunkWarning => ({ kind: 'other', count: 1, message })),
  ];
}

/** One entry for all of a chunk's retries: how many, and why (`2× HTTP 503, 1× cannot reach Mambu`). */
function retryWarning(retries: number, reasons: Map<string, number>): ChunkWarning[] {
  if (retries === 0) return [];
  const why = [...reasons].map(([r, k]) => `${k}× ${r}`).join(', ');
  return [{ kind: 'retry', count: retries, message: `${retries} request(s) retried after transient errors${why ? ` (${why})` : ''}` }];
}
