// What a written Parquet object says about itself, from its footer alone (read with hyparquet, an independent reader
// from the writer): its row count, for reconciliation, and its column types as Athena types, so that a table without a
// data catalog keeps the types its files already have (auto_schema decisions stick across runs).
import { parquetMetadata } from 'hyparquet';
import type { AthenaType } from '../../../shared/catalog/tables';
import type { Destination } from '../types';

/** Bytes read from an object's end: enough for the footer of most parts this tool writes (one row group per 2,000
 *  rows, ~100 bytes of metadata per column chunk); a larger footer is read again with its exact length. */
const TAIL_BYTES = 64 * 1024;

export interface ParquetFooter {
  rows: number;
  columns: Record<string, AthenaType>;
}

/** The Athena type a Parquet column element reads as (the inverse of the writer's schema mapping). */
export function athenaTypeOf(el: {
  type?: string;
  converted_type?: string;
  logical_type?: { type: string; bitWidth?: number };
}): AthenaType | undefined {
  const logical = el.logical_type?.type;
  switch (el.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
      return logical === 'DATE' || el.converted_type === 'DATE' ? 'date' : 'int';
    case 'INT64':
      return logical === 'TIMESTAMP' || el.converted_type === 'TIMESTAMP_MILLIS' || el.converted_type === 'TIMESTAMP_MICROS'
        ? 'timestamp'
        : 'bigint';
    case 'INT96':
      return 'timestamp';
    case 'FLOAT':
    case 'DOUBLE':
      return 'double';
    case 'BYTE_ARRAY':
      return 'string';
    default:
      return undefined;
  }
}

/** Parses a footer from the object's last bytes (or the whole object). Throws when it is not Parquet. */
export function parseFooter(tail: Uint8Array): ParquetFooter {
  const meta = parquetMetadata(tail);
  const columns: Record<string, AthenaType> = {};
  // Flat schemas only (this tool writes no nested columns): the root element, then one element per column.
  for (const el of meta.schema.slice(1)) {
    if (el.num_children) continue;
    const t = athenaTypeOf(el as Parameters<typeof athenaTypeOf>[0]);
    if (t) columns[el.name] = t;
  }
  return { rows: Number(meta.num_rows), columns };
}

/** The footer of one object of the destination: one ranged read of its tail, a second one only for a footer larger
 *  than the first read. `size`: the object's size when the caller wrote it (see Destination.read). Throws, naming the
 *  object, when it is not a readable Parquet file. */
export async function readFooter(destination: Destination, key: string, signal: AbortSignal, size?: number): Promise<ParquetFooter> {
  const first = await destination.read(key, signal, TAIL_BYTES, size);
  let tail = first.bytes;
  const where = destination.uriOf(key);
  if (tail.byteLength < 8) throw new Error(`${where} is not a Parquet file (${first.size} bytes)`);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const need = view.getUint32(tail.byteLength - 8, true) + 8;
  if (need > tail.byteLength && tail.byteLength < first.size) tail = (await destination.read(key, signal, need, first.size)).bytes;
  try {
    return parseFooter(tail);
  } catch (err) {
    throw new Error(`cannot read the Parquet footer of ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** How many of the newest objects of a table are read for its types (one footer read each). */
const TYPE_SAMPLE = 8;

/** The column types already written to a table in the destination (newest objects first win), or null when the
 *  table has no readable Parquet object there yet or the destination cannot read objects back. */
export async function existingTableTypes(
  destination: Destination,
  table: string,
  signal: AbortSignal,
): Promise<Record<string, AthenaType> | null> {
  const keys = (await destination.list(`${table}/`, signal))
    .filter((k) => k.endsWith('.parquet') && !k.split('/').some((p) => p.startsWith('_') || p.startsWith('.')))
    .sort()
    .reverse()
    .slice(0, TYPE_SAMPLE);
  if (keys.length === 0) return null;
  const out: Record<string, AthenaType> = {};
  for (const key of keys) {
    let footer: ParquetFooter | undefined;
    try {
      footer = await readFooter(destination, key, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      continue; // not a Parquet object of ours (a foreign file with a .parquet name): it types nothing
    }
    for (const [c, t] of Object.entries(footer?.columns ?? {})) out[c] ??= t;
  }
  delete out.timestamp_extracted;
  return out;
}
