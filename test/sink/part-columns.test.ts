// castBuffer is the chunk writer's cast of a buffered row group into the wire form the encoder takes: strings joined
// into one text with offsets, 64-bit integers and timestamps written into BigInt64Arrays through their 32-bit
// halves (no BigInt per cell). Read back through fromWire, every cell must equal what castValue, the reference
// cast, makes of it, and the same cells must fail to cast.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnBuilder } from '../../electron/engine/sink/column-builder';
import { castBuffer, openColumn, type PartBuffer } from '../../electron/engine/sink/part-columns';
import { fromWire } from '../../electron/engine/sink/parquet-wire';
import { CAST_FAILED, CastReport, castValue, type Scalar } from '../../electron/engine/transform/cast';
import { CellWalker } from '../../electron/engine/transform/cell-walker';
import { cleanString } from '../../electron/engine/transform/clean';
import { createOutputRunState } from '../../electron/engine/transform/run-state';
import type { AthenaType, Catalog } from '../../shared/catalog/tables';

const TYPES: AthenaType[] = ['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp'];
const catalog: Catalog = { t: Object.fromEntries(TYPES.map((type) => [`c_${type}`, type])) };

const instant = fc
  .integer({ min: -62_135_596_800_000, max: 253_402_300_799_000 })
  .chain((ms) =>
    fc.constantFrom(
      new Date(ms).toISOString(),
      new Date(ms).toISOString().replace('Z', '+00:00'),
      new Date(ms).toISOString().replace(/\.\d{3}Z$/, '-05:30'),
      new Date(ms).toISOString().slice(0, 10),
    ),
  );
const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  fc.constant(null),
  fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(),
  fc.boolean(),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
  instant,
);

function unit(v: unknown): unknown {
  if (v === 0) return 0; // an int column cannot hold -0 (Int32Array), as before
  if (v instanceof Date) return `D${v.getTime()}`;
  if (typeof v === 'bigint') return `${v}n`;
  return v;
}

describe('castBuffer', () => {
  it('casts every cell as castValue does (same values, same nulls, same failures), whatever the wire form', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.option(scalar, { nil: undefined, freq: 8 }), { minLength: TYPES.length, maxLength: TYPES.length }), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        (rows, asTheyArrive, capacity) => {
          const state = createOutputRunState({ table_name: 't', auto_schema: false, rename_columns: [] }, catalog);
          const walker = new CellWalker(state.mapper);
          const castReport = new CastReport();
          const buf: PartBuffer = { rows: 0, bytes: 0, slots: [] };
          // As the chunk writer does (cells cast as they arrive, into builders that start small and grow), or with
          // the values kept until the row group is cast (an auto_schema column's first row group).
          const into = {
            row: 0,
            cell(slot: number, value: Scalar) {
              const col = (buf.slots[slot] ??= asTheyArrive ? openColumn(slot, { walker, state, castReport }, capacity) : []);
              if (col instanceof ColumnBuilder) col.set(this.row, value);
              else col[this.row] = value;
            },
          };
          for (const row of rows) {
            into.row = buf.rows;
            // undefined: the record has no such field
            const fields = TYPES.flatMap((type, i) => (row[i] === undefined ? [] : [[`c_${type}`, row[i]]]));
            walker.walk(Object.fromEntries(fields), into);
            buf.rows++;
          }
          const wire = castBuffer(buf, { walker, state, castReport, drift: new Set(), extractedMs: 1_700_000_000_123n });
          const expectedFailures = new Map<string, number>();
          for (const [i, type] of TYPES.entries()) {
            const name = `c_${type}`;
            const col = wire.find((c) => c.name === name);
            const present = rows.some((r) => r[i] !== null && r[i] !== undefined);
            if (!col) {
              expect(present).toBe(false);
              continue;
            }
            const got = fromWire(col).values;
            rows.forEach((r, k) => {
              const raw = r[i] ?? null;
              // The walker hands on cleaned strings (the original's clean-up); the cast starts from those.
              const want = castValue(typeof raw === 'string' ? cleanString(raw) : raw, type);
              if (want === CAST_FAILED) expectedFailures.set(name, (expectedFailures.get(name) ?? 0) + 1);
              expect(unit(got[k]), `${name} row ${k}`).toEqual(
                want === CAST_FAILED ? null : type === 'timestamp' && want instanceof Date ? `${BigInt(want.getTime())}n` : unit(want),
              );
            });
          }
          const failures = castReport
            .details()
            .filter((d) => d.kind === 'cast-failure')
            .map((d) => [d.column, d.count]);
          expect(new Map(failures as Array<[string, number]>)).toEqual(expectedFailures);
          const extracted = fromWire(wire[wire.length - 1]!);
          expect(extracted.name).toBe('timestamp_extracted');
          expect(extracted.values.every((v) => v === 1_700_000_000_123n)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
