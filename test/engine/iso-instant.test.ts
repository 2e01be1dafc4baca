// The fast timestamp path must agree with the regular-expression parsers it short-cuts, on every string it
// accepts: checked against a copy of the reference parser (the oracle) on generated near-canonical strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastIsoInstant } from '../../electron/engine/iso-instant';
import { parseTimestampMs } from '../../electron/engine/transform/dates';
import { parseMambuTime } from '../../electron/engine/mambu/time';

// The reference: the regular-expression parser as it was before the fast path (transform/dates.ts).
const TS_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
function referenceMs(s: string): number | null {
  const m = TS_RE.exec(s.trim());
  if (!m) return null;
  const [, ys, mos, ds, hs = '0', mis = '0', ss = '0', frac = '', zone] = m;
  const y = Number(ys),
    mo = Number(mos),
    d = Number(ds),
    h = Number(hs),
    mi = Number(mis),
    sec = Number(ss);
  const days = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || sec > 59) return null;
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

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const nearCanonical = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    two(13),
    two(32),
    fc.constantFrom('T', ' ', 't'),
    two(24),
    two(60),
    two(60),
    fc.oneof(fc.constant(''), fc.stringMatching(/^[.,]\d{1,10}$/)),
    fc.oneof(
      fc.constantFrom('Z', 'z', '', '+00:00', '+0000', '-05:30', '+14:00', '+24:00', '-0960', '+1'),
      fc.stringMatching(/^[+-]\d{2}:?\d{2}$/),
    ),
    fc.constantFrom('', ' ', 'x'),
  )
  .map(([y, mo, d, t, h, mi, s, f, z, tail]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${f}${z}${tail}`);

describe('fastIsoInstant', () => {
  it('reads Mambu’s canonical shapes', () => {
    expect(fastIsoInstant('2025-01-31T10:15:00+02:00')).toBe(Date.UTC(2025, 0, 31, 8, 15));
    expect(fastIsoInstant('2025-01-31T10:15:00.123Z')).toBe(Date.UTC(2025, 0, 31, 10, 15, 0, 123));
    expect(fastIsoInstant('2024-02-29T23:59:59-0130')).toBe(Date.UTC(2024, 2, 1, 1, 29, 59));
  });

  it('leaves every other shape to the caller', () => {
    for (const s of [
      '2025-01-31',
      '2025-01-31 10:15:00Z',
      '2025-01-31T10:15Z',
      '2025-01-31T10:15:00',
      ' 2025-01-31T10:15:00Z',
      '2023-02-29T00:00:00Z',
      '0099-01-01T00:00:00Z',
      '2025-01-31T10:15:00.Z',
      '2025-01-31T10:15:00+24:00',
    ]) {
      expect(fastIsoInstant(s), s).toBeUndefined();
    }
  });

  it('agrees with the reference parser wherever it answers, and the public parsers agree with it everywhere', () => {
    fc.assert(
      fc.property(nearCanonical, (s) => {
        const ref = referenceMs(s);
        const fast = fastIsoInstant(s);
        if (fast !== undefined) expect(fast).toBe(ref);
        expect(parseTimestampMs(s)).toBe(ref);
        if (fast !== undefined) expect(parseMambuTime(s, 'Europe/Berlin')).toBe(fast);
      }),
      { numRuns: 20_000 },
    );
  });
});
