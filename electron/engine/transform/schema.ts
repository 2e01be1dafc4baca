// Column types for one table, for the whole run: from the catalog, or inferred (auto_schema) with each decision
// kept for the rest of the run so every part of the table agrees.
import type { AthenaType, Catalog } from '../../../shared/catalog/tables';
import type { Scalar } from './cast';
import { inferType } from './infer';
import { makeRenamer } from './rename';

export interface PartColumn {
  name: string;
  type: AthenaType;
  /** Not in the catalog: kept as string and reported as schema drift. */
  drift: boolean;
}

export class TableTypes {
  private readonly schema: Readonly<Record<string, AthenaType>>;
  private readonly catalogOrder: Map<string, number>;
  private readonly inferred = new Map<string, AthenaType>();

  constructor(
    readonly table: string,
    catalog: Catalog,
    readonly auto: boolean,
    renames: ReadonlyArray<Record<string, string>> = [],
  ) {
    // A renamed catalog column keeps its type (and its place) under the new name, unless the catalog
    // already types the new name itself.
    const base = auto ? {} : (catalog[table] ?? {});
    const rename = makeRenamer(renames);
    const schema: Record<string, AthenaType> = {};
    for (const [col, type] of Object.entries(base)) {
      const renamed = rename(col);
      const target = renamed !== col && renamed in base ? col : renamed;
      schema[target] ??= type;
    }
    this.schema = schema;
    this.catalogOrder = new Map(Object.keys(this.schema).map((c, i) => [c, i]));
  }

  /** True when the catalog (not inference) types this table and knows it. */
  get knownTable(): boolean {
    return !this.auto && this.catalogOrder.size > 0;
  }

  /** The columns of one part, typed and in the deterministic order (catalog order, then the rest sorted).
   *  Columns that are null throughout the part and have no type yet are left out (they carry no data, and
   *  leaving them out keeps a later part free to decide their type). */
  columnsFor(values: ReadonlyMap<string, ReadonlyArray<Scalar | undefined>>): PartColumn[] {
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
          const guess = inferType(vals);
          if (!guess) continue;
          t = guess;
          this.inferred.set(name, t);
        }
        rest.push({ name, type: t, drift: false });
        continue;
      }
      if (vals.every((v) => v === null || v === undefined)) continue;
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
