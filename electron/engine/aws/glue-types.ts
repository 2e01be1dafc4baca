// Glue (Hive) column types ↔ the Athena types the writer knows. Glue holds Hive DDL type strings; the table's
// types are the authority once it exists, so reading them must never guess wider than what Athena reads.
import type { AthenaType } from '../../../shared/catalog/tables';

/** The AthenaType a Glue column type is written as. Parameterised and narrow numeric types are folded into the
 *  writer's types (varchar(n)/char(n) → string, tinyint/smallint → int, float/decimal(p,s) → double); complex
 *  types (array, map, struct) and anything unknown → string, which is how the writer lands nested values. */
export function athenaTypeOfGlue(glueType: string | undefined): AthenaType {
  const t = (glueType ?? '').trim().toLowerCase();
  if (t === 'int' || t === 'integer' || t === 'smallint' || t === 'tinyint') return 'int';
  if (t === 'bigint') return 'bigint';
  if (t === 'double' || t === 'float' || t === 'real' || t.startsWith('decimal')) return 'double';
  if (t === 'boolean') return 'boolean';
  if (t === 'date') return 'date';
  if (t === 'timestamp') return 'timestamp';
  return 'string';
}

/** The Glue column type for an AthenaType: the same Hive names (what awswrangler registers). */
export function glueTypeOf(t: AthenaType): string {
  return t;
}
