// The Hive partition of a record: `date=YYYYMMDD` of its cdc value in UTC (snapshots: the run date).
import { parseTimestampMs, utcDay } from './dates';

/** Reads a dotted path such as `disbursementDetails.disbursementDate`. */
export function valueAtPath(record: Record<string, unknown>, path: string): unknown {
  let cur: unknown = record;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** `YYYYMMDD` (UTC) of the record's cdc value, or null when the field is missing or not a date. */
export function partitionDayOf(record: Record<string, unknown>, cdcField: string): string | null {
  const v = valueAtPath(record, cdcField);
  if (typeof v !== 'string') return null;
  const ms = parseTimestampMs(v);
  return ms === null ? null : utcDay(ms);
}

/** Every `YYYYMMDD` a record in [start, end) can fall on, in UTC. */
export function daysOfWindow(start: Date, end: Date): string[] {
  const out: string[] = [];
  const last = end.getTime() - 1;
  for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t <= last; t += 86_400_000) {
    out.push(utcDay(t));
  }
  return out;
}
