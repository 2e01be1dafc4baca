import { describe, expect, it } from 'vitest';
import { ParquetPartWriter, type ParquetColumn } from '../../electron/engine/sink/parquet';
import { hyparquetSchema, readWithHyparquet, readWithParquetWasm } from './read-parquet';

const ts1 = new Date('2025-01-31T08:15:00.123Z');
const columns: ParquetColumn[] = [
  { name: 'encoded_key', type: 'string', values: ['k1', null, 'ü € 😀'] },
  { name: 'loan_cycle', type: 'int', values: [1, null, -2147483648] },
  { name: 'entry_id', type: 'bigint', values: [9007199254740993n, null, -1n] },
  { name: 'amount', type: 'double', values: [10.25, null, 0] },
  { name: 'active', type: 'boolean', values: [true, null, false] },
  { name: 'birth_date', type: 'date', values: [20119, null, 0] },
  { name: 'creation_date', type: 'timestamp', values: [ts1, null, new Date(0)] },
];

/** One row group through the engine's writer. */
function encodeParquet(cols: ParquetColumn[], rows: number): Uint8Array {
  const w = new ParquetPartWriter(cols.map((c) => ({ name: c.name, type: c.type })));
  w.writeRowGroup(cols, rows);
  return w.finish();
}

describe('the engine’s Parquet writer, one row group', () => {
  const bytes = encodeParquet(columns, 3);

  it('writes the Athena types as the intended Parquet physical/logical types', () => {
    const { meta } = hyparquetSchema(bytes);
    const byName = Object.fromEntries(meta.schema.slice(1).map((e) => [e.name, e]));
    expect(byName.encoded_key).toMatchObject({
      type: 'BYTE_ARRAY',
      converted_type: 'UTF8',
      logical_type: { type: 'STRING' },
      repetition_type: 'OPTIONAL',
    });
    expect(byName.loan_cycle).toMatchObject({ type: 'INT32' });
    expect(byName.entry_id).toMatchObject({ type: 'INT64' });
    expect(byName.amount).toMatchObject({ type: 'DOUBLE' });
    expect(byName.active).toMatchObject({ type: 'BOOLEAN' });
    expect(byName.birth_date).toMatchObject({ type: 'INT32', converted_type: 'DATE' });
    expect(byName.creation_date).toMatchObject({
      type: 'INT64',
      converted_type: 'TIMESTAMP_MILLIS',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    });
    expect(meta.row_groups[0]!.columns[0]!.meta_data!.codec).toBe('SNAPPY');
    expect(meta.num_rows).toBe(3n);
  });

  it('reads back with hyparquet, nulls as null', async () => {
    const rows = await readWithHyparquet(bytes);
    expect(rows).toEqual([
      {
        encoded_key: 'k1',
        loan_cycle: 1,
        entry_id: 9007199254740993n,
        amount: 10.25,
        active: true,
        birth_date: new Date('2025-01-31T00:00:00Z'),
        creation_date: ts1,
      },
      { encoded_key: null, loan_cycle: null, entry_id: null, amount: null, active: null, birth_date: null, creation_date: null },
      {
        encoded_key: 'ü € 😀',
        loan_cycle: -2147483648,
        entry_id: -1n,
        amount: 0,
        active: false,
        birth_date: new Date(0),
        creation_date: new Date(0),
      },
    ]);
  });

  it('reads back with parquet-wasm (an independent reader)', () => {
    const t = readWithParquetWasm(bytes);
    expect(t.numRows).toBe(3);
    expect(t.fields.map((f) => [f.name, f.type])).toEqual([
      ['encoded_key', 'Utf8'],
      ['loan_cycle', 'Int32'],
      ['entry_id', 'Int64'],
      ['amount', 'Float64'],
      ['active', 'Bool'],
      ['birth_date', 'Date32<DAY>'],
      ['creation_date', 'Timestamp<MILLISECOND, UTC>'],
    ]);
    expect(t.rows[0]).toMatchObject({
      encoded_key: 'k1',
      loan_cycle: 1,
      entry_id: 9007199254740993n,
      amount: 10.25,
      active: true,
      creation_date: ts1.getTime(),
    });
    expect(t.rows[1]).toEqual({
      encoded_key: null,
      loan_cycle: null,
      entry_id: null,
      amount: null,
      active: null,
      birth_date: null,
      creation_date: null,
    });
    expect(t.rows[2]!.encoded_key).toBe('ü € 😀');
  });

  it('is deterministic for the same input', () => {
    expect(Buffer.from(encodeParquet(columns, 3)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('rejects ragged columns', () => {
    expect(() => encodeParquet([{ name: 'a', type: 'int', values: [1] }], 2)).toThrowError(/column a has 1 values for 2 rows/);
  });
});
