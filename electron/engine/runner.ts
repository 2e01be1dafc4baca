// The runner: plans the event, checks the setup, then runs the chunks ONE AT A TIME (never in parallel: the
// tenant's API is shared with the bank's own traffic). A failed chunk is recorded and the run goes on.
// Every step is reported as a RunEvent; the CLI prints them, the app streams them, the journal persists them.
import { messageOf } from '../../shared/message-of';
import { planChunks, type PlannedChunk } from '../../shared/plan';
import { endpointInfo, endpointKind } from '../../shared/endpoints';
import type { BackfillEvent } from '../../shared/event/schema';
import { parseEventDate } from '../../shared/event/datetime';
import { BUILTIN_CATALOG, type AthenaType, type Catalog } from '../../shared/catalog/tables';
import { pendingChunk, type ChunkResult, type LogLevel, type RunContext, type RunEvent, type RunRecord } from '../../shared/run-types';
import { chunkWarningCount, closingLine, runStatus, runTotals, summaryLines } from '../../shared/summary';
import { createChunkWriter } from './sink/chunk-writer';
import { createThreadEncoder, createWorkerEncoder } from './sink/parquet-encoder';
import type { Destination, FetchRequest, FirstPage, MambuSource } from './types';
import { newRunId } from './run-id';
import { runChunk } from './run-chunk';
import { createOutputRunState, type OutputRunState } from './transform/run-state';
import { existingTableTypes } from './transform/parquet-footer';

export interface RunOptions {
  runId?: string;
  event: BackfillEvent;
  source: MambuSource;
  destination: Destination;
  context: RunContext;
  onEvent: (e: RunEvent) => void;
  signal: AbortSignal;
  /** Run only these chunk indices (retry failed / resume); the others keep their `previous` outcome. */
  only?: readonly number[];
  previous?: readonly ChunkResult[];
  catalog?: Catalog;
  /** Parquet part size: rows, and buffered JSON bytes. */
  partRows?: number;
  partBytes?: number;
  /** Where Parquet is encoded (same bytes either way): in the process's encoder worker, or on this thread, as the
   *  app's engine thread asks (already off the window's thread, where a third isolate cost ~40 MB at peak and bought
   *  no speed measurable there: BENCHMARKS.md, round 12). Default: the worker, unless MAMBU_BACKFILL_PARQUET_WORKER=0. */
  encodeParquet?: 'in-worker' | 'on-this-thread';
  now?: () => Date;
  /** Awaited after each chunk's outcome is reported and before the next chunk starts: the journal uses it to have
   *  chunk k on disk before chunk k+1 begins, so a crash loses at most the chunk in flight. */
  afterChunk?: (result: ChunkResult) => Promise<void>;
}

export const DEFAULT_PART_ROWS = 20_000;
export const DEFAULT_PART_BYTES = 24 * 1024 * 1024;

export function fetchRequestFor(event: BackfillEvent, chunk: PlannedChunk): FetchRequest {
  const kind = endpointKind(event.endpoint);
  const window =
    chunk.kind === 'snapshot' ? null : { start: parseEventDate(chunk.start)!.toJSDate(), end: parseEventDate(chunk.end)!.toJSDate() };
  const cdcField = event.cdc_field ?? endpointInfo(event.endpoint)?.defaultCdc ?? null;
  return { endpoint: event.endpoint, kind, cdcField, window, extraParams: event.extra_params };
}

export async function runBackfill(opts: RunOptions): Promise<RunRecord> {
  const now = opts.now ?? (() => new Date());
  const runId = opts.runId ?? newRunId(now());
  const { event, signal } = opts;
  const emit = (e: RunEvent) => opts.onEvent(e);
  const log = (level: LogLevel, line: string) => emit({ type: 'log', runId, level, line });

  const plan = planChunks(event);
  const previous = new Map((opts.previous ?? []).map((c) => [c.index, c]));
  const only = opts.only ? new Set(opts.only) : null;
  const chunks: ChunkResult[] = plan.chunks.map((c) => {
    const prev = previous.get(c.index);
    return only && !only.has(c.index) && prev ? prev : pendingChunk(c);
  });
  const record: RunRecord = { runId, event, context: opts.context, startedAt: now().toISOString(), chunks };
  emit({ type: 'run-started', runId, at: record.startedAt, event, context: opts.context, chunks: structuredClone(chunks) });

  log('INFO', 'Starting Mambu API data extraction process');
  log('INFO', `Full date range to process: ${event.start_date}+00:00 to ${event.end_date}+00:00`);
  if (plan.kind === 'snapshot') {
    log('INFO', `${event.endpoint} has no date filter: fetched once as a snapshot, not once per chunk`);
  } else {
    log('INFO', `Total duration: ${plan.totalHours.toFixed(2)} hours to be processed in ${event.chunk_hours}-hour chunks`);
  }
  if (only) log('INFO', `${opts.context.mode}: running ${only.size} of ${chunks.length} chunks (run ${opts.context.parentRunId ?? '?'})`);

  const toRun = chunks.filter((c) => !only || only.has(c.index));
  const setupCounters = { requests: 0, retries: 0 };
  const setup = await setupCheck(opts, toRun[0], chunks[0]!, setupCounters, log);
  // They reach the server like any chunk's: the run's request total must match what Mambu received. The check's
  // request for the first chunk's first page is counted by that chunk, once it is handed over (below).
  record.setupRequests = setupCounters.requests;
  // The destination's column types, read as part of the setup, are the highest type authority for every chunk of
  // the run (transform/schema.ts).
  const catalog = opts.catalog ?? BUILTIN_CATALOG;
  let setupError = 'error' in setup ? setup.error : undefined;
  let state: OutputRunState | undefined;
  let firstPage: FirstPage | undefined;
  if (!('error' in setup)) {
    firstPage = setup.firstPage;
    try {
      state = createOutputRunState(event, catalog, setup.types);
    } catch (err) {
      setupError = `cannot use the column types of ${event.table_name} from the destination: ${messageOf(err)}`;
    }
  }
  emit({ type: 'setup-checked', runId, at: now().toISOString(), ok: !setupError, ...(setupError ? { error: setupError } : {}) });
  if (setupError || !state) {
    const error = setupError ?? 'setup incomplete';
    log('ERROR', `Setup check failed, no chunk was run: ${error}`);
    // No row may stay "pending" after the run ended: each chunk it was to run is marked with the reason (a
    // cancel during the check marks them cancelled, as a cancel does).
    const status = signal.aborted ? 'cancelled' : 'failed';
    for (const c of toRun) {
      chunks[c.index - 1] = { ...c, status, error: `Not run: the setup check failed: ${error}` };
      emit({ type: 'chunk-done', runId, result: structuredClone(chunks[c.index - 1]!) });
    }
    return finish(record, 1, error);
  }

  const runDate = now();
  for (const planned of toRun) {
    if (signal.aborted) break;
    const first = firstPage;
    firstPage = undefined;
    if (first) record.setupRequests -= first.requests;
    log('INFO', `Processing chunk ${planned.index}: ${planned.start}+00:00 to ${planned.end}+00:00`);
    emit({ type: 'chunk-started', runId, at: now().toISOString(), index: planned.index });
    const result = await runChunk({
      runId,
      planned,
      request: fetchRequestFor(event, planned),
      source: opts.source,
      ...(first ? { first } : {}),
      writer: (extractedAt) =>
        createChunkWriter({
          event,
          chunk: planned,
          destination: opts.destination,
          catalog,
          state,
          extractedAt,
          runDate,
          partRows: opts.partRows ?? DEFAULT_PART_ROWS,
          partBytes: opts.partBytes ?? DEFAULT_PART_BYTES,
          ...(opts.encodeParquet
            ? { encoder: opts.encodeParquet === 'on-this-thread' ? createThreadEncoder() : createWorkerEncoder() }
            : {}),
          signal,
        }),
      emit,
      signal,
      now,
      destination: opts.destination,
      ...(opts.destination.registry ? { register: { registry: opts.destination.registry, table: event.table_name } } : {}),
    });
    chunks[planned.index - 1] = result; // the plan numbers chunks 1..n in order
    if (result.status === 'success') {
      for (const w of result.warnings) log('WARNING', `Chunk ${planned.index}: ${w}`);
      if (result.schemaDrift.length) {
        log('WARNING', `Chunk ${planned.index}: schema drift, columns not in the catalog kept as string: ${result.schemaDrift.join(', ')}`);
      }
      log('INFO', `Successfully processed chunk ${planned.index}: ${result.records} records`);
    } else if (result.status === 'failed') {
      log('ERROR', `Error processing chunk ${planned.index}: ${result.error}`);
      log('WARNING', `Continuing with next chunk despite error in chunk ${planned.index}`);
    }
    emit({ type: 'chunk-done', runId, result: structuredClone(result) });
    await opts.afterChunk?.(result);
  }

  if (signal.aborted) {
    // The chunk in flight was marked by runChunk; whatever had not started is cancelled too.
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i]!;
      if (c.status === 'pending' && (!only || only.has(c.index))) {
        chunks[i] = { ...c, status: 'cancelled', error: 'Cancelled before it started' };
        emit({ type: 'chunk-done', runId, result: structuredClone(chunks[i]!) });
      }
    }
    log('WARNING', 'Run cancelled');
  }
  for (const line of summaryLines(chunks)) log('INFO', line);
  const closing = closingLine(chunks);
  log(closing.level, closing.message);
  // Not part of the original's summary, but a ✓ run with schema drift or retries must not read as clean.
  const warned = chunks.filter((c) => chunkWarningCount(c) > 0);
  if (warned.length > 0) {
    const total = warned.reduce((a, c) => a + chunkWarningCount(c), 0);
    log('WARNING', `${total} warning(s) in ${warned.length} of ${chunks.length} chunks (see the WARNING lines above, or a report)`);
  }
  return finish(record, runStatus(chunks));

  function finish(r: RunRecord, status: 0 | 1 | 2, fatalError?: string): RunRecord {
    r.finishedAt = now().toISOString();
    r.status = status;
    // Stopped by the user (or SIGINT, or the app quitting): "Cancelled", whatever the chunks' status number says.
    r.outcome = signal.aborted ? 'cancelled' : 'completed';
    if (fatalError) r.fatalError = fatalError;
    const totals = runTotals(r.chunks, r, now);
    emit({ type: 'run-done', runId, at: r.finishedAt, status, totals, outcome: r.outcome, ...(fatalError ? { fatalError } : {}) });
    return r;
  }
}

/** The destination's own column types for the table: the highest type authority (see transform/schema.ts). The data
 *  catalog's table when there is one; otherwise, with auto_schema, the types the table's Parquet files already have,
 *  so inferred types stick across runs too. Null when the destination has no opinion yet. */
async function destinationTypes(
  opts: RunOptions,
  log: (level: LogLevel, line: string) => void,
): Promise<Record<string, AthenaType> | null> {
  const table = opts.event.table_name;
  const registry = opts.destination.registry;
  const fromRegistry = registry ? await registry.columnTypes(table, opts.signal) : null;
  if (fromRegistry) {
    log('INFO', `Column types of ${table}: the data catalog's table (${Object.keys(fromRegistry).length} columns) wins over the catalog`);
    return fromRegistry;
  }
  if (!opts.event.auto_schema) return null;
  const fromFiles = await existingTableTypes(opts.destination, table, opts.signal);
  if (fromFiles) {
    log(
      'INFO',
      `Column types of ${table}: auto_schema keeps the ${Object.keys(fromFiles).length} column types its Parquet files already have`,
    );
  }
  return fromFiles;
}

type SetupOutcome = { error: string } | { types: Record<string, AthenaType> | null; firstPage: FirstPage | undefined };

/** Before chunk 1: the destination writable and its data catalog usable (asked at once); then, at once, the
 *  destination's column types read and Mambu asked for the first chunk's first page (credentials, reachability,
 *  endpoint and cdc field all proven by its answer), which that chunk then starts from. Mambu is asked nothing
 *  while the destination may still be unusable (no page of the tenant's data is pulled for nothing); both sides of
 *  the second step are waited for, and a failure is reported in the order column types, Mambu. */
async function setupCheck(
  opts: RunOptions,
  /** The first chunk to run (its first page is kept for it); none when nothing is to run (then `fallback` is asked). */
  first: PlannedChunk | undefined,
  fallback: PlannedChunk,
  counters: { requests: number; retries: number },
  log: (level: LogLevel, line: string) => void,
): Promise<SetupOutcome> {
  // The store and its data catalog are different services: asked at once, the store's failure reported first.
  const [writable, catalog] = await Promise.allSettled([
    opts.destination.check(opts.signal),
    opts.destination.registry?.check(opts.event.table_name, opts.signal),
  ]);
  if (writable.status === 'rejected') {
    return { error: `destination ${opts.destination.uri} is not writable: ${messageOf(writable.reason)}` };
  }
  if (catalog.status === 'rejected') return { error: messageOf(catalog.reason) };
  const [types, firstPage] = await Promise.allSettled([
    destinationTypes(opts, log),
    opts.source.check(fetchRequestFor(opts.event, first ?? fallback), opts.signal, counters, first !== undefined),
  ]);
  if (types.status === 'rejected') {
    return { error: `cannot read the column types of ${opts.event.table_name} from the destination: ${messageOf(types.reason)}` };
  }
  if (firstPage.status === 'rejected') return { error: messageOf(firstPage.reason) };
  return { types: types.value, firstPage: firstPage.value || undefined };
}
