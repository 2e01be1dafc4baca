// Two independent readers for tests: hyparquet (same family as the writer) and parquet-wasm (Rust's parquet
// crate compiled to wasm) decoded through apache-arrow.
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { readParquet } from 'parquet-wasm/node';
import { tableFromIPC } from 'apache-arrow';

export async function readWithHyparquet(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return parquetReadObjects({ file });
}

export function hyparquetSchema(bytes: Uint8Array) {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const meta = parquetMetadata(file);
  return { meta, tree: parquetSchema(meta) };
}

export function readWithParquetWasm(bytes: Uint8Array) {
  const wasmTable = readParquet(bytes);
  const table = tableFromIPC(wasmTable.intoIPCStream());
  return {
    numRows: table.numRows,
    fields: table.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })),
    rows: table.toArray().map((r) => r.toJSON() as Record<string, unknown>),
  };
}
