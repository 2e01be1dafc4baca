// Strict `YYYY-MM-DD HH:MM:SS` (UTC) parsing, shared by the schema, the planner and the form.
import { DateTime } from 'luxon';

export const EVENT_DATE_FORMAT = 'yyyy-MM-dd HH:mm:ss';
export const EVENT_DATE_EXAMPLE = '2025-01-31 00:00:00';
const EVENT_DATE_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Parses an event date as UTC; null when the shape is wrong or the date does not exist (2025-02-30). */
export function parseEventDate(value: string): DateTime | null {
  if (!EVENT_DATE_RE.test(value)) return null;
  const dt = DateTime.fromFormat(value, EVENT_DATE_FORMAT, { zone: 'utc' });
  return dt.isValid ? dt : null;
}

export function formatEventDate(dt: DateTime): string {
  return dt.toUTC().toFormat(EVENT_DATE_FORMAT);
}
