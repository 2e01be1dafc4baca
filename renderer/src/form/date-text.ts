// The event's date text, `YYYY-MM-DD HH:MM:SS` (UTC, 24-hour), as parts: for the calendar and the arrow keys.
export interface DateParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

const RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const p2 = (n: number) => String(n).padStart(2, '0');

export function parseDateText(v: string): DateParts | null {
  const m = RE.exec(v.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Only real dates (no 2025-02-30) and 24-hour times.
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return { y, mo, d, h, mi, s };
}

export function formatDateText(p: DateParts): string {
  return `${String(p.y).padStart(4, '0')}-${p2(p.mo)}-${p2(p.d)} ${p2(p.h)}:${p2(p.mi)}:${p2(p.s)}`;
}

/** Days in a month (1-12) of a year, UTC. */
export const daysIn = (y: number, mo: number) => new Date(Date.UTC(y, mo, 0)).getUTCDate();

/** The part under the caret: 0 year, 1 month, 2 day, 3 hour, 4 minute, 5 second (by position in the mask). */
export function segmentAt(caret: number): number {
  const starts = [0, 5, 8, 11, 14, 17];
  let seg = 0;
  for (let i = 0; i < starts.length; i++) if (caret >= starts[i]!) seg = i;
  return seg;
}

/** Steps one part by `delta` (ArrowUp/ArrowDown), rolling over through the calendar like a clock does. */
export function stepDateText(v: string, seg: number, delta: number): string | null {
  const p = parseDateText(v);
  if (!p) return null;
  const t = new Date(Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s));
  if (seg === 0) t.setUTCFullYear(p.y + delta);
  else if (seg === 1) t.setUTCMonth(p.mo - 1 + delta);
  else if (seg === 2) t.setUTCDate(p.d + delta);
  else if (seg === 3) t.setUTCHours(p.h + delta);
  else if (seg === 4) t.setUTCMinutes(p.mi + delta);
  else t.setUTCSeconds(p.s + delta);
  // A month step from the 31st stays in the target month (2025-01-31 + 1 month → 2025-02-28).
  if ((seg === 0 || seg === 1) && t.getUTCDate() !== p.d) t.setUTCDate(0);
  return formatDateText({
    y: t.getUTCFullYear(),
    mo: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    mi: t.getUTCMinutes(),
    s: t.getUTCSeconds(),
  });
}
