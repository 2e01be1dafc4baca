// Cast columns in the form they cross to the Parquet encoder worker: numbers, dates and timestamps as typed arrays
// with a null mask (transferred, not copied), strings and booleans as plain arrays (structured clone). The
// in-thread encoder reads the same form, so both paths write identical bytes.
import type { AthenaType } from '../../../shared/catalog/tables';
import type { ParquetValue } from '../transform/cast';
import type { ParquetColumn } from './parquet';

export type WireColumn =
  | { name: string; type: AthenaType; kind: 'array'; values: ParquetValue[] }
  | { name: string; type: AthenaType; kind: 'f64'; data: Float64Array; nulls: Uint8Array }
  | { name: string; type: AthenaType; kind: 'i32'; data: Int32Array; nulls: Uint8Array }
  | { name: string; type: AthenaType; kind: 'i64'; data: BigInt64Array; nulls: Uint8Array };

/** The values hyparquet-writer takes (null where the mask says so). */
export function fromWire(c: WireColumn): ParquetColumn {
  if (c.kind === 'array') return { name: c.name, type: c.type, values: c.values };
  const n = c.data.length;
  const values: ParquetValue[] = new Array(n);
  for (let i = 0; i < n; i++) values[i] = c.nulls[i] ? null : c.data[i]!;
  return { name: c.name, type: c.type, values };
}

/** The buffers to transfer with a postMessage (each column owns its own). */
export function transferList(columns: readonly WireColumn[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const c of columns) if (c.kind !== 'array') out.push(c.data.buffer as ArrayBuffer, c.nulls.buffer as ArrayBuffer);
  return out;
}
