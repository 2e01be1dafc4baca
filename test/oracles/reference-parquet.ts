// Test oracle: the general-purpose hyparquet-writer the engine used before its own writer (same schema mapping),
// kept out of the shipped engine so every file the engine writes can be compared with what it would have written.
import { ByteWriter, ParquetWriter, type parquetWrite } from 'hyparquet-writer';
import type { AthenaType } from '../../shared/catalog/tables';
import type { ParquetColumn } from '../../electron/engine/sink/parquet';

type SchemaElement = NonNullable<Parameters<typeof parquetWrite>[0]['schema']>[number];

function schemaElement(name: string, type: AthenaType): SchemaElement {
  const base = { name, repetition_type: 'OPTIONAL' as const };
  switch (type) {
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'int':
      return { ...base, type: 'INT32' };
    case 'bigint':
      return { ...base, type: 'INT64' };
    case 'double':
      return { ...base, type: 'DOUBLE' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'date':
      return { ...base, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'timestamp':
      return {
        ...base,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
  }
}

/** The reference file for row groups of plain column values (every group has every column, same order). */
export function referenceParquet(groups: ParquetColumn[][]): Uint8Array {
  const first = groups[0]!;
  const schema: SchemaElement[] = [{ name: 'root', num_children: first.length }, ...first.map((c) => schemaElement(c.name, c.type))];
  const writer = new ByteWriter();
  const pq = new ParquetWriter({ writer, schema, codec: 'SNAPPY', createdBy: 'reference' });
  for (const g of groups) {
    const done = pq.write({
      columnData: g.map((c) => ({ name: c.name, data: c.values as unknown[] })),
      rowGroupSize: Math.max(g[0]!.values.length, 1),
    });
    if (done instanceof Promise) throw new Error('reference writer went asynchronous');
  }
  const done = pq.finish();
  if (done instanceof Promise) throw new Error('reference writer went asynchronous');
  return new Uint8Array(writer.getBuffer());
}

/** One row group of plain column values, as the reference writes it. */
export function encodeParquet(columns: ParquetColumn[], rowCount: number): Uint8Array {
  for (const c of columns)
    if (c.values.length !== rowCount) throw new Error(`column ${c.name} has ${c.values.length} values for ${rowCount} rows`);
  return referenceParquet([columns]);
}
