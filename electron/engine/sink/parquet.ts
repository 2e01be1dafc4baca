// Parquet encoding of one part (snappy) with an explicit schema, so every Athena type maps to the physical and
// logical type Athena and Spark expect — never to a guess from the data. The encoder is our own
// (parquet-format/): it works on the typed arrays the chunk writer sends across threads, which cut the engine's
// encoding CPU several-fold against the general-purpose writer it replaced (BENCHMARKS.md); the test suite
// checks its files against that writer's, read back by two independent readers.
import type { AthenaType } from '../../../shared/catalog/tables';
import { ParquetFileWriter } from './parquet-format/file-writer';
import { nullWire, toWire, wireRows, type ParquetColumn, type WireColumn } from './parquet-wire';

export type { ParquetColumn };

function checkColumns(
  columns: ReadonlyArray<{ name: string }>,
  rowCount: number,
  length = (c: unknown) => (c as ParquetColumn).values.length,
): void {
  if (columns.length === 0) throw new Error('a Parquet part needs at least one column');
  for (const c of columns) {
    const n = length(c);
    if (n !== rowCount) throw new Error(`column ${c.name} has ${n} values for ${rowCount} rows`);
  }
}

function wireLength(c: unknown): number {
  return wireRows(c as WireColumn);
}

/** One Parquet file written a row group at a time, so a part's encoding is spread over the pages that fill it
 *  instead of blocking the event loop for the whole part at once, and only one row group of values is held.
 *  Every row group has the part's columns: a column the group lacks is written as nulls; a group with a column
 *  the part lacks, or with another type, does not fit (`fits`) and must start a new part. */
export class ParquetPartWriter {
  private readonly file: ParquetFileWriter;
  private readonly types: Map<string, AthenaType>;
  private finished = false;
  rows = 0;
  rowGroups = 0;

  constructor(readonly columns: ReadonlyArray<{ name: string; type: AthenaType }>) {
    if (columns.length === 0) throw new Error('a Parquet part needs at least one column');
    this.types = new Map(columns.map((c) => [c.name, c.type]));
    this.file = new ParquetFileWriter(columns);
  }

  /** True when every column of the group is one of the part's, with the same type. */
  fits(columns: ReadonlyArray<{ name: string; type: AthenaType }>): boolean {
    return columns.every((c) => this.types.get(c.name) === c.type);
  }

  writeRowGroup(columns: readonly ParquetColumn[], rowCount: number): void {
    checkColumns(columns, rowCount);
    this.writeWireRowGroup(columns.map(toWire), rowCount);
  }

  /** The same, from the columns' wire form (what the encoder worker receives): no per-value boxing. */
  writeWireRowGroup(columns: readonly WireColumn[], rowCount: number): void {
    if (this.finished) throw new Error('this Parquet part is already finished');
    checkColumns(columns, rowCount, wireLength);
    if (!this.fits(columns)) throw new Error('row group columns do not match the part schema; start a new part');
    // Values read back from a file (an object rewritten without a newer window's rows) arrive as plain arrays.
    const byName = new Map(columns.map((c) => [c.name, c.kind === 'array' && c.type !== 'string' && c.type !== 'boolean' ? toWire(c) : c]));
    const ordered = this.columns.map((c) => byName.get(c.name) ?? nullWire(c.name, c.type, rowCount));
    this.file.writeRowGroup(ordered, Math.max(rowCount, 0));
    this.rows += rowCount;
    this.rowGroups++;
  }

  /** The file's bytes (footer written). */
  finish(): Uint8Array {
    if (this.finished) throw new Error('this Parquet part is already finished');
    this.finished = true;
    return this.file.finish();
  }
}
