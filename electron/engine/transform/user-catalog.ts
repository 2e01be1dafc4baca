// A user catalog file `{table: {column: athena_type}}` extends or overrides the built-in catalog.
import { readFile } from 'node:fs/promises';
import { ATHENA_TYPES, isAthenaType, type AthenaType, type Catalog, type TableSchema } from '../../../shared/catalog/tables';

export class CatalogFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogFileError';
  }
}

const NAME_RE = /^[a-z_][a-z0-9_]*$/;

/** Validates a parsed catalog document; `origin` names the file in messages. */
export function parseUserCatalog(doc: unknown, origin: string): Catalog {
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new CatalogFileError(`catalog file ${origin} must be a JSON object like {"mambu_clients": {"my_column": "string"}}`);
  }
  const out: Record<string, Record<string, AthenaType>> = {};
  for (const [table, cols] of Object.entries(doc as Record<string, unknown>)) {
    if (!NAME_RE.test(table)) problems.push(`table "${table}" is not an Athena table name (lowercase letters, digits, _)`);
    if (typeof cols !== 'object' || cols === null || Array.isArray(cols)) {
      problems.push(`table ${table} must map column names to types, like {"my_column": "string"}`);
      continue;
    }
    const schema: Record<string, AthenaType> = {};
    for (const [column, type] of Object.entries(cols as Record<string, unknown>)) {
      const t = typeof type === 'string' ? type.trim().toLowerCase() : type;
      if (!NAME_RE.test(column)) {
        problems.push(`table ${table} column "${column}" is not a snake_case column name (lowercase letters, digits, _)`);
      } else if (column === 'date' || column === 'timestamp_extracted') {
        problems.push(`table ${table} column ${column} is written by the engine and cannot be typed in the catalog`);
      } else if (!isAthenaType(t)) {
        problems.push(`table ${table} column ${column} has type ${JSON.stringify(type)}; allowed types: ${ATHENA_TYPES.join(', ')}`);
      } else {
        schema[column] = t;
      }
    }
    out[table] = schema;
  }
  if (problems.length > 0) throw new CatalogFileError(`catalog file ${origin}: ${problems.join('; ')}`);
  return out;
}

export async function loadUserCatalog(path: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new CatalogFileError(`catalog file ${path} cannot be read (${code}); check the path`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CatalogFileError(`catalog file ${path} is not valid JSON (${(err as Error).message})`);
  }
  return parseUserCatalog(doc, path);
}

/** The built-in catalog with the user's tables added and their columns added or overridden (built-in order
 *  first, then the user's new columns in file order). */
export function mergeCatalogs(base: Catalog, user: Catalog): Catalog {
  const out: Record<string, TableSchema> = { ...base };
  for (const [table, cols] of Object.entries(user)) out[table] = { ...(base[table] ?? {}), ...cols };
  return out;
}
