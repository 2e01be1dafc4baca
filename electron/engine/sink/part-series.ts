// A chunk's rows on their way to Parquet: buffered per partition day, encoded a row group at a time into the day's
// open part, and handed on as a finished file every partRows rows (or when the buffered JSON passes partBytes,
// largest day first), so memory stays bounded. At most one row group is at the encoder at a time; a failed one
// fails the next add/flush.
import type { AthenaType } from '../../../shared/catalog/tables';
import type { MambuRecord } from '../types';
import type { CellSink, CellWalker } from '../transform/cell-walker';
import { newPartId, type PartEncoder } from './parquet-encoder';
import type { WireColumn } from './parquet-wire';
import type { PartBuffer } from './part-columns';
import { ColumnBuilder } from './column-builder';
import type { Scalar } from '../transform/cast';

interface OpenPart {
  /** The part's id at the encoder, and its columns (fixed by its first row group). */
  id: number;
  schema: Map<string, AthenaType>;
  rows: number;
  /** Estimated JSON bytes of the rows encoded into it (they count toward partBytes until the part is finished). */
  bytes: number;
}

export interface FinishedPart {
  day: string;
  body: Uint8Array;
  rows: number;
  schema: ReadonlyMap<string, AthenaType>;
}

export interface PartSeriesOptions {
  walker: CellWalker;
  encoder: PartEncoder;
  partRows: number;
  partBytes: number;
  rowGroupRows: number;
  cast: (buf: PartBuffer) => WireColumn[];
  /** Where a slot's cells go in a new buffer (openColumn). */
  column: (slot: number) => Scalar[] | ColumnBuilder;
  /** Takes a finished part (the writer stages it); awaited before the next part is finished. */
  finished: (part: FinishedPart) => Promise<void>;
}

export class PartSeries {
  private buffers = new Map<string, PartBuffer>();
  /** Per partition day, the part being written: row groups already encoded, not yet finished. */
  private readonly parts = new Map<string, OpenPart>();
  private bufferedBytes = 0;
  private encoding: Promise<void> | undefined;
  private encodeError: { err: unknown } | undefined;
  // Where the walker puts a record's cells: the current buffer's row (set per record, no per-cell allocation).
  private readonly into: CellSink & { buf: PartBuffer | undefined; row: number; open: (slot: number) => Scalar[] | ColumnBuilder } = {
    buf: undefined,
    row: 0,
    open: (slot) => this.o.column(slot),
    cell(slot, value) {
      const slots = this.buf!.slots;
      const col = slots[slot] ?? (slots[slot] = this.open(slot));
      if (col instanceof ColumnBuilder) col.set(this.row, value);
      else col[this.row] = value;
    },
  };

  constructor(private readonly o: PartSeriesOptions) {}

  /** Fails with the error of a row group that failed to encode, if any. */
  async settle(): Promise<void> {
    if (this.encoding) await this.encoding;
    this.encoding = undefined;
    if (this.encodeError) {
      const { err } = this.encodeError;
      this.encodeError = undefined;
      throw err;
    }
  }

  get failed(): boolean {
    return this.encodeError !== undefined;
  }

  /** Takes one record. Returns a promise only when the record fills a row group or a part, or brings the buffered
   *  rows to partBytes (the caller awaits it before the next record); otherwise nothing: an async call per record
   *  cost a promise and a microtask each, on the main thread's hottest path (BENCHMARKS.md round 9). */
  add(record: MambuRecord, day: string): Promise<void> | undefined {
    let buf = this.buffers.get(day);
    if (!buf) this.buffers.set(day, (buf = { rows: 0, bytes: 0, slots: [] }));
    this.into.buf = buf;
    this.into.row = buf.rows;
    const bytes = this.o.walker.walk(record, this.into);
    buf.rows++;
    buf.bytes += bytes;
    this.bufferedBytes += bytes;
    const partRowsSoFar = (this.parts.get(day)?.rows ?? 0) + buf.rows;
    const full =
      partRowsSoFar >= this.o.partRows ? this.flush(day) : buf.rows >= this.o.rowGroupRows ? this.encodeRowGroup(day) : undefined;
    if (full) return full.then(() => this.bound());
    return this.bufferedBytes >= this.o.partBytes ? this.bound() : undefined;
  }

  /** Finishes parts, largest first, until the buffered rows are under partBytes again. */
  private async bound(): Promise<void> {
    while (this.bufferedBytes >= this.o.partBytes && (this.buffers.size > 0 || this.parts.size > 0)) await this.flushLargest();
  }

  /** Finishes every day's part (days in order). */
  async flushAll(): Promise<void> {
    for (const day of [...new Set([...this.buffers.keys(), ...this.parts.keys()])].sort()) await this.flush(day);
    await this.settle();
  }

  /** Forgets every buffered row and open part (reset, cancel, dispose); the encoder drops the parts at once. */
  drop(): void {
    for (const part of this.parts.values()) this.o.encoder.drop(part.id);
    this.parts.clear();
    this.buffers = new Map();
    this.bufferedBytes = 0;
  }

  /** Waits for the row group at the encoder and forgets its error (the attempt is being dropped). */
  async quiesce(): Promise<void> {
    await this.settle().catch(() => undefined);
  }

  /** Encodes the day's buffered rows as one row group of the day's open part (a new part if none is open, or if
   *  the rows bring a column the open part lacks). */
  private async encodeRowGroup(day: string): Promise<void> {
    const buf = this.buffers.get(day);
    if (!buf || buf.rows === 0) return;
    this.buffers.delete(day);
    const columns = this.o.cast(buf);
    let part = this.parts.get(day);
    if (part && !columns.every((c) => part!.schema.get(c.name) === c.type)) {
      await this.closePart(day);
      part = undefined;
    }
    if (!part) {
      part = { id: newPartId(), schema: new Map(columns.map((c) => [c.name, c.type])), rows: 0, bytes: 0 };
      this.parts.set(day, part);
    }
    await this.settle();
    this.encoding = this.o.encoder.rowGroup(part.id, columns, buf.rows).then(undefined, (err: unknown) => {
      this.encodeError = { err };
    });
    part.rows += buf.rows;
    part.bytes += buf.bytes;
  }

  /** Finishes the day's open part (without its buffered rows) and hands it on. */
  private async closePart(day: string): Promise<void> {
    const part = this.parts.get(day);
    if (!part) return;
    this.parts.delete(day);
    this.bufferedBytes -= part.bytes;
    await this.settle();
    const body = await this.o.encoder.finish(part.id);
    await this.o.finished({ day, body, rows: part.rows, schema: part.schema });
  }

  /** Ends the day's part: its buffered rows become the last row group, the file is finished. */
  private async flush(day: string): Promise<void> {
    await this.encodeRowGroup(day);
    await this.closePart(day);
  }

  private async flushLargest(): Promise<void> {
    let largest: string | undefined;
    let size = -1;
    for (const day of new Set([...this.buffers.keys(), ...this.parts.keys()])) {
      const b = (this.buffers.get(day)?.bytes ?? 0) + (this.parts.get(day)?.bytes ?? 0);
      if (b > size) {
        largest = day;
        size = b;
      }
    }
    if (largest !== undefined) await this.flush(largest);
  }
}
