// Cast columns in the form they cross to the Parquet encoder worker: numbers, dates and timestamps as typed arrays
// with a null mask, the chunk writer's strings as UTF-8 bytes with offsets (all transferred, not copied: cloning
// an array of thousands of short strings cost the main thread ~4 ms per page, BENCHMARKS.md); booleans, and values
// read back from files, as plain arrays. The in-thread encoder reads the same form, so both paths write identical
// bytes.
import type { AthenaType } from '../../../shared/catalog/tables';
import type { ParquetValue } from '../transform/cast';

/** A column as plain values (tests, and objects read back for a rewrite). */
export interface ParquetColumn {
  name: string;
  type: AthenaType;
  /** Already cast: string | number (int, double, date as days since epoch) | bigint | boolean | Date | null.
   *  A timestamp may be a Date or a bigint of epoch milliseconds (the same bytes are written). */
  values: ParquetValue[];
}

export type WireColumn =
  | { name: string; type: AthenaType; kind: 'array'; values: ParquetValue[] }
  /** Strings as UTF-8: row i is `bytes[offsets[i] .. offsets[i + 1])`, null where `nulls[i]` is 1; `ascii` when every
   *  byte is below 0x80. */
  | { name: string; type: AthenaType; kind: 'utf8'; bytes: Uint8Array; offsets: Int32Array; nulls: Uint8Array; ascii: boolean }
  | { name: string; type: AthenaType; kind: 'f64'; data: Float64Array; nulls: Uint8Array }
  | { name: string; type: AthenaType; kind: 'i32'; data: Int32Array; nulls: Uint8Array }
  | { name: string; type: AthenaType; kind: 'i64'; data: BigInt64Array; nulls: Uint8Array };

/** The values hyparquet-writer takes (null where the mask says so). */
export function fromWire(c: WireColumn): ParquetColumn {
  if (c.kind === 'array') return { name: c.name, type: c.type, values: c.values };
  if (c.kind === 'utf8') return { name: c.name, type: c.type, values: stringValues(c) };
  const n = c.data.length;
  const values: ParquetValue[] = new Array(n);
  for (let i = 0; i < n; i++) values[i] = c.nulls[i] ? null : c.data[i]!;
  return { name: c.name, type: c.type, values };
}

const utf8 = new TextDecoder();

/** The values of a string column in its UTF-8 form. */
export function stringValues(c: WireColumn & { kind: 'utf8' }): Array<string | null> {
  const n = c.nulls.length;
  const out: Array<string | null> = new Array(n);
  // ASCII bytes are their own UTF-16 code units: one decode, then a slice per value.
  const text = c.ascii ? Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.length).toString('latin1') : undefined;
  for (let i = 0; i < n; i++) {
    if (c.nulls[i]) out[i] = null;
    else if (text !== undefined) out[i] = text.slice(c.offsets[i]!, c.offsets[i + 1]!);
    else out[i] = utf8.decode(c.bytes.subarray(c.offsets[i]!, c.offsets[i + 1]!));
  }
  return out;
}

/** Rows of a column in any wire form. */
export function wireRows(c: WireColumn): number {
  return c.kind === 'array' ? c.values.length : c.kind === 'utf8' ? c.nulls.length : c.data.length;
}

/** The buffers to transfer with a postMessage (each column owns its own). */
export function transferList(columns: readonly WireColumn[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const c of columns) {
    if (c.kind === 'utf8') out.push(c.bytes.buffer as ArrayBuffer, c.offsets.buffer as ArrayBuffer, c.nulls.buffer as ArrayBuffer);
    else if (c.kind !== 'array') out.push(c.data.buffer as ArrayBuffer, c.nulls.buffer as ArrayBuffer);
  }
  return out;
}

/** The wire form of plain column values (tests and the single-shot encoder): numbers, dates and timestamps into
 *  typed arrays with a null mask; strings and booleans stay arrays. */
export function toWire(c: ParquetColumn): WireColumn {
  const n = c.values.length;
  switch (c.type) {
    case 'string':
    case 'boolean':
      return { name: c.name, type: c.type, kind: 'array', values: c.values };
    case 'double':
    case 'int':
    case 'date': {
      const data = c.type === 'double' ? new Float64Array(n) : new Int32Array(n);
      const nulls = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = c.values[i];
        if (v === null || v === undefined) nulls[i] = 1;
        else data[i] = Number(v);
      }
      return c.type === 'double'
        ? { name: c.name, type: c.type, kind: 'f64', data: data as Float64Array, nulls }
        : { name: c.name, type: c.type, kind: 'i32', data: data as Int32Array, nulls };
    }
    case 'bigint':
    case 'timestamp': {
      const data = new BigInt64Array(n);
      const nulls = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = c.values[i];
        if (v === null || v === undefined) nulls[i] = 1;
        else data[i] = v instanceof Date ? BigInt(v.getTime()) : BigInt(v as number | bigint);
      }
      return { name: c.name, type: c.type, kind: 'i64', data, nulls };
    }
  }
}

/** A column of `rows` nulls (a row group that lacks one of its part's columns). */
export function nullWire(name: string, type: AthenaType, rows: number): WireColumn {
  switch (type) {
    case 'string':
    case 'boolean':
      return { name, type, kind: 'array', values: new Array<null>(rows).fill(null) };
    case 'double':
      return { name, type, kind: 'f64', data: new Float64Array(rows), nulls: new Uint8Array(rows).fill(1) };
    case 'int':
    case 'date':
      return { name, type, kind: 'i32', data: new Int32Array(rows), nulls: new Uint8Array(rows).fill(1) };
    case 'bigint':
    case 'timestamp':
      return { name, type, kind: 'i64', data: new BigInt64Array(rows), nulls: new Uint8Array(rows).fill(1) };
  }
}
