// One chunk: page through Mambu into a chunk writer, then commit. ✓ only once every object is written.
import type { PlannedChunk } from '../../shared/plan';
import { pendingChunk, type ChunkResult, type RunEvent } from '../../shared/run-types';
import { emptyStats } from './mambu/pager';
import type { ChunkWriter, FetchRequest, FetchStats, MambuSource } from './types';
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
    const warnings = [...commit.warnings];
    if (stats.duplicatesDropped > 0) {
      warnings.push(`${stats.duplicatesDropped} duplicate records (same encodedKey/id) returned by Mambu were dropped`);
    }
    if (stats.restarts > 0) {
      warnings.push(`records shifted while paging; the chunk was paged again ${stats.restarts} time(s) from the start`);
    }
    return done({ status: 'success', records: commit.records, objects: commit.objects, warnings, schemaDrift: commit.schemaDrift });
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
    return done({ status: 'failed', error: messageOf(err), ...left });
  }
}
