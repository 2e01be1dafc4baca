// Contracts between the engine's parts: the Mambu source (client + pagers), the chunk writer (transform +
// Parquet + destination) and the runner that drives them one chunk at a time. No Electron here.
import type { EndpointKind } from '../../shared/endpoints';
import type { BackfillEvent } from '../../shared/event/schema';
import type { PlannedChunk } from '../../shared/plan';
import type { ChunkWarning } from '../../shared/run-types';
import type { AthenaType, Catalog } from '../../shared/catalog/tables';
import type { OutputRunState } from './transform/run-state';

export type MambuRecord = Record<string, unknown>;

export type MambuAuth = { kind: 'apiKey'; apiKey: string } | { kind: 'basic'; username: string; password: string };

/** One retry as the HTTP client decides it: which retry, why, and how long before it is sent. */
export interface RetryInfo {
  /** 1 for the first retry. */
  retry: number;
  maxRetries: number;
  /** The failure that is retried (a sentence, no secret). */
  reason: string;
  status?: number;
  waitMs: number;
}

/** A connection with its secret joined in: lives only in the main process / CLI, never serialised. */
export interface MambuConnection {
  name: string;
  /** Normalised, e.g. `https://mybank.mambu.com/api` or `http://127.0.0.1:4567/api`. */
  baseUrl: string;
  auth: MambuAuth;
  /** IANA zone of the tenant; filter values carry its offset. Default `UTC`. */
  timezone: string;
  /** `limit` per page, 2–1000 (pages overlap by at least one record to detect drift). */
  pageSize: number;
  /** Cap on request starts per second, across the whole run. */
  requestsPerSecond: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Connect without any proxy whatever HTTPS_PROXY / HTTP_PROXY say: the built-in sandbox tenant, which lives on
   *  this machine's loopback and would be unreachable through a company proxy. */
  direct?: boolean;
  /** Retries per request for 429, 5xx, timeouts and connection errors. */
  maxRetries: number;
  /** Base of the exponential backoff (tests shrink it). */
  backoffBaseMs: number;
  /** Upper bound for one backoff wait, Retry-After included. */
  backoffMaxMs: number;
}

/** What to fetch for one chunk. */
export interface FetchRequest {
  endpoint: string;
  kind: EndpointKind;
  /** The field the window applies to; null for snapshots. */
  cdcField: string | null;
  /** [start, end) in UTC; null for a snapshot. */
  window: { start: Date; end: Date } | null;
  /** The event's extra_params, already validated (no offset/limit/paginationDetails/cursor). */
  extraParams: string;
}

export interface FetchStats {
  pages: number;
  requests: number;
  retries: number;
  /** Records passed on to the sink (after the window cut and de-duplication). */
  records: number;
  /** Records received in this pass, each page's overlap with the previous page not counted again:
   *  always records + duplicatesDropped + outsideWindow. */
  fetched: number;
  /** Items-Total Mambu reported for the query (asked with paginationDetails=ON on the pass's first page); null
   *  when the server did not say (or sent a placeholder such as a negative number). */
  reported: number | null;
  duplicatesDropped: number;
  /** Records the server returned outside [start, end) (BETWEEN's closed end, date-only windows). */
  outsideWindow: number;
  /** How many times the chunk was paged again from the start because records shifted between pages. */
  restarts: number;
}

export interface PageInfo {
  page: number;
  stats: FetchStats;
}

/** Where a pager delivers a chunk's records. */
export interface RecordSink {
  /** A request of this chunk failed and will be sent again after `waitMs` (logged and counted as a warning). */
  retry?(info: RetryInfo & { offset: number }): void;
  /** Records shifted between pages: everything delivered so far for this chunk must be dropped. */
  restart(reason: string): Promise<void>;
  /** A page's worth of new records, already cut to the window and de-duplicated. The array is the pager's and is
   *  emptied once the returned promise settles: keep the records, not the array. */
  records(batch: MambuRecord[], info: PageInfo): Promise<void>;
}

/** What Mambu says one chunk holds, from one `paginationDetails=ON&limit=1` request. */
export interface CountResult {
  /** Items-Total; null when the server sent none (or a placeholder such as a negative number). */
  total: number | null;
  requests: number;
  retries: number;
  /** Time from asking to the answer, rate-limit wait included (what each request of a sequential run costs). */
  elapsedMs: number;
}

export interface MambuSource {
  /** Page size and request-rate cap this source pages with (what an estimate prices a run at). */
  readonly paging: { pageSize: number; requestsPerSecond: number };
  /** How many records Mambu holds for one chunk, without fetching them (an estimate). Throws MambuError. */
  count(req: FetchRequest, signal: AbortSignal): Promise<CountResult>;
  /** Pages through one chunk, delivering records to the sink. Throws MambuError on a failed chunk. */
  /** `stats`, when given, is filled as the chunk pages: after a throw it still holds the true pages, requests and
   *  retries of the failed chunk. */
  fetch(req: FetchRequest, sink: RecordSink, signal: AbortSignal, stats?: FetchStats, first?: FirstPage): Promise<FetchStats>;
  /** Setup check before chunk 1: reachable, authorised, endpoint and cdc field accepted. Throws MambuError.
   *  `counters`, when given, counts its requests (they reach the server too), also when it throws.
   *  With `keepFirstPage`, the check asks for the chunk's first page itself (the request the chunk would send first)
   *  and returns it, so the chunk starts from it instead of asking Mambu twice; otherwise one `limit=1` request. */
  check(
    req: FetchRequest,
    signal: AbortSignal,
    counters?: { requests: number; retries: number },
    keepFirstPage?: boolean,
  ): Promise<FirstPage | void>;
}

/** A chunk's first page, asked for by the setup check (MambuSource.check) and handed to that chunk's fetch. Only
 *  the source that made it can read it; a fetch for another request ignores it and asks Mambu itself. */
export interface FirstPage {
  /** Requests the check sent for it (retries included): they belong to the chunk that uses the page. */
  readonly requests: number;
}

/** The table's entry in a data catalog (the Glue Data Catalog for S3 destinations), as the original job kept it:
 *  created on first write, extended with new columns, one partition per `date=` folder written. */
export interface TableRegistry {
  /** Setup check before chunk 1: the catalog is reachable and we may read and write it. Throws with a clear reason. */
  check(table: string, signal: AbortSignal): Promise<void>;
  /** The table's column types (partition key excluded), or null when the table does not exist yet. */
  columnTypes(table: string, signal: AbortSignal): Promise<Record<string, AthenaType> | null>;
  /** Creates the table when missing, else adds the columns it lacks (schema evolution; never changes a type). */
  ensureTable(table: string, columns: Record<string, AthenaType>, signal: AbortSignal): Promise<void>;
  /** Registers `date=YYYYMMDD` partitions (already registered ones are fine). */
  addPartitions(table: string, dates: string[], signal: AbortSignal): Promise<void>;
}

/** An object uploaded but not yet visible: a pending multipart upload (S3) or a hidden temp file (local). */
export interface StagedObject {
  /** The key it becomes visible under. */
  key: string;
  /** The destination's handle on it: the multipart UploadId, or the hidden file's name. */
  token: string;
}

/** A place Parquet objects go: an S3 bucket + prefix or a local folder. Keys are relative to the root. */
export interface Destination {
  /** `s3://bucket/prefix/` or `/abs/folder/`. */
  readonly uri: string;
  /** Setup check before chunk 1: the root exists and is writable (writes and removes a probe object). */
  check(signal: AbortSignal): Promise<void>;
  /** Writes (replaces) one object, visible at once (atomically: never half an object). Returns its URI. */
  put(key: string, body: Uint8Array, signal: AbortSignal): Promise<string>;
  /** Uploads an object that no listing or query sees until `publish` (S3: a multipart upload to its final key,
   *  not completed; local: a dot-prefixed temp file beside its final name). */
  stage(key: string, body: Uint8Array, signal: AbortSignal): Promise<StagedObject>;
  /** Makes one staged object visible under its key (replacing an object of that name). Returns its URI. */
  publish(staged: StagedObject, signal: AbortSignal): Promise<string>;
  /** Throws staged objects away (storage freed); already gone is fine. */
  discard(staged: StagedObject[], signal: AbortSignal): Promise<void>;
  /** Staged objects under a prefix that were never published nor discarded (e.g. a killed attempt's). */
  listStaged(prefix: string, signal: AbortSignal): Promise<StagedObject[]>;
  /** Visible keys under a prefix (relative to the root); never staged objects (a local folder also skips `.`/`_`
   *  names, as Hive-style readers do). */
  list(prefix: string, signal: AbortSignal): Promise<string[]>;
  /** An object's bytes, or only its last `tail` bytes, with its full size. `size`, when the caller knows it (an
   *  object it has just written), lets the tail be asked for by position: one request on every store. */
  read(key: string, signal: AbortSignal, tail?: number, size?: number): Promise<{ bytes: Uint8Array; size: number }>;
  delete(keys: string[], signal: AbortSignal): Promise<void>;
  uriOf(key: string): string;
  /** The data catalog this destination registers tables in (Glue for S3 unless turned off; none for local). */
  readonly registry?: TableRegistry;
}

export interface ChunkWriterOptions {
  event: BackfillEvent;
  chunk: PlannedChunk;
  destination: Destination;
  catalog: Catalog;
  /** `timestamp_extracted` for every row of this chunk. */
  extractedAt: Date;
  /** Partition date for snapshot chunks (the run date, UTC). */
  runDate: Date;
  /** Flush a part when this many rows are buffered … */
  partRows: number;
  /** … or when the buffered records' JSON size passes this many bytes. */
  partBytes: number;
  signal: AbortSignal;
  /** Run-scoped column mapping and types (auto_schema decisions stick for the whole run). Optional: by default
   *  the writer shares one per (event, catalog) object pair, which the runner already passes to every chunk. */
  state?: OutputRunState;
}

export interface ChunkCommit {
  records: number;
  /** URIs of every object the chunk now consists of. */
  objects: string[];
  /** Rows in the chunk's committed objects, read back from their Parquet footers (for reconciliation). */
  rowsWritten: number;
  /** Column types of what was written (union over the chunk's objects, `timestamp_extracted` included): what a
   *  table registry (Glue) must declare for these files. */
  columns: Record<string, AthenaType>;
  /** The `date=` partitions the chunk's objects are in, as YYYYMMDD, sorted. */
  partitions: string[];
  warnings: string[];
  schemaDrift: string[];
  /** Countable warnings of the transform: cast failures and schema drift per column (never a value). */
  warningDetails?: ChunkWarning[];
}

/** Transforms one chunk's records and writes them as deterministic Parquet parts, staged (invisible) until commit. */
export interface ChunkWriter {
  write(batch: MambuRecord[]): Promise<void>;
  /** Forget everything written so far (the pager restarts the chunk): staged parts are discarded. */
  reset(): Promise<void>;
  /** Flush what is left, make the chunk's objects visible, then remove or rewrite every earlier object whose
   *  window overlaps this chunk's. The chunk is ✓ only after. */
  commit(): Promise<ChunkCommit>;
  /** URIs of the objects of this attempt that are visible: none before the commit; the published ones when a
   *  commit stops midway (they are replaced when the chunk is run again). */
  objectsWritten(): Promise<string[]>;
  /** Ends the writer, committed or not: removes its abort listener, drops its open parts at the encoder and
   *  discards its staged uploads. Idempotent; run-chunk calls it in a finally. */
  dispose(): Promise<void>;
}
