// One Mambu record → its cells (column name, cleaned scalar), plus a size estimate for the part-flush budget.
import type { MambuRecord } from '../types';
import { cleanString } from './clean';
import type { Scalar } from './cast';
import type { ColumnMapper } from './columns';
import { flattenRecord } from './flatten';

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
