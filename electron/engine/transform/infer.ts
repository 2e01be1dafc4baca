// auto_schema: a column's type inferred from its non-null values with the original job's rules
// (get_actual_dtypes): values that are all integers (JSON numbers or integer text, as ast.literal_eval read them)
// → int when every one fits in 32 bits, else bigint; numbers with a fraction (mixed with integers or not) → double;
// booleans → boolean; values that all parse as ISO dates/date-times → date when every one is midnight UTC, else
// timestamp; anything else (or a mix) → string. The run state makes the first decision stick (see schema.ts).
import type { AthenaType } from '../../../shared/catalog/tables';
import { parseTimestampMs } from './dates';
import type { Scalar } from './cast';

const INT_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/;
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
const DAY_MS = 86_400_000;

/** The inferred type, or null when every value is null (no evidence yet). */
export function inferType(values: Iterable<Scalar | undefined>): AthenaType | null {
  let ints = 0,
    floats = 0,
    bool = 0,
    midnight = 0,
    dated = 0,
    other = 0;
  let wide = false;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'boolean') {
      bool++;
      continue;
    }
    if (typeof v === 'number') {
      if (Number.isInteger(v)) {
        ints++;
        if (v > INT32_MAX || v < INT32_MIN) wide = true;
      } else floats++;
      continue;
    }
    const s = v.trim();
    if (INT_TEXT.test(s)) {
      ints++;
      const b = BigInt(s);
      if (b > BigInt(INT32_MAX) || b < BigInt(INT32_MIN)) wide = true;
      continue;
    }
    if (FLOAT_TEXT.test(s)) {
      floats++;
      continue;
    }
    const ms = /^\d{4}-\d{2}-\d{2}/.test(s) ? parseTimestampMs(s) : null;
    if (ms !== null) {
      dated++;
      if (((ms % DAY_MS) + DAY_MS) % DAY_MS === 0) midnight++;
      continue;
    }
    other++;
    break; // one free-text value makes the column a string; no need to look further
  }
  const numeric = ints + floats > 0;
  const kinds = [numeric, bool > 0, dated > 0, other > 0].filter(Boolean).length;
  if (kinds === 0) return null;
  if (kinds > 1 || other > 0) return 'string';
  if (numeric) return floats > 0 ? 'double' : wide ? 'bigint' : 'int';
  if (bool > 0) return 'boolean';
  return midnight === dated ? 'date' : 'timestamp';
}
