// Parquet encoding of one part (snappy, one row group) with hyparquet-writer and an explicit schema, so every
// Athena type maps to the physical/logical type Athena and Spark expect — never to a guess from the data.
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import type { AthenaType } from '../../../shared/catalog/tables';
import type { ParquetValue } from '../transform/cast';

// hyparquet-writer bundles its own hyparquet types; take the schema element type from its signature.
type SchemaElement = NonNullable<Parameters<typeof parquetWrite>[0]['schema']>[number];

export interface ParquetColumn {
  name: string;
  type: AthenaType;
  /** Already cast: string | number (int, double, date as days since epoch) | bigint | boolean | Date | null. */
  values: ParquetValue[];
}

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

export function encodeParquet(columns: ParquetColumn[], rowCount: number): Uint8Array {
  if (columns.length === 0) throw new Error('a Parquet part needs at least one column');
  for (const c of columns) {
    if (c.values.length !== rowCount) throw new Error(`column ${c.name} has ${c.values.length} values for ${rowCount} rows`);
  }
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map((c) => schemaElement(c.name, c.type)),
  ];
  const writer = new ByteWriter();
  const done = parquetWrite({
    writer,
    schema,
    columnData: columns.map((c) => ({ name: c.name, data: c.values as unknown[] })),
    codec: 'SNAPPY',
    rowGroupSize: Math.max(rowCount, 1),
    createdBy: 'mambu-backfill',
  });
  if (done instanceof Promise) throw new Error('hyparquet-writer wrote asynchronously to an in-memory buffer');
  return new Uint8Array(writer.getBuffer());
}
