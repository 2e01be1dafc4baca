// A buffered part's cells cast into typed columns in the encoder's wire form (timestamp_extracted last):
// numbers, dates and timestamps straight into typed arrays with a null mask, no boxed value or Date per cell.
// A value that cannot be cast becomes null and is counted in the chunk's CastReport (never copied anywhere).
import { CAST_FAILED, type CastReport, castValue, type ParquetValue, type Scalar } from '../transform/cast';
import { parseTimestampMs } from '../transform/dates';
import type { CellWalker } from '../transform/cell-walker';
import type { OutputRunState } from '../transform/run-state';
import type { WireColumn } from './parquet-wire';

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
      for (let i = 0; i < n; i++) {
        const raw = src[i] ?? null;
        if (raw === null) {
          nulls[i] = 1;
          continue;
        }
        // Timestamps as epoch-millisecond bigints: the bytes hyparquet-writer writes for a Date, without one.
        const v = c.type === 'timestamp' ? (typeof raw === 'string' ? parseTimestampMs(raw) : null) : castValue(raw, c.type);
        if (v === null || v === CAST_FAILED) {
          ctx.castReport.fail(c.name, c.type, raw);
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
