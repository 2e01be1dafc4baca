// The Hive partition of a record: `date=YYYYMMDD` of its cdc value in UTC (snapshots: the run date).
import { pathReader } from '../mambu/time';
import { parseTimestampMs, utcDay } from './dates';

/** `YYYYMMDD` (UTC) of the record's cdc value, or null when the field is missing or not a date. */
export function partitionDayOf(record: Record<string, unknown>, cdcField: string): string | null {
  return partitionDayReader(cdcField)(record);
}

/** partitionDayOf for one cdc field, for every record of a chunk: the path is split once, and the day's text is
 *  formatted once per day rather than once per record (consecutive records share their day). */
export function partitionDayReader(cdcField: string): (record: Record<string, unknown>) => string | null {
  // The window filter's own reader (mambu/time.ts): a record it keeps is partitioned on the value it kept it for.
  const read = pathReader(cdcField);
  let lastDay = NaN;
  let lastText = '';
  return (record) => {
    const v = read(record);
    if (typeof v !== 'string') return null;
    const ms = parseTimestampMs(v);
    if (ms === null) return null;
    const day = Math.floor(ms / 86_400_000);
    if (day !== lastDay) {
      lastDay = day;
      lastText = utcDay(ms);
    }
    return lastText;
  };
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
