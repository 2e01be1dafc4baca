import { describe, expect, it } from 'vitest';
import { CAST_FAILED, CastReport, castValue } from '../../electron/engine/transform/cast';
import { inferType } from '../../electron/engine/transform/infer';
import { parseTimestampMs } from '../../electron/engine/transform/dates';

describe('castValue', () => {
  it('keeps nulls null for every type (the original wrote 0 for numeric nulls)', () => {
    for (const t of ['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp'] as const) {
      expect(castValue(null, t)).toBeNull();
    }
  });

  it('casts valid values', () => {
    expect(castValue(42, 'int')).toBe(42);
    expect(castValue('42', 'int')).toBe(42);
    expect(castValue('9007199254740993', 'bigint')).toBe(9007199254740993n);
    expect(castValue(12, 'bigint')).toBe(12n);
    expect(castValue('1.5e3', 'double')).toBe(1500);
    expect(castValue(0.1, 'double')).toBe(0.1);
    expect(castValue('TRUE', 'boolean')).toBe(true);
    expect(castValue(false, 'boolean')).toBe(false);
    expect(castValue(12.5, 'string')).toBe('12.5');
    expect(castValue(true, 'string')).toBe('true');
    expect(castValue('1970-01-02', 'date')).toBe(1);
    expect(castValue('2025-01-31T23:30:00+02:00', 'date')).toBe(castValue('2025-01-31', 'date'));
    expect(castValue('2025-01-31T10:15:00+02:00', 'timestamp')).toEqual(new Date('2025-01-31T08:15:00Z'));
    expect(castValue('2025-01-31 10:15:00', 'timestamp')).toEqual(new Date('2025-01-31T10:15:00Z'));
    expect(castValue('2025-01-31T10:15:00.123Z', 'timestamp')).toEqual(new Date('2025-01-31T10:15:00.123Z'));
  });

  it('reports values it cannot cast instead of guessing', () => {
    expect(castValue('abc', 'int')).toBe(CAST_FAILED);
    expect(castValue(1.5, 'int')).toBe(CAST_FAILED);
    expect(castValue(3_000_000_000, 'int')).toBe(CAST_FAILED);
    expect(castValue('12abc', 'double')).toBe(CAST_FAILED);
    expect(castValue('yes', 'boolean')).toBe(CAST_FAILED);
    expect(castValue('2025-02-30', 'date')).toBe(CAST_FAILED);
    expect(castValue('not a date', 'timestamp')).toBe(CAST_FAILED);
    expect(castValue(1700000000000, 'timestamp')).toBe(CAST_FAILED);
  });

  it('CastReport names the column and the count, never a value (banking data)', () => {
    const r = new CastReport();
    r.fail('amount', 'double', 'IBAN-DE0012345');
    r.fail('amount', 'double', 'x');
    r.fail('age', 'int', 1.5);
    r.drift('custom_x', 2);
    const w = r.warnings();
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/column age: 1 value\(s\) could not be read as int .*the column stays int/);
    expect(w[1]).toMatch(/column amount: 2 value\(s\) could not be read as double/);
    const details = r.details();
    expect(details.map(({ kind, column, count }) => ({ kind, column, count }))).toEqual([
      { kind: 'cast-failure', column: 'age', count: 1 },
      { kind: 'cast-failure', column: 'amount', count: 2 },
      { kind: 'schema-drift', column: 'custom_x', count: 2 },
    ]);
    expect(JSON.stringify(details)).not.toMatch(/IBAN|1\.5|"x"/);
  });
});

describe('parseTimestampMs', () => {
  it('handles offsets, fractions and rejects impossible dates', () => {
    expect(parseTimestampMs('2025-01-01T00:00:00-05:00')).toBe(Date.UTC(2025, 0, 1, 5));
    expect(parseTimestampMs('2025-01-01T00:00:00+0530')).toBe(Date.UTC(2024, 11, 31, 18, 30));
    expect(parseTimestampMs('2025-01-01')).toBe(Date.UTC(2025, 0, 1));
    expect(parseTimestampMs('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseTimestampMs('2025-02-29T12:00:00Z')).toBeNull();
    expect(parseTimestampMs('2025-01-01T25:00:00Z')).toBeNull();
  });
});

describe('inferType (auto_schema)', () => {
  it('infers from non-null values', () => {
    expect(inferType([1, 2.5, null])).toBe('double');
    expect(inferType([true, null, false])).toBe('boolean');
    expect(inferType(['2025-01-01T10:00:00+01:00', null])).toBe('timestamp');
    expect(inferType(['2025-01-01', '2025-02-03'])).toBe('date');
    expect(inferType(['2025-01-01', '2025-02-03T10:00:00Z'])).toBe('timestamp');
    expect(inferType(['abc', 1])).toBe('string');
    expect(inferType(['123'])).toBe('int'); // the original read text with ast.literal_eval
    expect(inferType([1, true])).toBe('string');
    expect(inferType([null, undefined])).toBeNull();
  });
});
