// One backfill of a single one-day chunk through the real engine: Mambu client → transform → Parquet → S3.
import { runBackfill } from '../../electron/engine/runner';
import { createMambuSource } from '../../electron/engine/mambu/source';
import type { Destination, MambuConnection } from '../../electron/engine/types';
import { validateEvent, type BackfillEvent } from '../../shared/event/schema';
import type { ChunkResult, RunEvent } from '../../shared/run-types';

export const BENCH_DAY = { start: '2025-01-01 00:00:00', end: '2025-01-02 00:00:00' };
export const BENCH_ENDPOINT = 'loans/transactions:search';

/** The engine's :search body for the bench day (BETWEEN on creationDate, ascending), sent as is by the loops that
 *  fetch the same pages without the engine (bare loop, JSON.parse yardstick). */
export function benchSearchBody(): string {
  return JSON.stringify({
    filterCriteria: [
      {
        field: 'creationDate',
        operator: 'BETWEEN',
        value: `${BENCH_DAY.start.replace(' ', 'T')}+00:00`,
        secondValue: `${BENCH_DAY.end.replace(' ', 'T')}+00:00`,
      },
    ],
    sortingCriteria: { field: 'creationDate', order: 'ASC' },
  });
}

/** The URL of one page of the bench day's search, as the engine asks it (`paginationDetails=ON` on the first page
 *  only), for the loops that fetch the same pages without the engine. */
export function benchPageUrl(simUrl: string, offset: number, limit: number): string {
  return `${simUrl}/${BENCH_ENDPOINT}?detailsLevel=FULL&offset=${offset}&limit=${limit}${offset === 0 ? '&paginationDetails=ON' : ''}`;
}

export function benchEvent(table = 'mambu_loan_transactions'): BackfillEvent {
  const v = validateEvent({
    table_name: table,
    endpoint: BENCH_ENDPOINT,
    request_type: 'Post',
    cdc_field: 'creationDate',
    start_date: BENCH_DAY.start,
    end_date: BENCH_DAY.end,
    chunk_hours: 24,
  });
  if (!v.ok) throw new Error(`bench event invalid: ${JSON.stringify(v.issues)}`);
  return v.event;
}

export function benchConnection(baseUrl: string, pageSize = 1000): MambuConnection {
  return {
    name: 'bench',
    baseUrl,
    auth: { kind: 'apiKey', apiKey: 'bench' },
    timezone: 'UTC',
    pageSize,
    // No request-rate cap: the cap is a politeness policy, not engine overhead (the simulator is local).
    requestsPerSecond: 0,
    timeoutMs: 120_000,
    maxRetries: 0,
    backoffBaseMs: 10,
    backoffMaxMs: 100,
  };
}

export interface EngineRun {
  wallMs: number;
  chunk: ChunkResult;
  events: number;
}

export async function runEngineOnce(o: {
  simUrl: string;
  destination: Destination;
  pageSize?: number;
  partRows?: number;
  partBytes?: number;
}): Promise<EngineRun> {
  const event = benchEvent();
  const source = createMambuSource(benchConnection(o.simUrl, o.pageSize));
  let events = 0;
  const started = performance.now();
  const record = await runBackfill({
    event,
    source,
    destination: o.destination,
    context: { connection: 'bench', destination: 'bench', destinationUri: o.destination.uri, appVersion: 'bench', mode: 'run' },
    onEvent: (_e: RunEvent) => void events++,
    signal: new AbortController().signal,
    partRows: o.partRows,
    partBytes: o.partBytes,
  });
  const wallMs = performance.now() - started;
  const chunk = record.chunks[0]!;
  if (chunk.status !== 'success') throw new Error(`bench chunk ${chunk.status}: ${chunk.error ?? ''}`);
  return { wallMs, chunk, events };
}
