// Built-in column types for the standard Mambu raw-zone tables, by snake_case column name (after flattening).
// Athena types only. A user catalog file ({table: {column: athena_type}}) extends or overrides this at run time.

export const ATHENA_TYPES = ['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp'] as const;
export type AthenaType = (typeof ATHENA_TYPES)[number];
export type TableSchema = Readonly<Record<string, AthenaType>>;
export type Catalog = Readonly<Record<string, TableSchema>>;

import { BUILTIN_CATALOG } from './builtin';
export { BUILTIN_CATALOG };

/** The known columns of a built-in table, or undefined for a table the catalog does not know. */
export function tableColumns(table: string, catalog: Catalog = BUILTIN_CATALOG): ReadonlySet<string> | undefined {
  const schema = catalog[table];
  return schema ? new Set(Object.keys(schema)) : undefined;
}

export function isAthenaType(t: unknown): t is AthenaType {
  return typeof t === 'string' && (ATHENA_TYPES as readonly string[]).includes(t);
}
