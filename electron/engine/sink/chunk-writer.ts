// The chunk writer: records → transform → Parquet parts → destination, with deterministic names, bounded
// memory (a part is flushed every partRows rows or partBytes buffered bytes) and a commit that leaves the
// destination holding exactly this chunk's rows for its window: stale parts of earlier attempts and objects of
// smaller windows inside this one (a re-run with another chunk_hours) are removed.
import type { Catalog } from '../../../shared/catalog/tables';
import type { BackfillEvent } from '../../../shared/event/schema';
import { parseEventDate } from '../../../shared/event/datetime';
import type { ChunkCommit, ChunkWriter, ChunkWriterOptions, MambuRecord } from '../types';
import { CAST_FAILED, CastReport, castValue, type ParquetValue, type Scalar } from '../transform/cast';
import { utcDay } from '../transform/dates';
import { daysOfWindow, partitionDayOf } from '../transform/partition';
import { CellWalker, type CellSink } from '../transform/cell-walker';
import { createOutputRunState, type OutputRunState } from '../transform/run-state';
import { encodeParquet, type ParquetColumn } from './parquet';
import { parsePartName, partitionPrefix, partKey, SNAPSHOT_KEY, windowChunkKey } from './object-names';

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

interface PartBuffer {
  rows: number;
  bytes: number;
  /** Columnar: column slot (CellWalker) → values by row index (holes = the record had no such field = null). */
  slots: Array<Scalar[] | undefined>;
}

const ENGINE_TIMESTAMP = 'timestamp_extracted';

export function createChunkWriter(opts: ChunkWriterOptions): ChunkWriter {
  const { event, chunk, destination, signal } = opts;
  const table = event.table_name;
  const state = opts.state ?? runStateFor(event, opts.catalog);
  const partRows = Math.max(1, opts.partRows);
  const partBytes = Math.max(1, opts.partBytes);

  const isSnapshot = chunk.kind === 'snapshot';
  const start = isSnapshot ? undefined : parseEventDate(chunk.start)?.toJSDate();
  const end = isSnapshot ? undefined : parseEventDate(chunk.end)?.toJSDate();
  if (!isSnapshot && (!start || !end)) throw new Error(`chunk ${chunk.index} has no valid window (${chunk.start} to ${chunk.end})`);
  const chunkKey = isSnapshot ? SNAPSHOT_KEY : windowChunkKey(start!, end!);
  const runDay = utcDay(opts.runDate.getTime());
  const windowDays = isSnapshot ? [runDay] : daysOfWindow(start!, end!);
  const fallbackDay = windowDays[0]!;
  const cdcField = isSnapshot ? null : event.cdc_field;

  let buffers = new Map<string, PartBuffer>();
  let bufferedBytes = 0;
  let nextPart = new Map<string, number>();
  let written = new Set<string>();
  let objects: string[] = [];
  let records = 0;
  let missingCdc = 0;
  const castReport = new CastReport();
  let drift = new Set<string>();
  /** Every partition this writer ever put into, across resets: commit must look there for leftovers. */
  const touchedDays = new Set<string>();
  let committed = false;
  const walker = new CellWalker(state.mapper);
  // Where the walker puts a record's cells: the current buffer's row (set per record, no per-cell allocation).
  const into: CellSink & { buf: PartBuffer | undefined; row: number } = {
    buf: undefined,
    row: 0,
    cell(slot, value) {
      const slots = this.buf!.slots;
      const arr = slots[slot] ?? (slots[slot] = []);
      arr[this.row] = value;
    },
  };
  // At most one part upload in flight: it overlaps the next pages' fetching and transforming, and the next flush
  // (or reset, or commit) waits for it first, so memory stays bounded to one encoded part. A failed upload fails
  // the next write/flush/commit, hence the chunk; commit returns only after every object is written.
  let upload: Promise<void> | undefined;
  let uploadError: { err: unknown } | undefined;

  async function settleUpload(): Promise<void> {
    if (upload) await upload;
    upload = undefined;
    if (uploadError) {
      const { err } = uploadError;
      uploadError = undefined;
      throw err;
    }
  }

  function dayOf(record: MambuRecord): string {
    if (!cdcField) return runDay;
    const day = partitionDayOf(record, cdcField);
    if (day) return day;
    missingCdc++;
    return fallbackDay;
  }

  async function flush(day: string): Promise<void> {
    const buf = buffers.get(day);
    if (!buf || buf.rows === 0) return;
    buffers.delete(day);
    bufferedBytes -= buf.bytes;
    const cols = new Map<string, Scalar[]>();
    buf.slots.forEach((values, slot) => values && cols.set(walker.columnName(slot), values));
    const typed = state.types.columnsFor(cols);
    const columns: ParquetColumn[] = typed.map((c) => {
      const src = cols.get(c.name)!;
      const values: ParquetValue[] = new Array(buf.rows);
      for (let i = 0; i < buf.rows; i++) {
        const raw = src[i] ?? null;
        const v = castValue(raw, c.type);
        if (v === CAST_FAILED) {
          castReport.fail(c.name, c.type, raw);
          values[i] = null;
        } else values[i] = v;
      }
      if (c.drift) drift.add(c.name);
      return { name: c.name, type: c.type, values };
    });
    columns.push({ name: ENGINE_TIMESTAMP, type: 'timestamp', values: new Array<ParquetValue>(buf.rows).fill(opts.extractedAt) });
    const body = encodeParquet(columns, buf.rows);
    const part = nextPart.get(day) ?? 0;
    nextPart.set(day, part + 1);
    const key = partKey(table, day, chunkKey, part);
    touchedDays.add(day);
    await settleUpload();
    const rows = buf.rows;
    upload = destination.put(key, body, signal).then(
      (uri) => {
        written.add(key);
        objects.push(uri);
        records += rows;
      },
      (err: unknown) => {
        uploadError = { err };
      },
    );
  }

  async function flushLargest(): Promise<void> {
    let largest: string | undefined;
    let size = -1;
    for (const [day, b] of buffers) {
      if (b.bytes > size) {
        largest = day;
        size = b.bytes;
      }
    }
    if (largest !== undefined) await flush(largest);
  }

  return {
    async write(batch) {
      if (committed) throw new Error(`chunk ${chunk.index} was already committed`);
      if (uploadError) await settleUpload();
      for (const record of batch) {
        const day = dayOf(record);
        let buf = buffers.get(day);
        if (!buf) buffers.set(day, (buf = { rows: 0, bytes: 0, slots: [] }));
        into.buf = buf;
        into.row = buf.rows;
        const bytes = walker.walk(record, into);
        buf.rows++;
        buf.bytes += bytes;
        bufferedBytes += bytes;
        if (buf.rows >= partRows) await flush(day);
        while (bufferedBytes >= partBytes && buffers.size > 0) await flushLargest();
      }
    },

    async reset() {
      // A part of the dropped attempt still uploading must land before any part of the new attempt (same names).
      await settleUpload();
      buffers = new Map();
      bufferedBytes = 0;
      nextPart = new Map();
      written = new Set();
      objects = [];
      records = 0;
      missingCdc = 0;
      castReport.clear();
      drift = new Set();
    },

    async commit(): Promise<ChunkCommit> {
      if (committed) throw new Error(`chunk ${chunk.index} was already committed`);
      for (const day of [...buffers.keys()].sort()) await flush(day);
      await settleUpload();
      const warnings: string[] = [];
      if (missingCdc > 0) {
        warnings.push(`${missingCdc} record(s) had no readable ${cdcField} date; they were written to partition date=${fallbackDay}`);
      }
      warnings.push(...castReport.warnings());
      if (records > 0 && !state.types.auto && !state.types.knownTable) {
        warnings.push(`table ${table} is not in the catalog: every column was written as string; set auto_schema or add the table to a catalog file`);
      }

      const days = [...new Set([...windowDays, ...touchedDays])].sort();
      const stale: string[] = [];
      const partial = new Map<string, string[]>();
      const foreign: string[] = [];
      for (const day of days) {
        for (const key of await destination.list(partitionPrefix(table, day), signal)) {
          const p = parsePartName(table, key);
          if (!p) {
            foreign.push(key);
            continue;
          }
          if (p.chunkKey === chunkKey) {
            if (!written.has(key)) stale.push(key);
            continue;
          }
          if (isSnapshot || !p.window) continue;
          const s = start!.getTime();
          const e = end!.getTime();
          if (p.window.start >= s && p.window.end <= e) stale.push(key);
          else if (p.window.start < e && p.window.end > s) {
            const list = partial.get(p.chunkKey) ?? [];
            list.push(key);
            partial.set(p.chunkKey, list);
          }
        }
      }
      if (stale.length > 0) await destination.delete(stale, signal);
      for (const [other, keys] of [...partial.entries()].sort()) {
        warnings.push(
          `${keys.length} object(s) of window ${other} partly overlap this chunk's window and were left in place; ` +
            `rows in the overlap may appear twice: ${keys.slice(0, 3).map((k) => destination.uriOf(k)).join(', ')}${keys.length > 3 ? ', …' : ''}`,
        );
      }
      if (foreign.length > 0) {
        warnings.push(
          `${foreign.length} object(s) not named by mambu-backfill are in this chunk's partitions and were left in place ` +
            `(if they hold the same records, e.g. from the original job's append mode, rows are duplicated): ` +
            `${foreign.slice(0, 3).map((k) => destination.uriOf(k)).join(', ')}${foreign.length > 3 ? ', …' : ''}`,
        );
      }
      committed = true;
      return { records, objects: [...objects], warnings, schemaDrift: [...drift].sort() };
    },
  };
}
