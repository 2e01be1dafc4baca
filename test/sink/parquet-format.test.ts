// The engine's own Parquet writer against the general-purpose writer it replaced (test/oracles/reference-parquet):
// generated columns of every Athena type, with nulls, repeats (dictionary) and unique values (plain), several row
// groups, non-ASCII and astral strings, extreme numbers. Both files are read back by two independent readers
// (hyparquet, and parquet-wasm = Rust's parquet crate) and must hold the same schema, values, nulls and row order;
// the footer statistics must be true bounds. The snappy coder round-trips through hyparquet's decoder.
import fc from 'fast-check';
import { parquetMetadata, snappyUncompress } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ParquetPartWriter, type ParquetColumn } from '../../electron/engine/sink/parquet';
import { ColumnBuilder } from '../../electron/engine/sink/column-builder';
import { toWire, type WireColumn } from '../../electron/engine/sink/parquet-wire';
import { CastReport } from '../../electron/engine/transform/cast';
import { compareCodePoints } from '../../electron/engine/sink/parquet-format/column-chunk';
import { snappyCompress } from '../../electron/engine/sink/parquet-format/snappy';
import type { AthenaType } from '../../shared/catalog/tables';
import { referenceParquet } from '../oracles/reference-parquet';
import { hyparquetSchema, readWithHyparquet, readWithParquetWasm } from './read-parquet';

const TYPES: AthenaType[] = ['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp'];

/** Flavour 0: values that repeat (dictionary); 1: random; for strings 1 is any code unit, 2 printable ASCII, 3 ASCII
 *  values that are prefixes of one another (statistics compare bytes, shorter first). */
function valueArb(type: AthenaType, flavour: number): fc.Arbitrary<ParquetColumn['values'][number]> {
  const repeats = flavour === 0;
  const str = [
    fc.constantFrom('Active', 'CLOSED', 'ü-ünïcode', '😀 astral', '', '\uE000 private'),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 90 }),
    fc.string({ unit: fc.constantFrom('a', 'b', ' '), maxLength: 12 }),
    // About as many distinct values as a dictionary takes before it gives up (half the values): both sides of it.
    fc.integer({ min: 0, max: 120 }).map((i) => `v${i}`),
  ][flavour]!;
  switch (type) {
    case 'string':
      return str;
    case 'int':
      return repeats ? fc.constantFrom(0, -1, 7) : fc.integer({ min: -2147483648, max: 2147483647 });
    case 'bigint':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'double':
      return fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1.5, Number.MAX_VALUE, -Infinity));
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.integer({ min: -719_162, max: 2_932_896 });
    case 'timestamp':
      return fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_000 }).map((ms) => new Date(ms));
  }
}

const columnsArb = fc
  .array(fc.tuple(fc.constantFrom(...TYPES), fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 1, noNaN: true })), {
    minLength: 1,
    maxLength: 9,
  })
  .chain((specs) => fc.tuple(fc.constant(specs), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 3 })))
  .chain(([specs, groupRows]) =>
    fc.tuple(
      ...groupRows.map((rows) =>
        fc.tuple(
          ...specs.map(([type, flavour, nullShare], i) =>
            fc
              .array(
                fc.oneof(
                  { weight: Math.round(nullShare * 10), arbitrary: fc.constant(null) },
                  { weight: 10, arbitrary: valueArb(type, flavour) },
                ),
                { minLength: rows, maxLength: rows },
              )
              .map((values): ParquetColumn => ({ name: `c${i}_${type}`, type, values })),
          ),
        ),
      ),
    ),
  );

/** Snappy's inputs: random bytes (few matches) or pieces of loan-like text joined (many). */
function snappyInput(maxBytes: number, maxPieces: number): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength: maxBytes }),
    fc
      .array(fc.constantFrom('8a19c2', 'LOAN', '2025-01-01T00:00:00+00:00', 'x'), { maxLength: maxPieces })
      .map((a) => new TextEncoder().encode(a.join(''))),
  );
}

function ours(groups: ParquetColumn[][]): Uint8Array {
  const w = new ParquetPartWriter(groups[0]!.map((c) => ({ name: c.name, type: c.type })));
  for (const g of groups) w.writeRowGroup(g, g[0]!.values.length);
  return w.finish();
}

/** Rows as comparable JSON (bigint and Date spelled out). -0 compares equal to 0 here: the reference writer's
 *  dictionary (a Map) folds -0 into 0; ours keeps it (its own test below). */
function normal(rows: Record<string, unknown>[]): string {
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Date ? `D${v.getTime()}` : v));
}

describe('the engine’s Parquet writer', () => {
  it('writes the same content as the reference writer, read back by hyparquet and parquet-wasm', async () => {
    await fc.assert(
      fc.asyncProperty(columnsArb, async (groups) => {
        const g = groups as ParquetColumn[][];
        const mine = ours(g);
        const ref = referenceParquet(g);
        expect(normal(await readWithHyparquet(mine))).toBe(normal(await readWithHyparquet(ref)));
        const a = readWithParquetWasm(mine);
        const b = readWithParquetWasm(ref);
        expect(a.fields).toEqual(b.fields);
        expect(a.numRows).toBe(b.numRows);
        expect(normal(a.rows)).toBe(normal(b.rows));
        const leaves = (s: ReturnType<typeof hyparquetSchema>) =>
          s.meta.schema.map((e) => [e.name, e.type, e.repetition_type, e.converted_type, JSON.stringify(e.logical_type)]);
        expect(leaves(hyparquetSchema(mine))).toEqual(leaves(hyparquetSchema(ref)));
      }),
      { numRuns: 120 },
    );
  });

  it('writes the same file from the chunk writer’s wire form (strings as UTF-8 bytes with offsets) as from plain values', async () => {
    await fc.assert(
      fc.asyncProperty(columnsArb, async (groups) => {
        const g = groups as ParquetColumn[][];
        const utf8Form = (c: ParquetColumn): WireColumn => {
          if (c.type !== 'string') return toWire(c);
          const b = new ColumnBuilder(c.name, c.type, c.values.length, new CastReport());
          c.values.forEach((v, i) => b.set(i, v as string | null));
          return b.finish(c.values.length);
        };
        const w = new ParquetPartWriter(g[0]!.map((c) => ({ name: c.name, type: c.type })));
        for (const group of g) w.writeWireRowGroup(group.map(utf8Form), group[0]!.values.length);
        const mine = w.finish();
        const plain = ours(g);
        // A lone surrogate has no UTF-8 form: both write U+FFFD, but the plain form's dictionary keeps two lone
        // surrogates apart where the bytes cannot, so only the content is the same then.
        const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
        const wellFormed = g.every((group) => group.every((c) => c.values.every((v) => typeof v !== 'string' || !lone.test(v))));
        if (wellFormed) expect(Buffer.from(mine).equals(Buffer.from(plain))).toBe(true);
        else expect(normal(await readWithHyparquet(mine))).toBe(normal(await readWithHyparquet(plain)));
      }),
      { numRuns: 200 },
    );
  });

  it('records true statistics: null counts, and min/max that bound every value', async () => {
    await fc.assert(
      fc.asyncProperty(columnsArb, async (groups) => {
        const g = groups as ParquetColumn[][];
        const bytes = ours(g);
        const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        const meta = parquetMetadata(file);
        meta.row_groups.forEach((rg, gi) => {
          rg.columns.forEach((cc, ci) => {
            const col = g[gi]![ci]!;
            const stats = cc.meta_data!.statistics!;
            const present = col.values.filter((v) => v !== null);
            expect(Number(stats.null_count)).toBe(col.values.length - present.length);
            if (stats.min_value === undefined) return;
            // hyparquet reads DATE and TIMESTAMP bounds as Dates: compare in the column's unit.
            const unit = (b: unknown) => (b instanceof Date ? (col.type === 'date' ? b.getTime() / 86_400_000 : b.getTime()) : b);
            for (const v of present) {
              const x = col.type === 'timestamp' ? (v as Date).getTime() : v;
              const lo = unit(stats.min_value);
              const hi = unit(stats.max_value);
              if (col.type === 'string') {
                expect(compareCodePoints(v as string, lo as string)).toBeGreaterThanOrEqual(0);
                expect(compareCodePoints(v as string, hi as string)).toBeLessThanOrEqual(0);
              } else if (col.type === 'bigint') {
                expect(BigInt(v as bigint) >= BigInt(lo as bigint) && BigInt(v as bigint) <= BigInt(hi as bigint)).toBe(true);
              } else if (col.type === 'boolean') {
                expect(Number(v) >= Number(lo) && Number(v) <= Number(hi)).toBe(true);
              } else {
                expect((x as number) >= Number(lo) && (x as number) <= Number(hi)).toBe(true);
              }
            }
          });
        });
      }),
      { numRuns: 60 },
    );
  });

  it('writes a part with no rows that both readers open (the reference writer cannot)', async () => {
    const cols: ParquetColumn[] = TYPES.map((type) => ({ name: type, type, values: [] }));
    const bytes = ours([cols]);
    expect(await readWithHyparquet(bytes)).toEqual([]);
    const wasm = readWithParquetWasm(bytes);
    expect(wasm.numRows).toBe(0);
    expect(wasm.fields.map((f) => f.name)).toEqual(TYPES);
  });

  it('keeps -0 as written', async () => {
    const bytes = ours([[{ name: 'x', type: 'double', values: [0, -0, 0] }]]);
    const back = (await readWithHyparquet(bytes)).map((r) => Object.is(r.x, -0));
    expect(back).toEqual([false, true, false]);
  });

  it('orders strings by code point as UTF-8 bytes do', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const ea = Buffer.from(a, 'utf8');
        const eb = Buffer.from(b, 'utf8');
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(Buffer.compare(ea, eb)));
      }),
      { numRuns: 5000 },
    );
  });

  it('snappy output decodes to its input (hyparquet’s decoder), for repetitive and random bytes of many sizes', () => {
    fc.assert(
      fc.property(snappyInput(200_000, 20_000), (input) => {
        const packed = snappyCompress(input);
        const out = new Uint8Array(input.length);
        snappyUncompress(packed, out);
        expect(Buffer.from(out).equals(Buffer.from(input))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('snappy reads a view into a larger buffer as its own copy, never the bytes around it', () => {
    fc.assert(
      fc.property(
        snappyInput(70_000, 8_000),
        fc.integer({ min: 0, max: 64 }),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        (input, at, around) => {
          const big = new Uint8Array(at + input.length + around.length);
          big.set(around.subarray(0, at), 0);
          big.set(input, at);
          big.set(around, at + input.length);
          const packed = snappyCompress(big.subarray(at, at + input.length));
          expect(Buffer.from(packed).equals(Buffer.from(snappyCompress(input.slice())))).toBe(true);
          const out = new Uint8Array(input.length);
          snappyUncompress(packed, out);
          expect(Buffer.from(out).equals(Buffer.from(input))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
