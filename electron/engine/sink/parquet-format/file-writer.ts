// A Parquet file written a row group at a time: `PAR1`, the row groups' column chunks, the footer (FileMetaData,
// Thrift compact), its length and `PAR1` (https://parquet.apache.org/docs/file-format/). Flat OPTIONAL columns
// of the seven Athena types the catalogs use, mapped to the physical and logical types Athena expects.
import os from 'node:os';
import type { AthenaType } from '../../../../shared/catalog/tables';
import type { WireColumn } from '../parquet-wire';
import { ByteSink } from './byte-sink';
import { CODEC_SNAPPY, physicalOf, writeColumnChunk, type ColumnChunkMeta, type ColumnState } from './column-chunk';
import { CompactWriter, TType } from './thrift-compact';

// Values cross as typed arrays and are written as their bytes: the platform must be little-endian, as Parquet is
// (every platform Electron and Node ship for is).
if (os.endianness() !== 'LE') throw new Error('the Parquet writer needs a little-endian platform');

const utf8 = new TextEncoder();
const MAGIC = 0x31524150; // "PAR1"
const REPETITION_OPTIONAL = 1;
const CONVERTED_UTF8 = 0;
const CONVERTED_DATE = 6;
const CONVERTED_TIMESTAMP_MILLIS = 9;

interface RowGroupMeta {
  rows: number;
  columns: ColumnChunkMeta[];
}

export class ParquetFileWriter {
  private readonly file = new ByteSink(1 << 20);
  private readonly groups: RowGroupMeta[] = [];
  private readonly states: ColumnState[];
  private rows = 0;

  constructor(
    readonly columns: ReadonlyArray<{ name: string; type: AthenaType }>,
    private readonly createdBy = 'mambu-backfill',
  ) {
    if (columns.length === 0) throw new Error('a Parquet part needs at least one column');
    this.states = columns.map(() => ({ tryDictionary: true }));
    this.file.u32le(MAGIC);
  }

  /** One row group; `columns` in the file's column order, each with `rows` values. */
  writeRowGroup(columns: readonly WireColumn[], rows: number): void {
    if (columns.length !== this.columns.length) throw new Error('a row group must have every column of the file');
    const metas: ColumnChunkMeta[] = [];
    for (let i = 0; i < columns.length; i++) metas.push(writeColumnChunk(this.file, columns[i]!, rows, this.states[i]!));
    this.groups.push({ rows, columns: metas });
    this.rows += rows;
  }

  /** The file's bytes with its footer (the writer is done). */
  finish(): Uint8Array {
    const start = this.file.pos;
    this.writeFooter(new CompactWriter(this.file));
    const footerLength = this.file.pos - start;
    this.file.u32le(footerLength);
    this.file.u32le(MAGIC);
    return this.file.buf.slice(0, this.file.pos);
  }

  private writeFooter(w: CompactWriter): void {
    w.structBegin();
    w.i32(1, 1); // version
    w.list(2, TType.STRUCT, this.columns.length + 1);
    w.structBegin();
    w.string(4, 'root');
    w.i32(5, this.columns.length);
    w.structEnd();
    for (const c of this.columns) schemaElement(w, c.name, c.type);
    w.i64(3, this.rows);
    w.list(4, TType.STRUCT, this.groups.length);
    for (const g of this.groups) rowGroup(w, g);
    w.string(6, this.createdBy);
    // TYPE_DEFINED_ORDER for every column: readers may trust min_value/max_value.
    w.list(7, TType.STRUCT, this.columns.length);
    for (let i = 0; i < this.columns.length; i++) {
      w.structBegin();
      w.struct(1);
      w.structEnd();
      w.structEnd();
    }
    w.structEnd();
  }
}

function schemaElement(w: CompactWriter, name: string, type: AthenaType): void {
  w.structBegin();
  w.i32(1, physicalOf(type));
  w.i32(3, REPETITION_OPTIONAL);
  w.string(4, name);
  if (type === 'string') w.i32(6, CONVERTED_UTF8);
  else if (type === 'date') w.i32(6, CONVERTED_DATE);
  else if (type === 'timestamp') w.i32(6, CONVERTED_TIMESTAMP_MILLIS);
  if (type === 'string' || type === 'date' || type === 'timestamp') {
    w.struct(10); // LogicalType union
    if (type === 'string') {
      w.struct(1);
      w.structEnd();
    } else if (type === 'date') {
      w.struct(6);
      w.structEnd();
    } else {
      w.struct(8); // TimestampType
      w.bool(1, true); // isAdjustedToUTC
      w.struct(2); // TimeUnit
      w.struct(1); // MILLIS
      w.structEnd();
      w.structEnd();
      w.structEnd();
    }
    w.structEnd();
  }
  w.structEnd();
}

function rowGroup(w: CompactWriter, g: RowGroupMeta): void {
  w.structBegin();
  w.list(1, TType.STRUCT, g.columns.length);
  let total = 0;
  let totalCompressed = 0;
  for (const c of g.columns) {
    total += c.uncompressed;
    totalCompressed += c.compressed;
    const first = c.dictionaryPageOffset ?? c.dataPageOffset;
    w.structBegin();
    w.i64(2, first); // file_offset
    w.struct(3); // ColumnMetaData
    w.i32(1, c.type);
    w.list(2, TType.I32, c.encodings.length);
    for (const e of c.encodings) w.listI32(e);
    w.list(3, TType.BINARY, 1);
    const n = utf8.encode(c.name);
    w.out.varint(n.length);
    w.out.bytes(n);
    w.i32(4, CODEC_SNAPPY);
    w.i64(5, c.numValues);
    w.i64(6, c.uncompressed);
    w.i64(7, c.compressed);
    w.i64(9, c.dataPageOffset);
    if (c.dictionaryPageOffset !== undefined) w.i64(11, c.dictionaryPageOffset);
    w.struct(12); // Statistics
    w.i64(3, c.nullCount);
    if (c.min && c.max) {
      w.binary(5, c.max);
      w.binary(6, c.min);
    }
    w.structEnd();
    w.structEnd();
    w.structEnd();
  }
  w.i64(2, total);
  w.i64(3, g.rows);
  if (g.columns.length) w.i64(5, g.columns[0]!.dictionaryPageOffset ?? g.columns[0]!.dataPageOffset);
  w.i64(6, totalCompressed);
  w.structEnd();
}
