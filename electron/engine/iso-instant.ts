// The fast path for the one timestamp shape Mambu sends on nearly every value: `YYYY-MM-DDTHH:MM:SS[.f…]` with
// `Z` or a `±HH:MM` / `±HHMM` offset. Read with charCodeAt instead of a regular expression and its capture
// strings: date parsing was ~8 % of the engine's CPU per page (profile in BENCHMARKS.md). Anything else —
// whitespace, a space separator, no seconds, no zone, an out-of-range field, a year before 100 — answers
// `undefined` and the caller's own (regular-expression) parser decides, so every caller keeps its semantics.

function num(s: string, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(at + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(y: number, m: number): number {
  if (m !== 2) return MONTH_DAYS[m - 1]!;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** Epoch milliseconds of a canonical ISO-8601 instant, or undefined when the string is not in that exact shape. */
export function fastIsoInstant(s: string): number | undefined {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return undefined;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const y = num(s, 0, 4),
    mo = num(s, 5, 2),
    d = num(s, 8, 2);
  const h = num(s, 11, 2),
    mi = num(s, 14, 2),
    sec = num(s, 17, 2);
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  if (d > daysIn(y, mo)) return undefined;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    let j = i + 1;
    while (j < n && j - i <= 9) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) break;
      j++;
    }
    const digits = j - i - 1;
    if (digits === 0 || digits > 9) return undefined;
    // Three digits (Mambu's form) are exact milliseconds; other lengths keep the reference arithmetic.
    ms = digits === 3 ? num(s, i + 1, 3) : Math.floor(Number(`0.${s.slice(i + 1, j)}`) * 1000);
    i = j;
  }
  const z = s.charCodeAt(i);
  let offsetMin = 0;
  if (z === 90 /* Z */) {
    if (i + 1 !== n) return undefined;
  } else if (z === 43 || z === 45 /* + - */) {
    const oh = num(s, i + 1, 2);
    let om: number;
    if (i + 6 === n && s.charCodeAt(i + 3) === 58) om = num(s, i + 4, 2);
    else if (i + 5 === n) om = num(s, i + 3, 2);
    else return undefined;
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
    offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return undefined;
  }
  return (((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offsetMin) * 60 + sec) * 1000 + ms;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): what Date.UTC computes,
 *  without the call. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
