// Parquet encoding of one part (snappy, one row group) with hyparquet-writer and an explicit schema, so every
// Athena type maps to the physical/logical type Athena and Spark expect — never to a guess from the data.
import { ByteWriter, ParquetWriter, parquetWrite } from 'hyparquet-writer';
import type { AthenaType } from '../../../shared/catalog/tables';
import type { ParquetValue } from '../transform/cast';

// hyparquet-writer bundles its own hyparquet types; take the schema element type from its signature.
export type SchemaElement = NonNullable<Parameters<typeof parquetWrite>[0]['schema']>[number];

export interface ParquetColumn {
  name: string;
  type: AthenaType;
  /** Already cast: string | number (int, double, date as days since epoch) | bigint | boolean | Date | null.
   *  A timestamp may be a Date or a bigint of epoch milliseconds (the same bytes are written). */
  values: ParquetValue[];
}

/** The Parquet schema element an Athena type is written as. */
export function schemaElement(name: string, type: AthenaType): SchemaElement {
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

/** Every column has exactly `rowCount` values, and there is at least one column. */
export function checkColumns(columns: readonly ParquetColumn[], rowCount: number): void {
  if (columns.length === 0) throw new Error('a Parquet part needs at least one column');
  for (const c of columns) {
    if (c.values.length !== rowCount) throw new Error(`column ${c.name} has ${c.values.length} values for ${rowCount} rows`);
  }
}

/** One Parquet file written a row group at a time, so a part's encoding is spread over the pages that fill it
 *  instead of blocking the event loop for the whole part at once, and only one row group of JS values is held.
 *  Every row group has the part's columns: a column the group lacks is written as nulls; a group with a column
 *  the part lacks, or with another type, does not fit (`fits`) and must start a new part. */
export class ParquetPartWriter {
  private readonly writer = new ByteWriter(1 << 20);
  private readonly pq: ParquetWriter;
  private readonly types: Map<string, AthenaType>;
  private finished = false;
  rows = 0;
  rowGroups = 0;

  constructor(readonly columns: ReadonlyArray<{ name: string; type: AthenaType }>) {
    if (columns.length === 0) throw new Error('a Parquet part needs at least one column');
    this.types = new Map(columns.map((c) => [c.name, c.type]));
    const schema: SchemaElement[] = [
      { name: 'root', num_children: columns.length },
      ...columns.map((c) => schemaElement(c.name, c.type)),
    ];
    this.pq = new ParquetWriter({ writer: this.writer, schema, codec: 'SNAPPY', createdBy: 'mambu-backfill' });
  }

  /** True when every column of the group is one of the part's, with the same type. */
  fits(columns: readonly ParquetColumn[]): boolean {
    return columns.every((c) => this.types.get(c.name) === c.type);
  }

  writeRowGroup(columns: readonly ParquetColumn[], rowCount: number): void {
    if (this.finished) throw new Error('this Parquet part is already finished');
    checkColumns(columns, rowCount);
    if (!this.fits(columns)) throw new Error('row group columns do not match the part schema; start a new part');
    const byName = new Map(columns.map((c) => [c.name, c.values]));
    const columnData = this.columns.map((c) => ({
      name: c.name,
      data: (byName.get(c.name) ?? new Array<null>(rowCount).fill(null)) as unknown[],
    }));
    const done = this.pq.write({ columnData, rowGroupSize: Math.max(rowCount, 1) });
    if (done instanceof Promise) throw new Error('hyparquet-writer wrote asynchronously to an in-memory buffer');
    this.rows += rowCount;
    this.rowGroups++;
  }

  /** The file's bytes (footer written). */
  finish(): Uint8Array {
    if (this.finished) throw new Error('this Parquet part is already finished');
    this.finished = true;
    const done = this.pq.finish();
    if (done instanceof Promise) throw new Error('hyparquet-writer wrote asynchronously to an in-memory buffer');
    return new Uint8Array(this.writer.getBuffer());
  }
}
