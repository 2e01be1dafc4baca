// The chunk writer: records → transform → Parquet parts → destination, with deterministic names, bounded
// memory (a part is flushed every partRows rows or partBytes buffered bytes) and a commit that leaves the
// destination holding exactly this chunk's rows for its window: stale parts of earlier attempts and objects of
// smaller windows inside this one (a re-run with another chunk_hours) are removed.
import type { AthenaType, Catalog } from '../../../shared/catalog/tables';
import type { BackfillEvent } from '../../../shared/event/schema';
import { parseEventDate } from '../../../shared/event/datetime';
import type { ChunkCommit, ChunkWriter, ChunkWriterOptions, MambuRecord } from '../types';
import { CAST_FAILED, CastReport, castValue, type ParquetValue, type Scalar } from '../transform/cast';
import { parseTimestampMs, utcDay } from '../transform/dates';
import { daysOfWindow, partitionDayOf } from '../transform/partition';
import { CellWalker, type CellSink } from '../transform/cell-walker';
import { createOutputRunState, type OutputRunState } from '../transform/run-state';
import { defaultEncoder, newPartId, type PartEncoder } from './parquet-encoder';
import type { WireColumn } from './parquet-wire';
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

interface OpenPart {
  /** The part's id at the encoder, and its columns (fixed by its first row group). */
  id: number;
  schema: Map<string, AthenaType>;
  rows: number;
  /** Estimated JSON bytes of the rows encoded into it (they count toward partBytes until the part is uploaded). */
  bytes: number;
}

// A chunk writer abandoned with parts still open at the encoder (a failed chunk) gives them back when collected.
const abandoned = new FinalizationRegistry<{ encoder: PartEncoder; ids: Set<number> }>(({ encoder, ids }) => {
  for (const id of ids) encoder.drop(id);
});

const ENGINE_TIMESTAMP = 'timestamp_extracted';

/** Rows per Parquet row group. A part (up to partRows rows) is encoded one row group at a time as its rows arrive
 *  (in the encoder worker by default): the work is spread over the pages instead of one lump per part, only one
 *  row group of JS values is held, and the part is finished soon after the last page (one row group left). */
export const ROW_GROUP_ROWS = 2_000;

export function createChunkWriter(opts: ChunkWriterOptions & { encoder?: PartEncoder }): ChunkWriter {
  const { event, chunk, destination, signal } = opts;
  const table = event.table_name;
  const state = opts.state ?? runStateFor(event, opts.catalog);
  const partRows = Math.max(1, opts.partRows);
  const partBytes = Math.max(1, opts.partBytes);
  const rowGroupRows = Math.min(ROW_GROUP_ROWS, partRows);
  const extractedMs = BigInt(opts.extractedAt.getTime());
  const encoder = opts.encoder ?? defaultEncoder();

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
  /** Per partition day, the part being written: row groups already encoded, not yet finished. */
  let parts = new Map<string, OpenPart>();
  let bufferedBytes = 0;
  let nextPart = new Map<string, number>();
  let written = new Set<string>();
  let objects: string[] = [];
  let records = 0;
  let missingCdc = 0;
  const castReport = new CastReport();
  let drift = new Set<string>();
  /** Columns of the parts put so far, in first-seen order (for the table registry). */
  let columnTypes = new Map<string, AthenaType>();
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
  // At most one row group at the encoder; a failed one fails the next write/flush/commit like a failed upload.
  let encoding: Promise<void> | undefined;
  let encodeError: { err: unknown } | undefined;
  /** Ids of this writer's parts open at the encoder, dropped there on reset, on cancel or when abandoned. */
  const openIds = new Set<number>();

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

  /** Casts a buffer's cells into typed columns in the encoder's wire form (timestamp_extracted last): numbers,
   *  dates and timestamps straight into typed arrays with a null mask, no boxed value or Date per cell. */
  function castBuffer(buf: PartBuffer): WireColumn[] {
    const n = buf.rows;
    const cols = new Map<string, Scalar[]>();
    buf.slots.forEach((values, slot) => values && cols.set(walker.columnName(slot), values));
    const typed = state.types.columnsFor(cols);
    const columns: WireColumn[] = typed.map((c): WireColumn => {
      const src = cols.get(c.name)!;
      if (c.drift) drift.add(c.name);
      const kind = c.type === 'double' ? 'f64' : c.type === 'int' || c.type === 'date' ? 'i32' : c.type === 'timestamp' || c.type === 'bigint' ? 'i64' : 'array';
      if (kind === 'array') {
        const values: ParquetValue[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const raw = src[i] ?? null;
          const v = castValue(raw, c.type);
          if (v === CAST_FAILED) {
            castReport.fail(c.name, c.type, raw);
            values[i] = null;
          } else values[i] = v;
        }
        return { name: c.name, type: c.type, kind, values };
      }
      const nulls = new Uint8Array(n);
      if (kind === 'i64') {
        const data = new BigInt64Array(n);
        for (let i = 0; i < n; i++) {
          const raw = src[i] ?? null;
          if (raw === null) {
            nulls[i] = 1;
            continue;
          }
          // Timestamps as epoch-millisecond bigints: the bytes hyparquet-writer writes for a Date, without one.
          const v = c.type === 'timestamp' ? (typeof raw === 'string' ? parseTimestampMs(raw) : null) : castValue(raw, c.type);
          if (v === null || v === CAST_FAILED) {
            castReport.fail(c.name, c.type, raw);
            nulls[i] = 1;
          } else data[i] = BigInt(v as number | bigint);
        }
        return { name: c.name, type: c.type, kind, data, nulls };
      }
      const data = kind === 'f64' ? new Float64Array(n) : new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const raw = src[i] ?? null;
        if (raw === null) {
          nulls[i] = 1;
          continue;
        }
        const v = castValue(raw, c.type);
        if (v === CAST_FAILED || v === null) {
          castReport.fail(c.name, c.type, raw);
          nulls[i] = 1;
        } else data[i] = v as number;
      }
      return kind === 'f64'
        ? { name: c.name, type: c.type, kind, data: data as Float64Array, nulls }
        : { name: c.name, type: c.type, kind, data: data as Int32Array, nulls };
    });
    columns.push({ name: ENGINE_TIMESTAMP, type: 'timestamp', kind: 'i64', data: new BigInt64Array(n).fill(extractedMs), nulls: new Uint8Array(n) });
    return columns;
  }

  async function settleEncode(): Promise<void> {
    if (encoding) await encoding;
    encoding = undefined;
    if (encodeError) {
      const { err } = encodeError;
      encodeError = undefined;
      throw err;
    }
  }

  function dropParts(): void {
    for (const part of parts.values()) encoder.drop(part.id);
    parts.clear();
    openIds.clear();
  }

  /** Encodes the day's buffered rows as one row group of the day's open part (a new part if none is open, or if
   *  the rows bring a column the open part lacks). At most one row group is in the encoder at a time. */
  async function encodeRowGroup(day: string): Promise<void> {
    const buf = buffers.get(day);
    if (!buf || buf.rows === 0) return;
    buffers.delete(day);
    const columns = castBuffer(buf);
    let part = parts.get(day);
    if (part && !columns.every((c) => part!.schema.get(c.name) === c.type)) {
      await closePart(day);
      part = undefined;
    }
    if (!part) {
      part = { id: newPartId(), schema: new Map(columns.map((c) => [c.name, c.type])), rows: 0, bytes: 0 };
      parts.set(day, part);
      openIds.add(part.id);
    }
    await settleEncode();
    encoding = encoder.rowGroup(part.id, columns, buf.rows).then(undefined, (err: unknown) => {
      encodeError = { err };
    });
    part.rows += buf.rows;
    part.bytes += buf.bytes;
  }

  /** Finishes the day's open part (without its buffered rows) and starts its upload. */
  async function closePart(day: string): Promise<void> {
    const part = parts.get(day);
    if (!part) return;
    parts.delete(day);
    openIds.delete(part.id);
    bufferedBytes -= part.bytes;
    await settleEncode();
    const body = await encoder.finish(part.id);
    const rows = part.rows;
    for (const [name, type] of part.schema) if (!columnTypes.has(name)) columnTypes.set(name, type);
    const n = nextPart.get(day) ?? 0;
    nextPart.set(day, n + 1);
    const key = partKey(table, day, chunkKey, n);
    touchedDays.add(day);
    await settleUpload();
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

  /** Ends the day's part: its buffered rows become the last row group, the file is finished and uploaded. */
  async function flush(day: string): Promise<void> {
    await encodeRowGroup(day);
    await closePart(day);
  }

  async function flushLargest(): Promise<void> {
    let largest: string | undefined;
    let size = -1;
    for (const day of new Set([...buffers.keys(), ...parts.keys()])) {
      const b = (buffers.get(day)?.bytes ?? 0) + (parts.get(day)?.bytes ?? 0);
      if (b > size) {
        largest = day;
        size = b;
      }
    }
    if (largest !== undefined) await flush(largest);
  }

  // A cancel ends the chunk without commit: the parts it had open at the encoder are dropped there at once. The
  // listener holds only the ids (not the writer), so a failed writer can still be collected.
  const onAbort = () => {
    for (const id of openIds) encoder.drop(id);
    openIds.clear();
  };
  signal.addEventListener('abort', onAbort, { once: true });

  const writer: ChunkWriter = {
    async write(batch) {
      if (committed) throw new Error(`chunk ${chunk.index} was already committed`);
      if (uploadError) await settleUpload();
      if (encodeError) await settleEncode();
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
        const partRowsSoFar = (parts.get(day)?.rows ?? 0) + buf.rows;
        if (partRowsSoFar >= partRows) await flush(day);
        else if (buf.rows >= rowGroupRows) await encodeRowGroup(day);
        while (bufferedBytes >= partBytes && (buffers.size > 0 || parts.size > 0)) await flushLargest();
      }
    },

    async reset() {
      // A part of the dropped attempt still uploading must land before any part of the new attempt (same names).
      await settleEncode().catch(() => undefined); // the attempt is dropped, and its failed encode with it
      dropParts();
      await settleUpload();
      buffers = new Map();
      parts = new Map();
      bufferedBytes = 0;
      nextPart = new Map();
      written = new Set();
      objects = [];
      records = 0;
      missingCdc = 0;
      castReport.clear();
      drift = new Set();
      columnTypes = new Map();
    },

    async objectsWritten() {
      // The part upload still in flight may land: wait, so the list matches the destination.
      if (upload) await upload;
      return [...objects];
    },

    async commit(): Promise<ChunkCommit> {
      if (committed) throw new Error(`chunk ${chunk.index} was already committed`);
      for (const day of [...new Set([...buffers.keys(), ...parts.keys()])].sort()) await flush(day);
      await settleEncode();
      await settleUpload();
      signal.removeEventListener('abort', onAbort);
      abandoned.unregister(writer);
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
      return { records, objects: [...objects], warnings, schemaDrift: [...drift].sort(), ...(columnTypes.size ? { columns: Object.fromEntries(columnTypes) } : {}) };
    },
  };
  abandoned.register(writer, { encoder, ids: openIds }, writer);
  return writer;
}
