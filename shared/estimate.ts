// What an estimate reports before a run: each chunk's record count as Mambu states it (Items-Total of a
// `paginationDetails=ON&limit=1` request), and what the run would cost in requests and time at the connection's
// page size and request-rate cap. Plain JSON: it crosses IPC and the CLI prints it.

/** One chunk as the estimate saw it. */
export interface EstimateChunk {
  index: number;
  start: string;
  end: string;
  /** Items-Total for the chunk's window; null when Mambu did not send it (then the chunk is counted as one page). */
  records: number | null;
  /** Pages the run would request for this chunk at the page size (at least 1: an empty chunk still asks once). */
  pages: number;
}

/** Offered when one chunk would need more than PAGES_PER_CHUNK_LIMIT pages. */
export interface ChunkHoursSuggestion {
  chunkHours: number;
  /** Pages of the largest chunk at the current chunk_hours. */
  largestPages: number;
  message: string;
}

export interface Estimate {
  kind: 'windowed' | 'snapshot';
  endpoint: string;
  chunkHours: number;
  pageSize: number;
  requestsPerSecond: number;
  chunks: EstimateChunk[];
  /** Sum of the chunks' Items-Total (chunks without one count as 0). */
  records: number;
  /** Pages over all chunks. */
  pages: number;
  /** Requests the run would send: its pages, plus its setup check (1). Retries not included. */
  runRequests: number;
  /** Requests this estimate itself sent (one per chunk, plus retries). */
  estimateRequests: number;
  /** Mean time Mambu took to answer the estimate's requests. */
  observedLatencyMs: number;
  /** Expected wall time of the run: runRequests at the slower of the rate cap and the observed latency (one request
   *  in flight at a time). Time to write Parquet is not included. */
  durationMs: number;
  /** Up to 5 chunks with the most records, largest first. */
  largest: EstimateChunk[];
  /** Set when a chunk would hold more than PAGES_PER_CHUNK_LIMIT pages. */
  suggestion?: ChunkHoursSuggestion;
  /** Chunks for which Mambu sent no Items-Total, and similar notes. */
  warnings: string[];
}

/** Above this many pages one chunk takes long to redo after a failure: suggest a smaller chunk_hours. */
export const PAGES_PER_CHUNK_LIMIT = 300;

/** Main → renderer stream of one estimate (channel `estimate:event`). */
export type EstimateEvent =
  | { type: 'estimate-progress'; estimateId: string; done: number; total: number; records: number; requests: number }
  | { type: 'estimate-done'; estimateId: string; estimate: Estimate }
  | { type: 'estimate-failed'; estimateId: string; error: string; cancelled: boolean };
