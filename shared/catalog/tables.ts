// Built-in column types for the standard Mambu raw-zone tables, by snake_case column name (after flattening).
// Athena types only. A user catalog file ({table: {column: athena_type}}) extends or overrides this at run time.

import { isAthenaType, ATHENA_TYPES, type AthenaType, type Catalog, type TableSchema } from './athena-types';
export { isAthenaType, ATHENA_TYPES, type AthenaType, type Catalog, type TableSchema };

import { BUILTIN_CATALOG } from './builtin';
export { BUILTIN_CATALOG };

/** The known columns of a built-in table, or undefined for a table the catalog does not know. */
export function tableColumns(table: string, catalog: Catalog = BUILTIN_CATALOG): ReadonlySet<string> | undefined {
  const schema = catalog[table];
  return schema ? new Set(Object.keys(schema)) : undefined;
}
