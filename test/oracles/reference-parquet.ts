// Test oracle: a whole Parquet part encoded in one call by hyparquet-writer's parquetWrite, with the engine's own
// schema mapping. The engine writes parts a row group at a time (ParquetPartWriter); one row group of it must be
// byte for byte what this writes. Kept out of the shipped engine: only the tests compare against it.
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { checkColumns, schemaElement, type ParquetColumn, type SchemaElement } from '../../electron/engine/sink/parquet';

export function encodeParquet(columns: ParquetColumn[], rowCount: number): Uint8Array {
  checkColumns(columns, rowCount);
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
