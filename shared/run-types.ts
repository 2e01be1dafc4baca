// What a run and its chunks report. Plain JSON throughout: it crosses IPC, lands in journals and reports.
import type { BackfillEvent } from './event/schema';
import type { PlannedChunk } from './plan';

export type ChunkStatus = 'pending' | 'running' | 'success' | 'failed' | 'cancelled';

/** 0 Complete Success, 1 Complete Failure, 2 Partial Success: the original job's exit codes. */
export type RunStatus = 0 | 1 | 2;

/** How a run ended: it ran to the end ('completed', its status says how well), or the user (or app quit, SIGINT)
 *  stopped it ('cancelled': shown as "Cancelled", never as a failure; the CLI exits 130). Absent in older journals
 *  and while running. */
export type RunOutcome = 'completed' | 'cancelled';

export interface ChunkResult extends PlannedChunk {
  status: ChunkStatus;
  /** Records written (after the window cut and de-duplication). */
  records: number;
  pages: number;
  requests: number;
  retries: number;
  durationMs: number;
  /** Every object this chunk's last attempt wrote: `s3://bucket/key` for S3, the absolute file path for a local folder. */
  objects: string[];
  error?: string;
  /** Non-fatal notes: values that could not be cast, records dropped as duplicates, re-paging after drift. */
  warnings: string[];
  /** Columns the records had that the table catalog does not know (kept, typed string). */
  schemaDrift: string[];
  /** ISO-8601 UTC times of the last attempt. */
  startedAt?: string;
  finishedAt?: string;
  /** Run id of the run that produced this outcome (differs from the run's own id after a retry). */
  attemptRunId?: string;
  /** Every record accounted for (absent in journals written before it existed). */
  reconciliation?: ChunkReconciliation;
  /** Structured, countable warnings; `warnings` keeps their one-line texts. Never a record value. */
  warningDetails?: ChunkWarning[];
}

/** Per chunk: what Mambu said, what came back, where each record went. A mismatch fails the chunk. */
export interface ChunkReconciliation {
  /** Items-Total Mambu reported for the window when it was asked (paginationDetails=ON); null when not asked. */
  reported: number | null;
  /** Records received over all pages of the final pass (before the window cut and de-duplication). */
  fetched: number;
  /** Records inside [start, end) after de-duplication: what was handed to the writer. */
  kept: number;
  /** Records the server returned outside [start, end), dropped. */
  outsideWindow: number;
  /** Records seen twice (page overlap, drift) and removed. */
  duplicates: number;
  /** Rows in the chunk's committed objects, read back from their Parquet footers. */
  rowsWritten: number;
}

export type ChunkWarningKind = 'schema-drift' | 'cast-failure' | 'outside-window' | 'duplicates' | 'retry' | 'repaged' | 'other';

/** One countable warning: names a column, a count and a reason; never a value (banking data). */
export interface ChunkWarning {
  kind: ChunkWarningKind;
  count: number;
  column?: string;
  message: string;
}

export interface RunTotals {
  chunks: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  pending: number;
  records: number;
  pages: number;
  requests: number;
  retries: number;
  /** Wall time of the run (finishedAt − startedAt, or so far): what "Duration" means for a run everywhere.
   *  Without the run's times (older callers) it falls back to chunkTimeMs. */
  durationMs: number;
  /** Sum of the chunks' own durations (each chunk's durationMs is its own last attempt's wall time). */
  chunkTimeMs: number;
  /** Warnings over all chunks: the sum of warningDetails counts, else one per warning line. */
  warnings: number;
  /** Requests the run sent outside any chunk (the setup check's, unless its page was handed to the first chunk,
   *  which then counts it): with the chunks', what the server received. */
  setupRequests: number;
}

/** Names only: never a secret. */
export interface RunContext {
  connection: string;
  destination: string;
  /** `s3://bucket/prefix/` or a local folder, for people to find the data. */
  destinationUri: string;
  appVersion: string;
  /** The run this one retries or resumes, if any. */
  parentRunId?: string;
  mode: 'run' | 'retry-failed' | 'resume';
  /** Rows per Parquet part, when not the default: a retry or resume keeps the run's part layout. */
  partRows?: number;
}

export interface RunRecord {
  runId: string;
  event: BackfillEvent;
  context: RunContext;
  startedAt: string;
  finishedAt?: string;
  chunks: ChunkResult[];
  /** Set when the run ended before chunk 1 (setup check, parse error). */
  fatalError?: string;
  status?: RunStatus;
  /** Set when the run finished: 'cancelled' when it was stopped (see RunOutcome). */
  outcome?: RunOutcome;
  /** Requests of the setup check no chunk counts (see RunTotals.setupRequests; absent in older journals). */
  setupRequests?: number;
}

/** Progress for one chunk while it pages. */
export interface PageProgress {
  index: number;
  pages: number;
  records: number;
  requests: number;
  retries: number;
}

export type LogLevel = 'INFO' | 'WARNING' | 'ERROR';

/** The one streamed run-event channel: a discriminated union, every member carrying the run id. */
export type RunEvent =
  | { type: 'run-started'; runId: string; at: string; event: BackfillEvent; context: RunContext; chunks: ChunkResult[] }
  | { type: 'setup-checked'; runId: string; at: string; ok: boolean; error?: string }
  | { type: 'chunk-started'; runId: string; at: string; index: number }
  | ({ type: 'page-fetched'; runId: string } & PageProgress)
  | { type: 'chunk-restarted'; runId: string; index: number; reason: string }
  | { type: 'chunk-done'; runId: string; result: ChunkResult }
  | { type: 'log'; runId: string; level: LogLevel; line: string }
  | { type: 'run-done'; runId: string; at: string; status: RunStatus; totals: RunTotals; fatalError?: string; outcome?: RunOutcome };

/** A planned chunk before it runs: nothing counted, nothing written. */
export function pendingChunk(c: PlannedChunk): ChunkResult {
  return {
    ...c,
    status: 'pending',
    records: 0,
    pages: 0,
    requests: 0,
    retries: 0,
    durationMs: 0,
    objects: [],
    warnings: [],
    schemaDrift: [],
  };
}
