// Rows of a written object, read back from its Parquet footer only (one ranged read of its tail, a second one
// only for a footer larger than the first read): what reconciliation compares with the rows the chunk kept.
import { parquetMetadata } from 'hyparquet';
import type { Destination } from '../types';

const TAIL_BYTES = 64 * 1024;

export async function footerRows(destination: Destination, key: string, signal: AbortSignal): Promise<number> {
  const first = await destination.read(key, signal, TAIL_BYTES);
  const size = first.size;
  let bytes = first.bytes;
  const where = destination.uriOf(key);
  if (bytes.byteLength < 8) throw new Error(`${where} is not a Parquet file (${size} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const footerLength = view.getUint32(bytes.byteLength - 8, true);
  if (footerLength + 8 > bytes.byteLength && bytes.byteLength < size) ({ bytes } = await destination.read(key, signal, footerLength + 8));
  try {
    return Number(parquetMetadata(bytes).num_rows);
  } catch (err) {
    throw new Error(`cannot read the Parquet footer of ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
