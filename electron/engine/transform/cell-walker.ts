// The chunk writer's single pass over a record (tests compare it with the two-pass oracle recordCells in
// test/oracles/reference-cells.ts): the same cells (flatten_json keys, snake_case, renames, cleaned
// strings, collision guard) without building a key string, a source path and a leaf object per field of every
// record. Paths seen before are looked up in a trie that mirrors the records' shape, and each distinct path
// costs ColumnMapper.columnOf once per writer; cells come out as (column slot, value) so buffers index arrays.
import type { MambuRecord } from '../types';
import type { Scalar } from './cast';
import { cleanString } from './clean';
import type { ColumnMapper } from './columns';

interface PathNode {
  /** flatten_json key (`addresses_0_line1`) and source path (`addresses[0].line1`) of this path. */
  key: string;
  source: string;
  /** Column slot once the path has held a scalar; -1 before. */
  slot: number;
  fields?: Map<string, PathNode>;
  /** The field order of the last object seen here and its children: records of one shape skip the map lookup
   *  (one string identity check per field instead of a hash lookup). */
  order?: string[];
  kids?: PathNode[];
  items?: PathNode[];
}

/** The text an empty array / object is written as: flatten_json keeps it under its own key and the original wrote
 *  Python's str() of it, which is why its catalog types columns such as `addresses` as string. */
export const EMPTY_ARRAY = '[]';
export const EMPTY_OBJECT = '{}';

export interface CellSink {
  cell(slot: number, value: Scalar): void;
}

export class CellWalker {
  private readonly root: PathNode = { key: '', source: '', slot: -1 };
  private readonly columns: string[] = [];
  private readonly slotOf = new Map<string, number>();

  constructor(private readonly mapper: ColumnMapper) {}

  /** Column name of a slot. Slots are stable for this walker; several paths never share one (collision guard). */
  columnName(slot: number): string {
    return this.columns[slot]!;
  }

  /** Emits the record's cells; returns the record's size estimate (same formula as recordCells). */
  walk(record: MambuRecord, sink: CellSink): number {
    return 2 + this.object(record, this.root, sink);
  }

  private object(obj: Record<string, unknown>, node: PathNode, sink: CellSink): number {
    let bytes = 0;
    let i = 0;
    const fields = (node.fields ??= new Map());
    const order = (node.order ??= []);
    const kids = (node.kids ??= []);
    for (const k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      let child: PathNode | undefined;
      if (order[i] === k) child = kids[i]!;
      else {
        child = fields.get(k);
        if (!child) {
          child = { key: node.key ? `${node.key}_${k}` : k, source: node.source ? `${node.source}.${k}` : k, slot: -1 };
          fields.set(k, child);
        }
        order[i] = k;
        kids[i] = child;
      }
      i++;
      bytes += this.value(obj[k], child, sink);
    }
    // An empty object is a value of its own (flatten_json keeps it); the record's root is not.
    if (i === 0 && node !== this.root) return this.leaf(node, EMPTY_OBJECT, sink);
    return bytes;
  }

  private value(v: unknown, node: PathNode, sink: CellSink): number {
    if (v === null || v === undefined) return this.leaf(node, null, sink);
    if (typeof v === 'object') {
      if (!Array.isArray(v)) return this.object(v as Record<string, unknown>, node, sink);
      if (v.length === 0) return this.leaf(node, EMPTY_ARRAY, sink);
      let bytes = 0;
      const items = (node.items ??= []);
      for (let i = 0; i < v.length; i++) {
        const child = (items[i] ??= {
          key: node.key ? `${node.key}_${i}` : String(i),
          source: `${node.source}[${i}]`,
          slot: -1,
        });
        bytes += this.value(v[i], child, sink);
      }
      return bytes;
    }
    if (typeof v === 'string') return this.leaf(node, cleanString(v), sink);
    if (typeof v === 'number' || typeof v === 'boolean') return this.leaf(node, v, sink);
    // bigint, symbol, function: not produced by JSON.parse; keep the text rather than drop the field.
    return this.leaf(node, cleanString(String(v)), sink);
  }

  private leaf(node: PathNode, value: Scalar, sink: CellSink): number {
    let slot = node.slot;
    if (slot < 0) {
      const column = this.mapper.columnOf(node.key, node.source);
      slot = this.slotOf.get(column) ?? -1;
      if (slot < 0) {
        slot = this.columns.length;
        this.columns.push(column);
        this.slotOf.set(column, slot);
      }
      node.slot = slot;
    }
    sink.cell(slot, value);
    return node.key.length + 4 + (typeof value === 'string' ? value.length + 2 : value === null ? 4 : 8);
  }
}
