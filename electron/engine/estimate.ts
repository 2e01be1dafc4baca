// Estimate before running: asks Mambu for each chunk's total (Items-Total of one `paginationDetails=ON&limit=1`
// request per chunk: one request in flight, under the source's rate cap, cancellable) and prices the run at the
// connection's page size and request-rate cap. Snapshot endpoints are one chunk, so one request.
import { planChunks } from '../../shared/plan';
import type { BackfillEvent } from '../../shared/event/schema';
import { PAGES_PER_CHUNK_LIMIT, type Estimate, type EstimateChunk } from '../../shared/estimate';
import { overlapFor } from './mambu/pager';
import { fetchRequestFor } from './runner';
import type { MambuSource } from './types';

export interface EstimateProgress {
  done: number;
  total: number;
  records: number;
  requests: number;
}

export interface EstimateOptions {
  event: BackfillEvent;
  source: Pick<MambuSource, 'count' | 'paging'>;
  signal: AbortSignal;
  onProgress?: (p: EstimateProgress) => void;
}

/** Pages the pager requests for `n` records: pages overlap by overlapFor(pageSize) records, and a full last page
 *  is followed by one more request that comes back short (or empty). */
export function pagesFor(n: number, pageSize: number): number {
  if (n < pageSize) return 1;
  const step = pageSize - overlapFor(pageSize);
  return Math.floor((n - pageSize) / step) + 2;
}

/** The largest whole chunk_hours (≥ 1) at which the largest chunk stays within the page limit, at the same rate. */
export function suggestChunkHours(chunkHours: number, largestPages: number): number {
  return Math.max(1, Math.floor((chunkHours * PAGES_PER_CHUNK_LIMIT) / largestPages));
}

export async function estimateBackfill(o: EstimateOptions): Promise<Estimate> {
  const { event, source, signal } = o;
  const plan = planChunks(event);
  const { pageSize, requestsPerSecond } = source.paging;
  const chunks: EstimateChunk[] = [];
  let records = 0;
  let requests = 0;
  let elapsed = 0;
  const unknown: number[] = [];
  for (const c of plan.chunks) {
    const counted = await source.count(fetchRequestFor(event, c), signal);
    requests += counted.requests;
    elapsed += counted.elapsedMs;
    if (counted.total === null) unknown.push(c.index);
    records += counted.total ?? 0;
    chunks.push({ index: c.index, start: c.start, end: c.end, records: counted.total, pages: pagesFor(counted.total ?? 0, pageSize) });
    o.onProgress?.({ done: chunks.length, total: plan.chunks.length, records, requests });
  }
  const pages = chunks.reduce((a, c) => a + c.pages, 0);
  const runRequests = pages + 1; // + the setup check before chunk 1
  const observedLatencyMs = requests > 0 ? elapsed / requests : 0;
  const perRequestMs = Math.max(1000 / requestsPerSecond, observedLatencyMs);
  const largest = [...chunks].sort((a, b) => (b.records ?? 0) - (a.records ?? 0) || a.index - b.index).slice(0, 5);
  const top = largest[0];
  const warnings: string[] = [];
  if (unknown.length > 0) {
    warnings.push(
      `Mambu sent no Items-Total for ${unknown.length} chunk(s) (first: chunk ${unknown[0]}); each is counted as one page and 0 records`,
    );
  }
  const estimate: Estimate = {
    kind: plan.kind,
    endpoint: event.endpoint,
    chunkHours: event.chunk_hours,
    pageSize,
    requestsPerSecond,
    chunks,
    records,
    pages,
    runRequests,
    estimateRequests: requests,
    observedLatencyMs: Math.round(observedLatencyMs),
    durationMs: Math.round(runRequests * perRequestMs),
    largest,
    warnings,
  };
  if (top && plan.kind === 'windowed' && top.pages > PAGES_PER_CHUNK_LIMIT && event.chunk_hours > 1) {
    const chunkHours = suggestChunkHours(event.chunk_hours, top.pages);
    estimate.suggestion = {
      chunkHours,
      largestPages: top.pages,
      message:
        `chunk ${top.index} (${top.start} to ${top.end}) would take ${top.pages} pages of ${pageSize}; ` +
        `chunk_hours ${chunkHours} keeps each chunk near ${PAGES_PER_CHUNK_LIMIT} pages or fewer, so a failed chunk is quick to retry`,
    };
  }
  return estimate;
}
