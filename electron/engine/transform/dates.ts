// Date parsing for casting, inference and partitions. Mambu sends ISO-8601 with an offset
// (`2025-01-31T10:15:00+02:00`); other sources may omit the offset (taken as UTC) or send a date only.
import { fastIsoInstant } from '../iso-instant';

const TS_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Epoch milliseconds of an ISO-8601 date-time (or date, at 00:00 UTC); null when it is not one. */
export function parseTimestampMs(s: string): number | null {
  const fast = fastIsoInstant(s);
  if (fast !== undefined) return fast;
  const m = TS_RE.exec(s.trim());
  if (!m) return null;
  const [, ys, mos, ds, hs = '0', mis = '0', ss = '0', frac = '', zone] = m;
  const y = Number(ys),
    mo = Number(mos),
    d = Number(ds),
    h = Number(hs),
    mi = Number(mis),
    sec = Number(ss);
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || sec > 59) return null;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (y < 100) t = new Date(t).setUTCFullYear(y);
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    t -= sign * (oh * 60 + om) * 60_000;
  }
  return t;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; also accepts a date-time and keeps its calendar date as written
 *  (a Mambu "date" in a tenant's zone means that local day, not the UTC one). Null when it is neither. */
export function parseDateDays(s: string): number | null {
  const t = s.trim();
  const m = DATE_RE.exec(t.slice(0, 10));
  if (!m) return null;
  if (t.length > 10 && parseTimestampMs(t) === null) return null;
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  if (!validDay(y, mo, d)) return null;
  return Math.floor(Date.UTC(y, mo - 1, d) / 86_400_000);
}

/** `YYYYMMDD` of an instant in UTC. */
export function utcDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear().toString().padStart(4, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}
