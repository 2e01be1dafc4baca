// The Athena column types a catalog may name, and the catalog's shape. Its own module so the generated built-in
// catalog (builtin.ts) and the catalog helpers (tables.ts) both depend on it, not on each other.

export const ATHENA_TYPES = ['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp'] as const;
export type AthenaType = (typeof ATHENA_TYPES)[number];
export type TableSchema = Readonly<Record<string, AthenaType>>;
export type Catalog = Readonly<Record<string, TableSchema>>;

export function isAthenaType(t: unknown): t is AthenaType {
  return typeof t === 'string' && (ATHENA_TYPES as readonly string[]).includes(t);
}
