// Deterministic object names: `<table>/date=YYYYMMDD/<chunkKey>-part-NNNNN.snappy.parquet`, where the chunk key
// encodes the chunk's window (`w20250101T000000Z-20250102T000000Z`) or `snapshot`. A re-run of the same window
// produces the same names, and the names alone tell which window an object came from.

export const SNAPSHOT_KEY = 'snapshot';

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export function windowChunkKey(start: Date, end: Date): string {
  return `w${stamp(start)}-${stamp(end)}`;
}

export function partitionPrefix(table: string, day: string): string {
  return `${table}/date=${day}/`;
}

export function partKey(table: string, day: string, chunkKey: string, part: number): string {
  return `${partitionPrefix(table, day)}${chunkKey}-part-${String(part).padStart(5, '0')}.snappy.parquet`;
}

export interface ParsedPartName {
  day: string;
  chunkKey: string;
  part: number;
  /** The window of a `w…` chunk key; undefined for snapshots. */
  window?: { start: number; end: number };
}

const NAME_RE = /^date=(\d{8})\/(snapshot|w(\d{8}T\d{6}Z)-(\d{8}T\d{6}Z))-part-(\d{5,})\.snappy\.parquet$/;

function parseStamp(s: string): number {
  return Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15));
}

/** Parses a key relative to the table folder; undefined for objects this tool did not name. */
export function parsePartName(table: string, key: string): ParsedPartName | undefined {
  if (!key.startsWith(`${table}/`)) return undefined;
  const m = NAME_RE.exec(key.slice(table.length + 1));
  if (!m) return undefined;
  const [, day, chunkKey, s, e, part] = m;
  return {
    day: day!,
    chunkKey: chunkKey!,
    part: Number(part),
    ...(s && e ? { window: { start: parseStamp(s), end: parseStamp(e) } } : {}),
  };
}

export interface Interval {
  start: number;
  end: number;
}

/** [00:00, 24:00) UTC of a `YYYYMMDD` partition day, epoch ms. */
function dayInterval(day: string): Interval {
  const start = Date.UTC(+day.slice(0, 4), +day.slice(4, 6) - 1, +day.slice(6, 8));
  return { start, end: start + 86_400_000 };
}

/** The cdc range an object's rows can have: its window cut to its partition day (rows sit in the folder of their
 *  cdc value's UTC date). Two objects of one day whose effective windows do not overlap share no record. */
export function effectiveWindow(p: ParsedPartName): Interval | undefined {
  if (!p.window) return undefined;
  const d = dayInterval(p.day);
  const start = Math.max(p.window.start, d.start);
  const end = Math.min(p.window.end, d.end);
  return start < end ? { start, end } : undefined;
}

/** `a` minus `b`: up to two intervals, in order. */
export function subtract(a: Interval, b: Interval): Interval[] {
  const out: Interval[] = [];
  if (b.start > a.start) out.push({ start: a.start, end: Math.min(a.end, b.start) });
  if (b.end < a.end) out.push({ start: Math.max(a.start, b.end), end: a.end });
  return out.filter((i) => i.start < i.end);
}
