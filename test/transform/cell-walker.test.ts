// CellWalker is the chunk writer's fast path for recordCells: it must give exactly the same cells (columns, cleaned
// values, order), the same size estimate and the same collision errors, for every entity the simulator generates.
import { describe, expect, it } from 'vitest';
import { CellWalker } from '../../electron/engine/transform/cell-walker';
import { ColumnMapper } from '../../electron/engine/transform/columns';
import { recordCells } from '../oracles/reference-cells';
import { createTenant } from '../../electron/simulator/store';
import { ENTITY_NAMES } from '../../electron/simulator/records';
import type { MambuRecord } from '../../electron/engine/types';
import type { Scalar } from '../../electron/engine/transform/cast';

function walked(walker: CellWalker, record: MambuRecord): { cells: Array<[string, Scalar]>; bytes: number } {
  const cells: Array<[string, Scalar]> = [];
  const bytes = walker.walk(record, { cell: (slot, value) => cells.push([walker.columnName(slot), value]) });
  return { cells, bytes };
}

describe('CellWalker', () => {
  it('gives the same cells and size as recordCells for every simulated entity, records of varying shape included', () => {
    const tenant = createTenant({ seed: 7, zone: 'Europe/Berlin', startMs: Date.UTC(2025, 0, 1), endMs: Date.UTC(2025, 0, 4), perDay: {} });
    for (const entity of ENTITY_NAMES) {
      const store = tenant.get(entity)!;
      const renames: Array<Record<string, string>> = [{ encoded_key: 'record_key' }, { record_key: 'the_key' }];
      const slow = new ColumnMapper(renames);
      const walker = new CellWalker(new ColumnMapper(renames));
      const n = Math.min(store.baseCount, 60);
      expect(n).toBeGreaterThan(0);
      for (let i = 0; i < n; i++) {
        const r = store.get(i)!;
        expect(walked(walker, r), `${entity} #${i}`).toEqual(recordCells(r, slow));
      }
    }
  });

  it('handles nulls, empty objects and arrays, nested arrays, cleaning, and a field that is scalar in one record and nested in another', () => {
    const records: MambuRecord[] = [
      { a: null, b: {}, c: [], d: [[1, 'x\ty'], { e: 'two  spaces' }], f: 'plain', g: true },
      { a: { inner: 1 }, f: null, d: [null], h: undefined },
      {
        customFields: [
          { id: 'risk', value: 'r1\nr2' },
          { id: 'score', value: 3 },
        ],
      },
    ];
    const slow = new ColumnMapper();
    const walker = new CellWalker(new ColumnMapper());
    for (const r of records) expect(walked(walker, r)).toEqual(recordCells(r, slow));
  });

  it('throws the same collision error as recordCells, naming both source fields', () => {
    const walker = new CellWalker(new ColumnMapper());
    walked(walker, { a: { bC: 1 } });
    expect(() => walked(walker, { a_bC: 2 })).toThrowError(/a\.bC and a_bC both map to column a_b_c/);
    expect(() => walked(new CellWalker(new ColumnMapper()), { encodedKey: 'x', encoded_key: 'y' })).toThrowError(
      /both map to column encoded_key/,
    );
  });
});
