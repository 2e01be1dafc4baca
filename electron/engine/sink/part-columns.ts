// A buffered part's cells cast into typed columns in the encoder's wire form (timestamp_extracted last):
// numbers, dates and timestamps straight into typed arrays with a null mask, no boxed value or Date per cell.
// A value that cannot be cast becomes null and is counted in the chunk's CastReport (never copied anywhere).
import { CAST_FAILED, type CastReport, castValue, type ParquetValue, type Scalar } from '../transform/cast';
import { parseTimestampMs } from '../transform/dates';
import type { CellWalker } from '../transform/cell-walker';
import type { OutputRunState } from '../transform/run-state';
import { StringColumnBuilder, type WireColumn } from './parquet-wire';

const TWO_32 = 4294967296;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Stores integer `v` (|v| < 2^53) at `i` of a BigInt64Array through its 32-bit halves `words` (same buffer): no
 *  BigInt is allocated per cell. ToUint32 is v mod 2^32 and the floor division the two's-complement high word, on
 *  either sign; the halves are in the platform's order, as the BigInt64Array reads them. */
function setInt64(words: Int32Array, i: number, v: number): void {
  const lo = v >>> 0;
  const hi = Math.floor(v / TWO_32) | 0;
  if (LITTLE_ENDIAN) {
    words[2 * i] = lo | 0;
    words[2 * i + 1] = hi;
  } else {
    words[2 * i] = hi;
    words[2 * i + 1] = lo | 0;
  }
}

const ENGINE_TIMESTAMP = 'timestamp_extracted';

/** Rows of one partition day not yet encoded, column-wise: column slot (CellWalker) → values by row index
 *  (holes = the record had no such field = null). */
export interface PartBuffer {
  rows: number;
  bytes: number;
  slots: Array<Scalar[] | undefined>;
}

export interface CastContext {
  walker: CellWalker;
  state: OutputRunState;
  castReport: CastReport;
  /** Columns not in the catalog (schema drift), collected for the chunk's result. */
  drift: Set<string>;
  /** `timestamp_extracted` of every row, epoch ms. */
  extractedMs: bigint;
}

export function castBuffer(buf: PartBuffer, ctx: CastContext): WireColumn[] {
  const n = buf.rows;
  const cols = new Map<string, Scalar[]>();
  buf.slots.forEach((values, slot) => values && cols.set(ctx.walker.columnName(slot), values));
  const columns: WireColumn[] = ctx.state.types.columnsFor(cols).map((c): WireColumn => {
    const src = cols.get(c.name)!;
    if (c.drift) {
      ctx.drift.add(c.name);
      ctx.castReport.drift(c.name, src, n);
    }
    const kind =
      c.type === 'double'
        ? 'f64'
        : c.type === 'int' || c.type === 'date'
          ? 'i32'
          : c.type === 'timestamp' || c.type === 'bigint'
            ? 'i64'
            : 'array';
    if (c.type === 'string') {
      // Strings (and the text of numbers or booleans in a string column) join into one text with offsets.
      const b = new StringColumnBuilder(n);
      for (let i = 0; i < n; i++) {
        const raw = src[i];
        b.set(i, raw === null || raw === undefined ? null : typeof raw === 'string' ? raw : String(raw));
      }
      return b.column(c.name, c.type);
    }
    if (kind === 'array') {
      const values: ParquetValue[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const raw = src[i] ?? null;
        const v = castValue(raw, c.type);
        if (v === CAST_FAILED) {
          ctx.castReport.fail(c.name, c.type, raw);
          values[i] = null;
        } else values[i] = v;
      }
      return { name: c.name, type: c.type, kind, values };
    }
    const nulls = new Uint8Array(n);
    if (kind === 'i64') {
      const data = new BigInt64Array(n);
      const words = new Int32Array(data.buffer);
      for (let i = 0; i < n; i++) {
        const raw = src[i] ?? null;
        if (raw === null) {
          nulls[i] = 1;
          continue;
        }
        // Timestamps as epoch-millisecond bigints: the bytes hyparquet-writer writes for a Date, without one.
        const v =
          c.type === 'timestamp'
            ? typeof raw === 'string'
              ? parseTimestampMs(raw)
              : null
            : typeof raw === 'number' && Number.isSafeInteger(raw)
              ? raw
              : castValue(raw, c.type);
        if (v === null || v === CAST_FAILED) {
          ctx.castReport.fail(c.name, c.type, raw);
          nulls[i] = 1;
        } else if (typeof v === 'number') setInt64(words, i, v);
        else data[i] = BigInt(v as bigint);
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
        ctx.castReport.fail(c.name, c.type, raw);
        nulls[i] = 1;
      } else data[i] = v as number;
    }
    return kind === 'f64'
      ? { name: c.name, type: c.type, kind, data: data as Float64Array, nulls }
      : { name: c.name, type: c.type, kind, data: data as Int32Array, nulls };
  });
  columns.push({
    name: ENGINE_TIMESTAMP,
    type: 'timestamp',
    kind: 'i64',
    data: new BigInt64Array(n).fill(ctx.extractedMs),
    nulls: new Uint8Array(n),
  });
  return columns;
}
