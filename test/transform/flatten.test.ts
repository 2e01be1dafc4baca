import { describe, expect, it } from 'vitest';
import { flattenRecord } from '../oracles/reference-cells';
import { cleanString } from '../../electron/engine/transform/clean';
import { makeRenamer } from '../../electron/engine/transform/rename';
import { ColumnMapper, ColumnCollisionError } from '../../electron/engine/transform/columns';
import { recordCells } from '../oracles/reference-cells';

describe('flattenRecord', () => {
  it('joins nested keys with _ and indexes arrays', () => {
    const leaves = flattenRecord({
      id: 'C1',
      addresses: [{ line1: 'a', city: 'x' }, { line1: 'b' }],
      balances: { totalBalance: 10.5, nested: { deep: true } },
      tags: ['p', 'q'],
    });
    expect(leaves.map((l) => [l.key, l.value])).toEqual([
      ['id', 'C1'],
      ['addresses_0_line1', 'a'],
      ['addresses_0_city', 'x'],
      ['addresses_1_line1', 'b'],
      ['balances_totalBalance', 10.5],
      ['balances_nested_deep', true],
      ['tags_0', 'p'],
      ['tags_1', 'q'],
    ]);
    expect(leaves[1]!.source).toBe('addresses[0].line1');
  });

  it('drops empty objects and arrays, keeps nulls', () => {
    const leaves = flattenRecord({ a: {}, b: [], c: null, d: { e: {} }, f: [[], {}] });
    expect(leaves).toEqual([{ key: 'c', source: 'c', value: null }]);
  });
});

describe('cleanString', () => {
  it('turns newlines, carriage returns and tabs into spaces and collapses double spaces', () => {
    expect(cleanString('a\nb\r\nc\td')).toBe('a b c d');
    expect(cleanString('x    y')).toBe('x y');
    expect(cleanString('plain')).toBe('plain');
  });
});

describe('rename_columns', () => {
  it('applies successive renames to snake_case names', () => {
    const r = makeRenamer([{ encoded_key: 'client_key' }, { client_key: 'ck' }, { id: 'client_id' }]);
    expect(r('encoded_key')).toBe('ck');
    expect(r('id')).toBe('client_id');
    expect(r('other')).toBe('other');
  });

  it('is applied by the column mapper after snake_case', () => {
    const m = new ColumnMapper([{ encoded_key: 'client_key' }]);
    const { cells } = recordCells({ encodedKey: 'K', firstName: 'Ann\tB' }, m);
    expect(cells).toEqual([
      ['client_key', 'K'],
      ['first_name', 'Ann B'],
    ]);
  });
});

describe('column collisions', () => {
  it('fails naming both source keys when two fields map to one column', () => {
    const m = new ColumnMapper();
    expect(() => recordCells({ fooBar: 1, foo_bar: 2 }, m)).toThrowError(/fooBar and foo_bar both map to column foo_bar/);
  });

  it('detects collisions across records of the run, and through nesting', () => {
    const m = new ColumnMapper();
    recordCells({ a: { bC: 1 } }, m);
    let err: unknown;
    try {
      recordCells({ a_bC: 2 }, m);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ColumnCollisionError);
    expect((err as ColumnCollisionError).sources).toEqual(['a.bC', 'a_bC']);
  });

  it('detects a rename that lands on an existing column', () => {
    const m = new ColumnMapper([{ id: 'client_id' }]);
    expect(() => recordCells({ id: 'x', clientId: 'y' }, m)).toThrowError(/id and clientId both map to column client_id/);
  });

  it('refuses a source field that maps to an engine column', () => {
    const m = new ColumnMapper();
    expect(() => recordCells({ date: '2025-01-01' }, m)).toThrowError(/engine writes itself.*rename_columns/);
    const ok = new ColumnMapper([{ date: 'source_date' }]);
    expect(recordCells({ date: '2025-01-01' }, ok).cells).toEqual([['source_date', '2025-01-01']]);
  });
});
