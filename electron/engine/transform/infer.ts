// auto_schema: a column's type inferred from its non-null values. JSON numbers → double, booleans → boolean,
// ISO date-times → timestamp, YYYY-MM-DD → date (dates mixed with date-times → timestamp), anything else → string.
import type { AthenaType } from '../../../shared/catalog/tables';
import { isIsoDate, isIsoTimestamp } from './dates';
import type { Scalar } from './cast';

/** The inferred type, or null when every value is null (no evidence yet). */
export function inferType(values: Iterable<Scalar | undefined>): AthenaType | null {
  let num = 0, bool = 0, ts = 0, date = 0, other = 0;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') num++;
    else if (typeof v === 'boolean') bool++;
    else if (isIsoDate(v)) date++;
    else if (isIsoTimestamp(v)) ts++;
    else {
      other++;
      break; // one free-text value makes the column a string; no need to look further
    }
  }
  const kinds = [num > 0, bool > 0, ts + date > 0, other > 0].filter(Boolean).length;
  if (kinds === 0) return null;
  if (kinds > 1 || other > 0) return 'string';
  if (num > 0) return 'double';
  if (bool > 0) return 'boolean';
  return ts > 0 ? 'timestamp' : 'date';
}
