// Casting a cleaned value to its Athena column type. Nulls stay null (the original turned numeric nulls into 0);
// a value that cannot be cast becomes null and is counted, so the chunk reports it (never silent).
import type { AthenaType } from '../../../shared/catalog/tables';
import type { ChunkWarning } from '../../../shared/run-types';
import { parseDateDays, parseTimestampMs } from './dates';

export type Scalar = string | number | boolean | null;
/** What goes into a Parquet column: string, number (int/double/date days), bigint, boolean, Date (timestamp). */
export type ParquetValue = string | number | bigint | boolean | Date | null;

/** The sentinel for "could not cast". */
export const CAST_FAILED: unique symbol = Symbol('cast failed');

const INT_RE = /^[+-]?\d+$/;
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function castValue(value: Scalar, type: AthenaType): ParquetValue | typeof CAST_FAILED {
  if (value === null) return null;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : String(value);
    case 'int': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && INT_RE.test(value.trim()) ? Number(value) : NaN;
      // 1.5 into an int column is a data problem to report, not something to truncate quietly.
      return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 ? n : CAST_FAILED;
    }
    case 'bigint': {
      if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : CAST_FAILED;
      if (typeof value === 'string' && INT_RE.test(value.trim())) {
        const b = BigInt(value.trim());
        return b >= INT64_MIN && b <= INT64_MAX ? b : CAST_FAILED;
      }
      return CAST_FAILED;
    }
    case 'double': {
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && NUM_RE.test(value.trim())) return Number(value);
      return CAST_FAILED;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        const s = value.trim().toLowerCase();
        if (s === 'true') return true;
        if (s === 'false') return false;
      }
      return CAST_FAILED;
    }
    case 'date': {
      if (typeof value !== 'string') return CAST_FAILED;
      const days = parseDateDays(value);
      return days === null ? CAST_FAILED : days;
    }
    case 'timestamp': {
      if (typeof value !== 'string') return CAST_FAILED;
      const ms = parseTimestampMs(value);
      return ms === null ? CAST_FAILED : new Date(ms);
    }
  }
}

/** Counts, per column, the values that could not be cast (written as null, the column keeps its type) and the values
 *  of columns no catalog names (schema drift), for the chunk's warnings. Never keeps a value: banking data. */
export class CastReport {
  private readonly failures = new Map<string, { type: AthenaType; count: number }>();
  private readonly drifted = new Map<string, number>();

  /** The third argument is accepted for old callers and ignored: a value never reaches a warning. */
  fail(column: string, type: AthenaType, _value?: Scalar): void {
    const f = this.failures.get(column);
    if (f) f.count++;
    else this.failures.set(column, { type, count: 1 });
  }

  /** A drift column's non-null values in one row group. */
  drift(column: string, values: number): void {
    this.drifted.set(column, (this.drifted.get(column) ?? 0) + values);
  }

  clear(): void {
    this.failures.clear();
    this.drifted.clear();
  }

  details(): ChunkWarning[] {
    const byName = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return [
      ...byName(this.failures).map(([column, f]): ChunkWarning => ({
        kind: 'cast-failure',
        column,
        count: f.count,
        message:
          `column ${column}: ${f.count} value(s) could not be read as ${f.type} and were written as null (the column stays ${f.type}); ` +
          `fix the type in the table catalog if the data is right`,
      })),
      ...byName(this.drifted).map(([column, count]): ChunkWarning => ({
        kind: 'schema-drift',
        column,
        count,
        message: `column ${column} is not in the table's catalog: ${count} value(s) written as string`,
      })),
    ];
  }

  warnings(): string[] {
    return this.details()
      .filter((d) => d.kind === 'cast-failure')
      .map((d) => d.message);
  }
}
