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
  return {
    ...c,
    status: 'failed',
    pages: 1,
    requests: 4,
    retries: 3,
    durationMs: 900,
    error,
    startedAt: '2025-04-07T10:00:02.000Z',
    finishedAt: '2025-04-07T10:00:02.900Z',
  };
}

export function newRun(runId = '20250407-100000-aaaaaa', event: BackfillEvent = SAMPLE_EVENT): RunRecord {
  return {
    runId,
    event,
    context: {
      connection: 'Prod tenant',
      destination: 'Raw zone',
      destinationUri: 's3://raw-zone/mambu/',
      appVersion: '0.1.0',
      mode: 'run',
    },
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

/** A finished run whose chunks carry structured warnings (drift on every ✓ chunk, a cast failure, retries) and
 *  reconciliation figures: what the engine records from this round on. */
export function warnedRun(runId = '20250407-100000-bbbbbb'): RunRecord {
  const run = partialRun(runId);
  run.chunks = run.chunks.map((c) => {
    const records = c.records;
    const withRec = {
      ...c,
      reconciliation: { reported: records + 1, fetched: records + 1, kept: records, outsideWindow: 1, duplicates: 0, rowsWritten: records },
    };
    if (c.status === 'cancelled') return withRec;
    if (c.status !== 'success')
      return {
        ...withRec,
        warningDetails: [
          {
            kind: 'retry' as const,
            count: c.retries,
            message: `${c.retries} request(s) retried after transient errors (${c.retries}× HTTP 500)`,
          },
        ],
      };
    const details = [
      {
        kind: 'schema-drift' as const,
        count: 1,
        column: 'custom_field_a',
        message: 'column custom_field_a is not in the catalog; kept, typed string',
      },
      {
        kind: 'schema-drift' as const,
        count: 1,
        column: 'custom_field_b',
        message: 'column custom_field_b is not in the catalog; kept, typed string',
      },
    ];
    if (c.index === 2)
      details.push({
        kind: 'cast-failure' as const,
        count: 7,
        column: 'amount',
        message: '7 values of amount could not be cast to double; written as null',
      } as never);
    return { ...withRec, schemaDrift: ['custom_field_a', 'custom_field_b'], warningDetails: details };
  });
  run.outcome = 'completed';
  return run;
}
