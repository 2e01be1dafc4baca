// Rewrites an earlier run's object that a new chunk's window overlaps partly: the rows the new chunk now owns
// (cdc value in its window) go, the rest is re-encoded with the same column types and the same encoder, as one
// object per remaining interval, named for that interval (so names keep telling which rows an object can hold).
// The source is deleted only after its remainders are written: a kill in between leaves duplicates that the
// chunk's next attempt (resume, Retry failed) removes, as the remainder names are deterministic.
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { AthenaType } from '../../../shared/catalog/tables';
import type { Destination } from '../types';
import { parseTimestampMs } from '../transform/dates';
import { athenaTypeOf } from '../transform/parquet-footer';
import type { PartEncoder } from './parquet-encoder';
import { newPartId } from './parquet-encoder';
import type { ParquetValue } from '../transform/cast';
import type { WireColumn } from './parquet-wire';
import { subtract, type Interval, type ParsedPartName, partKey, windowChunkKey } from './object-names';

/** Rows per row group of a rewritten object (as the chunk writer's). */
const REWRITE_ROW_GROUP = 2_000;

interface SchemaNode {
  name: string;
  type?: string;
  converted_type?: string;
  logical_type?: { type: string };
}

/** Epoch ms of a cdc cell as read back (timestamp: bigint ms; date: days; string: ISO text), or null. */
function cdcMs(v: unknown): number | null {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') return parseTimestampMs(v);
  return null;
}

const loose = (s: string) => s.replace(/_/g, '').toLowerCase();

export interface RewriteInput {
  destination: Destination;
  table: string;
  key: string;
  name: ParsedPartName;
  /** The object's effective window (window ∩ partition day). */
  within: Interval;
  /** The new chunk's window: rows with a cdc value in it are dropped from the object. */
  window: Interval;
  /** Column name the cdc field lands in (matched loosely when the file spells it otherwise). */
  cdcColumn: string;
  encoder: PartEncoder;
  signal: AbortSignal;
}

export interface RewriteResult {
  /** Keys of the remainder objects written. */
  written: string[];
  /** Rows dropped because the new chunk owns them. */
  dropped: number;
  kept: number;
}

export async function rewriteWithout(i: RewriteInput): Promise<RewriteResult> {
  const { bytes } = await i.destination.read(i.key, i.signal);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const columns = parquetSchema(metadata).children.map((c) => {
    const el = c.element as SchemaNode;
    const type = athenaTypeOf(el);
    if (!type)
      throw new Error(
        `cannot rewrite ${i.destination.uriOf(i.key)}: column ${el.name} has a Parquet type mambu-backfill does not write (${el.type})`,
      );
    return { name: el.name, type };
  });
  const cdc = columns.find((c) => c.name === i.cdcColumn) ?? columns.find((c) => loose(c.name) === loose(i.cdcColumn));
  if (!cdc) {
    throw new Error(
      `cannot rewrite ${i.destination.uriOf(i.key)}, which overlaps this chunk's window partly: it has no column ${i.cdcColumn} to tell its rows' ` +
        `windows apart; delete it, or re-run its whole window ${i.name.chunkKey}`,
    );
  }
  // Timestamps as bigint epoch ms and dates as days: what the encoder takes, with no Date round trip.
  const rows = (await parquetReadObjects({
    file,
    metadata,
    parsers: { timestampFromMilliseconds: (ms: bigint) => ms, dateFromDays: (days: number) => days } as never,
  })) as Array<Record<string, unknown>>;

  const remaining = subtract(i.within, i.window);
  const groups: Array<Array<Record<string, unknown>>> = remaining.map(() => []);
  let dropped = 0;
  for (const row of rows) {
    const ms = cdcMs(
      cdc.type === 'date' && typeof row[cdc.name] === 'number' ? new Date((row[cdc.name] as number) * 86_400_000) : row[cdc.name],
    );
    if (ms !== null && ms >= i.window.start && ms < i.window.end) {
      dropped++;
      continue;
    }
    // A row without a readable cdc value (or, unexpectedly, outside the remaining intervals) is kept, in the first.
    const at =
      ms === null
        ? 0
        : Math.max(
            0,
            remaining.findIndex((r) => ms >= r.start && ms < r.end),
          );
    groups[at]?.push(row);
  }
  const written: string[] = [];
  for (let g = 0; g < remaining.length; g++) {
    const part = groups[g]!;
    if (part.length === 0) continue;
    const r = remaining[g]!;
    const key = partKey(i.table, i.name.day, windowChunkKey(new Date(r.start), new Date(r.end)), i.name.part);
    await i.destination.put(key, await encode(i.encoder, columns, part), i.signal);
    written.push(key);
  }
  await i.destination.delete([i.key], i.signal);
  return { written, dropped, kept: rows.length - dropped };
}

async function encode(
  encoder: PartEncoder,
  columns: Array<{ name: string; type: AthenaType }>,
  rows: Array<Record<string, unknown>>,
): Promise<Uint8Array> {
  const id = newPartId();
  try {
    for (let at = 0; at < rows.length; at += REWRITE_ROW_GROUP) {
      const slice = rows.slice(at, at + REWRITE_ROW_GROUP);
      const wire: WireColumn[] = columns.map((c) => ({
        name: c.name,
        type: c.type,
        kind: 'array',
        values: slice.map((row) => (row[c.name] ?? null) as ParquetValue),
      }));
      await encoder.rowGroup(id, wire, slice.length);
    }
    return await encoder.finish(id);
  } catch (err) {
    encoder.drop(id);
    throw err;
  }
}
