// Builds realistic RunRecords from the real planner, for store and report tests.
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { BackfillEvent } from '../../shared/event/schema';
import { planChunks } from '../../shared/plan';
import { pendingChunk, type ChunkResult, type RunRecord } from '../../shared/run-types';
import { runStatus } from '../../shared/summary';

export function pendingChunks(event: BackfillEvent = SAMPLE_EVENT): ChunkResult[] {
  return planChunks(event).chunks.map(pendingChunk);
}

export function successResult(c: ChunkResult, records = 100 + c.index, runId?: string): ChunkResult {
  const day = c.start.slice(0, 10);
  return {
    ...c,
    status: 'success',
    records,
    pages: 2,
    requests: 3,
    retries: 1,
    durationMs: 1200 + c.index,
    objects: [`s3://raw-zone/mambu/${SAMPLE_EVENT.table_name}/date=${day}/part-00000.parquet`],
    startedAt: '2025-04-07T10:00:00.000Z',
    finishedAt: '2025-04-07T10:00:01.200Z',
    ...(runId ? { attemptRunId: runId } : {}),
  };
}

export function failedResult(c: ChunkResult, error = 'HTTP 500 from loans/transactions:search after 3 retries'): ChunkResult {
  return { ...c, status: 'failed', pages: 1, requests: 4, retries: 3, durationMs: 900, error, startedAt: '2025-04-07T10:00:02.000Z', finishedAt: '2025-04-07T10:00:02.900Z' };
}

export function newRun(runId = '20250407-100000-aaaaaa', event: BackfillEvent = SAMPLE_EVENT): RunRecord {
  return {
    runId,
    event,
    context: { connection: 'Prod tenant', destination: 'Raw zone', destinationUri: 's3://raw-zone/mambu/', appVersion: '0.1.0', mode: 'run' },
    startedAt: '2025-04-07T10:00:00.000Z',
    chunks: pendingChunks(event),
  };
}

/** A finished run: chunk 3 failed, chunk 5 cancelled, the others ✓. */
export function partialRun(runId = '20250407-100000-aaaaaa'): RunRecord {
  const run = newRun(runId);
  run.chunks = run.chunks.map((c) => (c.index === 3 ? failedResult(c) : c.index === 5 ? { ...c, status: 'cancelled' } : successResult(c)));
  run.finishedAt = '2025-04-07T10:05:00.000Z';
  run.status = runStatus(run.chunks);
  return run;
}
