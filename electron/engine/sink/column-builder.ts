// One column of a row group, cast as its cells arrive: strings straight into UTF-8 bytes with offsets, numbers,
// dates and timestamps into typed arrays, each with a null mask. Why as they arrive: a cell kept as a JS value until
// the row group is full (2,000 rows, two pages) was still alive at every minor GC, so the young generation copied
// and promoted two pages of strings over and over (~6 MB per scavenge, and Node 24's young generation grew to 64 MB
// to absorb it: most of the chunk's GC time and ~100 MB of its peak RSS, BENCHMARKS.md). Bytes in an ArrayBuffer
// are outside the JS heap, and they are transferred to the encoder worker, not cloned.
// The cast is castValue's, cell for cell (test/sink/part-columns.test.ts); a value that cannot be cast is null and
// counted in the chunk's CastReport.
import type { AthenaType } from '../../../shared/catalog/tables';
import { CAST_FAILED, castValue, type CastReport, type ParquetValue, type Scalar } from '../transform/cast';
import { parseTimestampMs } from '../transform/dates';
import type { WireColumn } from './parquet-wire';
import { ByteSink, writeUtf8 } from './parquet-format/byte-sink';

const TWO_32 = 4294967296;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Numeric = Float64Array | Int32Array | BigInt64Array;

export class ColumnBuilder {
  /** Rows [0, filled) are set; a row skipped by set() (the record had no such field) is null. */
  private filled = 0;
  /** Rows holding a value (not null). */
  nonNull = 0;
  private capacity: number;
  private nulls: Uint8Array;
  private readonly kind: 'utf8' | 'f64' | 'i32' | 'i64' | 'array';
  private data: Numeric | undefined;
  /** The 32-bit halves of an i64 column's data (same buffer): integers stored without a BigInt per cell. */
  private words: Int32Array | undefined;
  private values: ParquetValue[] | undefined;
  /** A string column's UTF-8 bytes (the encoder's own growable buffer and encoder). */
  private text: ByteSink | undefined;
  private offsets: Int32Array | undefined;
  private ascii = true;

  constructor(
    readonly name: string,
    readonly type: AthenaType,
    capacity: number,
    private readonly report: CastReport,
    /** A string column's bytes in its previous row group, updated by finish(): the next one starts that large
     *  (no growth copies, no unused capacity to allocate). */
    private readonly sizeHint?: { bytes: number },
  ) {
    this.capacity = Math.max(1, capacity);
    this.nulls = new Uint8Array(this.capacity);
    this.kind =
      type === 'string'
        ? 'utf8'
        : type === 'double'
          ? 'f64'
          : type === 'int' || type === 'date'
            ? 'i32'
            : type === 'timestamp' || type === 'bigint'
              ? 'i64'
              : 'array';
    if (this.kind === 'utf8') {
      const hinted = sizeHint && sizeHint.bytes > 0 ? Math.ceil(sizeHint.bytes * 1.1) + 64 : 0;
      this.text = new ByteSink(hinted || this.capacity * 16);
      this.offsets = new Int32Array(this.capacity + 1);
    } else if (this.kind === 'array') this.values = new Array<ParquetValue>(this.capacity);
    else this.data = this.newData(this.capacity);
    if (this.data instanceof BigInt64Array) this.words = new Int32Array(this.data.buffer);
  }

  private newData(n: number): Numeric {
    return this.kind === 'f64' ? new Float64Array(n) : this.kind === 'i32' ? new Int32Array(n) : new BigInt64Array(n);
  }

  /** Sets row `row` (rows in increasing order, each at most once); rows skipped since the last one are null. */
  set(row: number, raw: Scalar): void {
    if (row >= this.capacity) this.grow(row + 1);
    this.skipTo(row);
    this.filled = row + 1;
    if (raw === null) {
      this.nulls[row] = 1;
      if (this.offsets) this.offsets[row + 1] = this.text!.pos;
      return;
    }
    switch (this.kind) {
      case 'utf8': {
        const str = typeof raw === 'string' ? raw : String(raw);
        // writeUtf8 copies ASCII by a plain loop; a value with any other character is longer in bytes.
        if (writeUtf8(this.text!, str) !== str.length) this.ascii = false;
        this.offsets![row + 1] = this.text!.pos;
        this.nonNull++;
        return;
      }
      case 'array': {
        const v = castValue(raw, this.type);
        if (v === CAST_FAILED) return this.failed(row, raw);
        this.values![row] = v;
        this.nonNull++;
        return;
      }
      case 'i64': {
        const v =
          this.type === 'timestamp'
            ? typeof raw === 'string'
              ? parseTimestampMs(raw)
              : null
            : typeof raw === 'number' && Number.isSafeInteger(raw)
              ? raw
              : castValue(raw, this.type);
        if (v === null || v === CAST_FAILED) return this.failed(row, raw);
        if (typeof v === 'number') this.int64(row, v);
        else (this.data as BigInt64Array)[row] = v as bigint;
        this.nonNull++;
        return;
      }
      default: {
        const v = castValue(raw, this.type);
        if (v === null || v === CAST_FAILED) return this.failed(row, raw);
        (this.data as Float64Array | Int32Array)[row] = v as number;
        this.nonNull++;
      }
    }
  }

  /** The column of `rows` rows in the encoder's wire form (rows past the last set one are null). */
  finish(rows: number): WireColumn {
    if (rows > this.capacity) this.grow(rows);
    this.skipTo(rows);
    const { name, type } = this;
    const nulls = this.nulls.subarray(0, rows);
    switch (this.kind) {
      case 'utf8':
        if (this.sizeHint) this.sizeHint.bytes = this.text!.pos;
        return {
          name,
          type,
          kind: 'utf8',
          bytes: this.text!.view(),
          offsets: this.offsets!.subarray(0, rows + 1),
          nulls,
          ascii: this.ascii,
        };
      case 'array': {
        const values = this.values!.slice(0, rows);
        for (let i = 0; i < rows; i++) if (nulls[i]) values[i] = null;
        return { name, type, kind: 'array', values };
      }
      case 'f64':
        return { name, type, kind: 'f64', data: (this.data as Float64Array).subarray(0, rows), nulls };
      case 'i32':
        return { name, type, kind: 'i32', data: (this.data as Int32Array).subarray(0, rows), nulls };
      case 'i64':
        return { name, type, kind: 'i64', data: (this.data as BigInt64Array).subarray(0, rows), nulls };
    }
  }

  private failed(row: number, raw: Scalar): void {
    this.report.fail(this.name, this.type, raw);
    this.nulls[row] = 1;
    if (this.kind === 'array') this.values![row] = null;
  }

  private skipTo(row: number): void {
    for (let i = this.filled; i < row; i++) {
      this.nulls[i] = 1;
      if (this.offsets) this.offsets[i + 1] = this.text!.pos;
      if (this.values) this.values[i] = null;
    }
    if (row > this.filled) this.filled = row;
  }

  /** ToUint32 is v mod 2^32 and the floor division the two's-complement high word, on either sign; the halves go
   *  in the platform's order, as the BigInt64Array reads them. */
  private int64(row: number, v: number): void {
    const lo = v >>> 0;
    const hi = Math.floor(v / TWO_32) | 0;
    const w = this.words!;
    if (LITTLE_ENDIAN) {
      w[2 * row] = lo | 0;
      w[2 * row + 1] = hi;
    } else {
      w[2 * row] = hi;
      w[2 * row + 1] = lo | 0;
    }
  }

  private grow(rows: number): void {
    const size = Math.max(rows, this.capacity * 2);
    const nulls = new Uint8Array(size);
    nulls.set(this.nulls);
    this.nulls = nulls;
    if (this.offsets) {
      const offsets = new Int32Array(size + 1);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    if (this.values) this.values.length = size;
    if (this.data) {
      const data = this.newData(size);
      (data as unknown as { set(a: ArrayLike<unknown>): void }).set(this.data);
      this.data = data;
      if (data instanceof BigInt64Array) this.words = new Int32Array(data.buffer);
    }
    this.capacity = size;
  }
}
