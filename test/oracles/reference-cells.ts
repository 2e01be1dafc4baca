// Test oracle: the straightforward two-pass version of the chunk writer's cell walk (CellWalker, the engine's single
// fast pass): flatten a record the way flatten_json (the original's library) does, then map each leaf to its column
// and clean its string. Nested object keys are joined with "_", array items indexed ("addresses_0_line1"), empty
// objects and arrays produce no column at all; each leaf keeps its source path, so a column-name collision can name
// both source fields. Kept out of the shipped engine: only the tests compare the walker against it.
import type { MambuRecord } from '../../electron/engine/types';
import { cleanString } from '../../electron/engine/transform/clean';
import type { Scalar } from '../../electron/engine/transform/cast';
import type { ColumnMapper } from '../../electron/engine/transform/columns';

export interface FlatLeaf {
  /** The flattened key before snake_case, e.g. `addresses_0_line1`. */
  key: string;
  /** The path in the source record, for messages, e.g. `addresses[0].line1`. */
  source: string;
  /** A scalar (string, number, boolean) or null. */
  value: string | number | boolean | null;
}

export function flattenRecord(record: Record<string, unknown>): FlatLeaf[] {
  const out: FlatLeaf[] = [];
  walk(record, '', '', out);
  return out;
}

function walk(value: unknown, key: string, source: string, out: FlatLeaf[]): void {
  if (value === null || value === undefined) {
    if (key) out.push({ key, source, value: null });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, key ? `${key}_${i}` : String(i), `${source}[${i}]`, out));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      walk(v, key ? `${key}_${k}` : k, source ? `${source}.${k}` : k, out);
    }
    return;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push({ key, source, value });
    return;
  }
  // bigint, symbol, function: not produced by JSON.parse; keep the text rather than drop the field.
  out.push({ key, source, value: String(value) });
}

export interface RecordCells {
  cells: Array<[column: string, value: Scalar]>;
  /** Roughly the record's JSON size in bytes (keys + values), to bound buffered memory without stringifying. */
  bytes: number;
}

export function recordCells(record: MambuRecord, mapper: ColumnMapper): RecordCells {
  const leaves = flattenRecord(record);
  const cells: Array<[string, Scalar]> = new Array(leaves.length);
  let bytes = 2;
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i]!;
    const column = mapper.columnOf(leaf.key, leaf.source);
    const value = typeof leaf.value === 'string' ? cleanString(leaf.value) : leaf.value;
    cells[i] = [column, value];
    bytes += leaf.key.length + 4 + (typeof value === 'string' ? value.length + 2 : value === null ? 4 : 8);
  }
  return { cells, bytes };
}
