// Column types for one table, for the whole run. Authority, highest first:
//   1. the destination's own types (the Glue table's columns; without a registry, the types already written in the
//      table's Parquet files) — Athena reads every partition with the table's types, so a file must match them;
//   2. a user catalog file (--catalog), merged over
//   3. the built-in catalog (the original's data_catalog.py for its 13 tables): with auto_schema false a column the
//      table's entry does not name is string (schema drift, as the original); with auto_schema true the built-in
//      entry is not used and types are inferred with the original's rules, each decision kept for the rest of the
//      run so every part of the table agrees.
import { BUILTIN_CATALOG, type AthenaType, type Catalog } from '../../../shared/catalog/tables';
import type { Scalar } from './cast';
import { inferType } from './infer';
import { makeRenamer } from './rename';

export interface PartColumn {
  name: string;
  type: AthenaType;
  /** Not in the catalog: kept as string and reported as schema drift. */
  drift: boolean;
}

/** A column's cells in one part: its values, or (once they are cast as they arrive) how many are not null. */
export type ColumnCells = ReadonlyArray<Scalar | undefined> | { readonly nonNull: number };

/** Columns the engine writes itself: never typed from the data or a catalog. */
const ENGINE_COLUMNS = new Set(['timestamp_extracted', 'date']);

export class TableTypes {
  private readonly schema: Readonly<Record<string, AthenaType>>;
  private readonly catalogOrder: Map<string, number>;
  private readonly inferred = new Map<string, AthenaType>();

  constructor(
    readonly table: string,
    catalog: Catalog,
    readonly auto: boolean,
    renames: ReadonlyArray<Record<string, string>> = [],
    /** The destination's column types (final column names), when the table already exists there. */
    destination?: Readonly<Record<string, AthenaType>> | null,
  ) {
    const entry = catalog[table] ?? {};
    // auto_schema: only what a user catalog adds or changes over the built-in entry overrides inference.
    const builtin = BUILTIN_CATALOG[table] ?? {};
    const base = auto
      ? Object.fromEntries(Object.entries(entry).filter(([c, t]) => (catalog === BUILTIN_CATALOG ? false : builtin[c] !== t)))
      : entry;
    // A renamed catalog column keeps its type (and its place) under the new name, unless the catalog
    // already types the new name itself.
    const rename = makeRenamer(renames);
    const schema: Record<string, AthenaType> = {};
    for (const [col, type] of Object.entries(base)) {
      if (ENGINE_COLUMNS.has(col)) continue;
      const renamed = rename(col);
      const target = renamed !== col && renamed in base ? col : renamed;
      schema[target] ??= type;
    }
    for (const [col, type] of Object.entries(destination ?? {})) {
      if (!ENGINE_COLUMNS.has(col)) schema[col] = type;
    }
    this.schema = schema;
    this.catalogOrder = new Map(Object.keys(this.schema).map((c, i) => [c, i]));
  }

  /** True when a catalog or the destination (not inference) types this table. */
  get knownTable(): boolean {
    return !this.auto && this.catalogOrder.size > 0;
  }

  /** The type a column will be written with, when already decided (catalog, destination, or a sticky inference). */
  typeOf(column: string): AthenaType | undefined {
    return this.schema[column] ?? this.inferred.get(column);
  }

  /** The columns of one part, typed and in the deterministic order (catalog order, then the rest sorted).
   *  Columns that are null throughout the part and have no type yet are left out (they carry no data, and
   *  leaving them out keeps a later part free to decide their type). */
  columnsFor(values: ReadonlyMap<string, ColumnCells>): PartColumn[] {
    const known: PartColumn[] = [];
    const rest: PartColumn[] = [];
    for (const [name, vals] of values) {
      const catalogType = this.schema[name];
      if (catalogType) {
        known.push({ name, type: catalogType, drift: false });
        continue;
      }
      if (this.auto) {
        let t = this.inferred.get(name);
        if (!t) {
          // Cells are cast as they arrive only once the type is decided, so an undecided column has its values.
          if (!Array.isArray(vals)) throw new Error(`column ${name} has no type yet its cells were cast`);
          const guess = inferType(vals);
          if (!guess) continue;
          t = guess;
          this.inferred.set(name, t);
        }
        rest.push({ name, type: t, drift: false });
        continue;
      }
      if (Array.isArray(vals) ? vals.every((v) => v === null || v === undefined) : (vals as { nonNull: number }).nonNull === 0) continue;
      rest.push({ name, type: 'string', drift: true });
    }
    known.sort((a, b) => this.catalogOrder.get(a.name)! - this.catalogOrder.get(b.name)!);
    rest.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return [...known, ...rest];
  }

  /** The inferred decisions so far (auto_schema), for reports. */
  inferredTypes(): Record<string, AthenaType> {
    return Object.fromEntries([...this.inferred.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}
