// The chunk writer: records → transform → Parquet parts → destination, with deterministic names and bounded
// memory (PartSeries), parts staged invisibly as they fill (StagingQueue, one upload in flight), and a commit
// that makes the chunk's objects visible and then leaves the destination holding every record of the chunk's
// window once: stale parts of earlier attempts and objects of windows inside this one are removed, objects of
// windows overlapping it partly are rewritten without its rows (commit-plan, object-rewrite).
//
// Commit order, and what a kill between the steps leaves: (1) the chunk's parts are made visible: those staged while
// paging are published (completed multipart uploads / renames) while the last ones are finished and written visible
// at once; (2) a killed attempt's staged uploads are discarded and superseded objects deleted; (3) partly
// overlapping ones are rewritten (remainders written, then the source deleted). Between (1) and the end of (3) the overlap's rows can be seen
// twice; the chunk is not ✓ in the journal yet, so a resume runs it again, republishes the same names and redoes
// (2) and (3), which are idempotent (deterministic names). Staged uploads of a killed attempt stay invisible and
// are discarded by the next commit that looks at their partitions.
import type { AthenaType, Catalog } from '../../../shared/catalog/tables';
import type { BackfillEvent } from '../../../shared/event/schema';
import { parseEventDate } from '../../../shared/event/datetime';
import type { ChunkCommit, ChunkWriter, ChunkWriterOptions, MambuRecord } from '../types';
import { CastReport } from '../transform/cast';
import { utcDay } from '../transform/dates';
import { daysOfWindow, partitionDayReader } from '../transform/partition';
import { CellWalker } from '../transform/cell-walker';
import { createOutputRunState, type OutputRunState } from '../transform/run-state';
import { makeRenamer } from '../transform/rename';
import { toSnakeCase } from '../transform/snake-case';
import { defaultEncoder, type PartEncoder } from './parquet-encoder';
import { castBuffer, openColumn } from './part-columns';
import { PartSeries, type FinishedPart } from './part-series';
import { StagingQueue, type StagedPart } from './staging-queue';
import { publishAndSupersede } from './chunk-commit';
import { allSettledOrThrow } from './in-batches';
import { readFooter, type ParquetFooter } from '../transform/parquet-footer';
import { partKey, SNAPSHOT_KEY, windowChunkKey, type Interval } from './object-names';

// One run state per (event, catalog) object pair: the runner passes the same objects to every chunk of a run,
// so auto_schema decisions and the column mapping hold across chunks without the runner managing them.
const runStates = new WeakMap<BackfillEvent, WeakMap<Catalog, OutputRunState>>();

export function runStateFor(event: BackfillEvent, catalog: Catalog): OutputRunState {
  let byCatalog = runStates.get(event);
  if (!byCatalog) runStates.set(event, (byCatalog = new WeakMap()));
  let state = byCatalog.get(catalog);
  if (!state) byCatalog.set(catalog, (state = createOutputRunState(event, catalog)));
  return state;
}

/** Rows per Parquet row group. A part (up to partRows rows) is encoded one row group at a time as its rows arrive
 *  (in the encoder worker by default): the work is spread over the pages instead of one lump per part, only one
 *  row group of JS values is held, and the part is finished soon after the last page (one row group left). */
export const ROW_GROUP_ROWS = 2_000;

/** The column a (dotted) cdc field lands in: flatten key, snake_case, renames. */
function cdcColumnOf(event: BackfillEvent, cdcField: string): string {
  return makeRenamer(event.rename_columns)(toSnakeCase(cdcField.split('.').join('_')));
}

export function createChunkWriter(opts: ChunkWriterOptions & { encoder?: PartEncoder }): ChunkWriter {
  const { event, chunk, destination, signal } = opts;
  const table = event.table_name;
  const state = opts.state ?? runStateFor(event, opts.catalog);
  const encoder = opts.encoder ?? defaultEncoder();

  const isSnapshot = chunk.kind === 'snapshot';
  const start = isSnapshot ? undefined : parseEventDate(chunk.start)?.toJSDate();
  const end = isSnapshot ? undefined : parseEventDate(chunk.end)?.toJSDate();
  if (!isSnapshot && (!start || !end)) throw new Error(`chunk ${chunk.index} has no valid window (${chunk.start} to ${chunk.end})`);
  const window: Interval | undefined = isSnapshot ? undefined : { start: start!.getTime(), end: end!.getTime() };
  const chunkKey = isSnapshot ? SNAPSHOT_KEY : windowChunkKey(start!, end!);
  const runDay = utcDay(opts.runDate.getTime());
  const windowDays = isSnapshot ? [runDay] : daysOfWindow(start!, end!);
  const fallbackDay = windowDays[0]!;
  const cdcField = isSnapshot ? null : event.cdc_field;
  const cdcDay = cdcField ? partitionDayReader(cdcField) : undefined;

  const castReport = new CastReport();
  let drift = new Set<string>();
  let missingCdc = 0;
  let nextPart = new Map<string, number>();
  /** Every partition this writer ever staged into, across resets: commit must look there for leftovers. */
  const touchedDays = new Set<string>();
  /** URIs made visible by this attempt's commit (so far), by key. */
  const visible = new Map<string, string>();
  let committed = false;
  let disposed = false;

  const staging = new StagingQueue(destination, signal);
  const walker = new CellWalker(state.mapper);
  const rowGroupRows = Math.min(ROW_GROUP_ROWS, Math.max(1, opts.partRows));
  const sizeHints: Array<{ bytes: number } | undefined> = [];
  const newSeries = () =>
    new PartSeries({
      walker,
      encoder,
      partRows: Math.max(1, opts.partRows),
      partBytes: Math.max(1, opts.partBytes),
      rowGroupRows,
      cast: (buf) => castBuffer(buf, { walker, state, castReport, drift, extractedMs: BigInt(opts.extractedAt.getTime()) }),
      column: (slot) => openColumn(slot, { walker, state, castReport }, rowGroupRows, sizeHints),
      finished: stagePart,
    });
  let series = newSeries();

  async function stagePart(part: FinishedPart): Promise<void> {
    const n = nextPart.get(part.day) ?? 0;
    nextPart.set(part.day, n + 1);
    touchedDays.add(part.day);
    await staging.add(partKey(table, part.day, chunkKey, n), part.body, { day: part.day, rows: part.rows, schema: part.schema });
  }

  function dayOf(record: MambuRecord): string {
    if (!cdcField) return runDay;
    const day = cdcDay!(record);
    if (day) return day;
    missingCdc++;
    return fallbackDay;
  }

  // A cancel ends the chunk without commit: its open parts are dropped at the encoder at once. Removed by
  // dispose(), which run-chunk calls for every chunk, failed or not: nothing stays on the run's signal.
  const onAbort = () => series.drop();
  signal.addEventListener('abort', onAbort, { once: true });

  function assertOpen(): void {
    if (disposed) throw new Error(`chunk ${chunk.index}: the writer was disposed`);
    if (committed) throw new Error(`chunk ${chunk.index} was already committed`);
  }

  return {
    async write(batch) {
      assertOpen();
      if (staging.failed) await staging.settle();
      if (series.failed) await series.settle();
      for (const record of batch) {
        const full = series.add(record, dayOf(record));
        if (full) await full;
      }
    },

    async reset() {
      assertOpen();
      // The dropped attempt's upload in flight lands (and is discarded) before any part of the new attempt.
      await series.quiesce();
      series.drop();
      await staging.discardAll();
      series = newSeries();
      nextPart = new Map();
      missingCdc = 0;
      castReport.clear();
      drift = new Set();
    },

    async objectsWritten() {
      return [...visible.values()];
    },

    async commit(): Promise<ChunkCommit> {
      assertOpen();
      // What paging left to fail (the upload in flight, a row group at the encoder) fails the chunk here, before
      // anything is published: a chunk that failed on the way to its commit leaves nothing visible.
      await staging.settle();
      if (series.failed) await series.settle();
      // Each part's footer is read back as soon as the part is visible, while the others publish and the last parts
      // are finished: one after the other, the read-back was a fixed cost of every commit. Awaited below, after the
      // commit's steps (a read that fails then fails the chunk, as before; none is left unobserved).
      const footers: Array<Promise<ParquetFooter>> = [];
      const commitWarnings: string[] = [];
      const readBack = (part: StagedPart) => {
        const footer = readFooter(destination, part.key, signal, part.bytes);
        footer.catch(() => undefined);
        footers.push(footer);
      };
      staging.writeVisibleFromNow((part, uri) => {
        visible.set(part.key, uri);
        readBack(part);
      });
      const finishing = (async () => {
        await series.flushAll();
        await staging.settle();
        return [...touchedDays];
      })();
      const staged = await publishAndSupersede({
        destination,
        table,
        chunkKey,
        window,
        days: [...new Set([...windowDays, ...touchedDays])].sort(),
        staging,
        finishing,
        cdcColumn: cdcField ? cdcColumnOf(event, cdcField) : '',
        encoder,
        signal,
        published: (part, uri) => visible.set(part.key, uri),
        visibleNow: readBack,
        warnings: commitWarnings,
      }).catch(async (err: unknown) => {
        await Promise.allSettled(footers);
        throw err;
      });
      const rowsWritten = (await allSettledOrThrow(footers)).reduce((n, f) => n + f.rows, 0);
      // The writer's own warnings are complete once its last rows were cast (above); the commit's follow them.
      const warnings: string[] = [];
      if (missingCdc > 0) {
        warnings.push(`${missingCdc} record(s) had no readable ${cdcField} date; they were written to partition date=${fallbackDay}`);
      }
      warnings.push(...castReport.warnings());
      const records = staged.reduce((n, s) => n + s.rows, 0);
      if (records > 0 && !state.types.auto && !state.types.knownTable) {
        warnings.push(
          `table ${table} is not in the catalog: every column was written as string; set auto_schema or add the table to a catalog file`,
        );
      }
      warnings.push(...commitWarnings);
      const columns = new Map<string, AthenaType>();
      for (const s of staged) for (const [name, type] of s.schema) columns.set(name, type);
      committed = true;
      return {
        records,
        // In the parts' order (staged ones, then those written during the commit), whatever order they landed in.
        objects: staged.map((p) => visible.get(p.key)!),
        rowsWritten,
        columns: Object.fromEntries(columns),
        partitions: [...new Set(staged.map((s) => s.day))].sort(),
        warnings,
        schemaDrift: [...drift].sort(),
        warningDetails: castReport.details(),
      };
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      signal.removeEventListener('abort', onAbort);
      await series.quiesce();
      series.drop();
      await staging.discardAll();
    },
  };
}
