// A buffered part's cells cast into typed columns in the encoder's wire form (timestamp_extracted last). Columns
// whose type is already decided are cast as their cells arrive (ColumnBuilder); an auto_schema column seen for the
// first time keeps its values until the row group is cast, when its type is inferred from them.
// A value that cannot be cast becomes null and is counted in the chunk's CastReport (never copied anywhere).
import type { CastReport, Scalar } from '../transform/cast';
import type { CellWalker } from '../transform/cell-walker';
import type { OutputRunState } from '../transform/run-state';
import { ColumnBuilder } from './column-builder';
import type { WireColumn } from './parquet-wire';

const ENGINE_TIMESTAMP = 'timestamp_extracted';

/** Rows of one partition day not yet encoded, column-wise: column slot (CellWalker) → its cells, cast as they
 *  arrive, or kept as values by row index until the column's type is decided (holes = the record had no such
 *  field = null). */
export interface PartBuffer {
  rows: number;
  bytes: number;
  slots: Array<Scalar[] | ColumnBuilder | undefined>;
}

export interface CastContext {
  walker: CellWalker;
  state: OutputRunState;
  castReport: CastReport;
  /** Columns not in the catalog (schema drift), collected for the chunk's result. */
  drift: Set<string>;
  /** `timestamp_extracted` of every row, epoch ms. */
  extractedMs: bigint;
}

/** Where a slot's cells go in a new buffer: a ColumnBuilder when the column's type is decided (the catalog, the
 *  destination, a sticky inference; any other column of a table without auto_schema is string), else values. */
export function openColumn(
  slot: number,
  ctx: Pick<CastContext, 'walker' | 'state' | 'castReport'>,
  rows: number,
  /** Per slot, the size of its previous row group (the writer keeps them across row groups). */
  hints?: Array<{ bytes: number } | undefined>,
): Scalar[] | ColumnBuilder {
  const name = ctx.walker.columnName(slot);
  const type = ctx.state.types.typeOf(name) ?? (ctx.state.types.auto ? undefined : 'string');
  if (!type) return [];
  const hint = hints ? (hints[slot] ??= { bytes: 0 }) : undefined;
  return new ColumnBuilder(name, type, rows, ctx.castReport, hint);
}

export function castBuffer(buf: PartBuffer, ctx: CastContext): WireColumn[] {
  const n = buf.rows;
  const cols = new Map<string, Scalar[] | ColumnBuilder>();
  buf.slots.forEach((col, slot) => col && cols.set(ctx.walker.columnName(slot), col));
  const columns: WireColumn[] = ctx.state.types.columnsFor(cols).map((c): WireColumn => {
    const src = cols.get(c.name)!;
    let b: ColumnBuilder;
    if (src instanceof ColumnBuilder) {
      if (src.type !== c.type) throw new Error(`column ${c.name} was cast as ${src.type} but its part types it ${c.type}`);
      b = src;
    } else {
      b = new ColumnBuilder(c.name, c.type, n, ctx.castReport);
      for (let i = 0; i < n; i++) {
        const v = src[i];
        if (v !== undefined) b.set(i, v);
      }
    }
    if (c.drift) {
      ctx.drift.add(c.name);
      ctx.castReport.drift(c.name, b.nonNull);
    }
    return b.finish(n);
  });
  columns.push({
    name: ENGINE_TIMESTAMP,
    type: 'timestamp',
    kind: 'i64',
    data: new BigInt64Array(n).fill(ctx.extractedMs),
    nulls: new Uint8Array(n),
  });
  return columns;
}
