// Mambu timestamps in and out. Mambu writes `2025-01-03T10:15:00+00:00`, `…+0000`, `…Z` or a bare date; filter
// values we send must carry the tenant's offset at that instant (Mambu rejects values without one).
import { DateTime, IANAZone } from 'luxon';
import { fastIsoInstant } from '../iso-instant';

const TS_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Offset of `zone` at instant `ms`, in minutes. */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  if (zone === 'UTC' || zone === 'utc' || zone === 'Etc/UTC') return 0;
  const z = IANAZone.create(zone);
  if (!z.isValid) throw new Error(`time zone "${zone}" is not a valid IANA zone such as Europe/Berlin`);
  return z.offset(ms);
}

/**
 * Parses a Mambu date or date-time into epoch ms. A value without an offset (bare date or local time) is read in
 * the tenant zone. Returns null for anything else.
 */
export function parseMambuTime(value: unknown, zone = 'UTC'): number | null {
  if (typeof value !== 'string') return null;
  const fast = fastIsoInstant(value);
  if (fast !== undefined) return fast;
  const m = TS_RE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, hh, mi, ss, frac, off] = m;
  const wall = Date.UTC(+y!, +mo! - 1, +d!, hh ? +hh : 0, mi ? +mi : 0, ss ? +ss : 0, frac ? Math.floor(+`0.${frac}` * 1000) : 0);
  if (Number.isNaN(wall)) return null;
  if (off) {
    if (off === 'Z' || off === 'z') return wall;
    const sign = off[0] === '-' ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    const minutes = +digits.slice(0, 2) * 60 + (digits.length > 2 ? +digits.slice(2, 4) : 0);
    return wall - sign * minutes * 60_000;
  }
  // Local wall time in the tenant zone: correct the guess once for the zone's offset at that instant.
  const guess = wall - zoneOffsetMinutes(zone, wall) * 60_000;
  return wall - zoneOffsetMinutes(zone, guess) * 60_000;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function offsetString(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** `2025-01-01T00:00:00+00:00`: the instant in the tenant zone with its explicit offset (seconds precision). */
export function formatMambuTime(ms: number, zone = 'UTC'): string {
  const off = zoneOffsetMinutes(zone, ms);
  const d = new Date(ms + off * 60_000);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${offsetString(off)}`
  );
}

/** `YYYY-MM-DD` of the instant in the tenant zone. */
export function formatMambuDate(ms: number, zone = 'UTC'): string {
  return formatMambuTime(ms, zone).slice(0, 10);
}

/** Start of the tenant-local day containing `ms`. */
export function startOfTenantDay(ms: number, zone = 'UTC'): number {
  return DateTime.fromMillis(ms, { zone }).startOf('day').toMillis();
}

/** Reads `a.b.c` from a record; falls back to a case-insensitive key match (Mambu filters on `birthdate`, records
 *  carry `birthDate`; an event for an endpoint the catalog does not know keeps the analyst's spelling). The one
 *  reader of the window filter, the partition day and the simulator, so all of them find the same value. */
export function getPath(record: unknown, path: string): unknown {
  return readParts(record, path.split('.'));
}

/** getPath for one path, for every record of a chunk (the path is split once). */
export function pathReader(path: string): (record: unknown) => unknown {
  const parts = path.split('.');
  return (record) => readParts(record, parts);
}

function readParts(record: unknown, parts: readonly string[]): unknown {
  let cur: unknown = record;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const obj = cur as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(obj, part)) cur = obj[part];
    else {
      const lower = part.toLowerCase();
      const k = Object.keys(obj).find((key) => key.toLowerCase() === lower);
      cur = k === undefined ? undefined : obj[k];
    }
  }
  return cur;
}
