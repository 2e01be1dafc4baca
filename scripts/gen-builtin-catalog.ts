// Prints shared/catalog/builtin.ts: the built-in Athena column types.
//  - The 13 tables the original job defined are copied EXACTLY from shared/catalog/original-catalog.json (its
//    data_catalog.py): the analysts' Athena tables were created with those types, and a partition written with any
//    other type is rejected by Athena (HIVE_PARTITION_SCHEMA_MISMATCH).
//  - Tables the original never defined get Mambu v2 types: from the Swagger definitions vendored in
//    docs/mambu-specs/ where one exists, else from the Mambu v2 field names listed below.
// Reads only files inside the repository.
//   npx tsx scripts/gen-builtin-catalog.ts > shared/catalog/builtin.ts
//   npx tsx scripts/gen-builtin-catalog.ts --diff   (where the original's types differ from Mambu's Swagger)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toSnakeCase } from '../electron/engine/transform/snake-case';

type AthenaType = 'string' | 'int' | 'bigint' | 'double' | 'boolean' | 'date' | 'timestamp';
interface SwaggerProp {
  type?: string;
  format?: string;
  $ref?: string;
  properties?: Record<string, SwaggerProp>;
}
type Definitions = Record<string, SwaggerProp>;

const ROOT = join(import.meta.dirname, '..');
const specsDir = join(ROOT, 'docs/mambu-specs');
const original = JSON.parse(readFileSync(join(ROOT, 'shared/catalog/original-catalog.json'), 'utf8')) as Record<
  string,
  Record<string, AthenaType>
>;

function athenaTypeOf(p: SwaggerProp): AthenaType {
  if (p.type === 'string' && p.format === 'date-time') return 'timestamp';
  if (p.type === 'string' && p.format === 'date') return 'date';
  if (p.type === 'number') return 'double';
  if (p.type === 'integer') return p.format === 'int64' ? 'bigint' : 'int';
  if (p.type === 'boolean') return 'boolean';
  return 'string';
}

function fromSwagger(defs: Definitions, name: string): Array<[string, AthenaType]> {
  const out: Array<[string, AthenaType]> = [];
  const walk = (props: Record<string, SwaggerProp>, prefix: string, depth: number, seen: string[]) => {
    for (const [key, raw] of Object.entries(props)) {
      const path = prefix ? `${prefix}_${key}` : key;
      const refName = raw.$ref?.replace('#/definitions/', '');
      const target = refName ? defs[refName] : raw;
      if (!target) continue;
      if (target.type === 'array') continue;
      if (target.properties) {
        // Guard against self-referencing definitions; Mambu's are shallow, four levels is plenty.
        if (depth < 4 && !(refName && seen.includes(refName)))
          walk(target.properties, path, depth + 1, refName ? [...seen, refName] : seen);
        continue;
      }
      if (target.type === 'object') continue; // free-form maps have data-dependent keys: drift
      out.push([toSnakeCase(path), athenaTypeOf(target)]);
    }
  };
  const def = defs[name];
  if (!def?.properties) throw new Error(`definition ${name} not found`);
  walk(def.properties, '', 0, [name]);
  return out;
}

const specs: Array<[table: string, file: string, definition: string]> = [
  ['mambu_clients', 'clients_v2_swagger.json', 'Client'],
  ['mambu_loan_accounts', 'loans_v2_swagger.json', 'LoanAccount'],
  ['mambu_deposit_accounts', 'deposit_accounts_v2_swagger.json', 'DepositAccount'],
  ['mambu_deposit_transactions', 'deposit_transactions_v2_swagger.json', 'DepositTransaction'],
];

// Mambu v2 fields of the tables the original never defined and no vendored spec describes. Compact notation:
// "name:type" (default string); nested objects are written with "_" the way they flatten.
const hand: Record<string, string[]> = {
  mambu_branches: [
    'encodedKey',
    'id',
    'name',
    'state',
    'phoneNumber',
    'emailAddress',
    'notes',
    'creationDate:timestamp',
    'lastModifiedDate:timestamp',
  ],
};

const swagger = new Map<string, Array<[string, AthenaType]>>();
for (const [table, file, def] of specs) {
  const defs = (JSON.parse(readFileSync(join(specsDir, file), 'utf8')) as { definitions: Definitions }).definitions;
  swagger.set(table, fromSwagger(defs, def));
}

if (process.argv.includes('--diff')) {
  for (const [table, cols] of swagger) {
    const orig = original[table] ?? {};
    for (const [name, type] of cols) {
      if (orig[name] && orig[name] !== type) process.stdout.write(`${table}.${name}: original ${orig[name]}, Swagger ${type}\n`);
    }
  }
  process.exit(0);
}

const tables: Array<[string, Array<[string, AthenaType]>, string]> = [];
for (const [table, cols] of Object.entries(original)) {
  tables.push([table, Object.entries(cols), "the original job's data_catalog.py (shared/catalog/original-catalog.json)"]);
}
for (const [table, file, def] of specs) {
  if (!original[table]) tables.push([table, swagger.get(table)!, `from Mambu's Swagger ${file} #/definitions/${def}`]);
}
for (const [table, cols] of Object.entries(hand)) {
  if (original[table]) continue;
  tables.push([
    table,
    cols.map((c) => {
      const [name, type = 'string'] = c.split(':') as [string, AthenaType?];
      return [toSnakeCase(name), type];
    }),
    'Mambu v2 field names (the original never defined this table)',
  ]);
}

const lines: string[] = [
  '// GENERATED by scripts/gen-builtin-catalog.ts — do not edit by hand; re-run the script instead.',
  "// Built-in Athena column types by snake_case flattened column name: the original job's 13 tables exactly as its",
  '// data_catalog.py (a column a table does not name is written as string), then the tables it never defined.',
  "import type { Catalog } from './athena-types';",
  '',
  'export const BUILTIN_CATALOG: Catalog = {',
];
for (const [table, cols, source] of tables) {
  const seen = new Set<string>();
  lines.push(`  // ${source}`, `  ${table}: {`);
  for (const [name, type] of cols) {
    if (seen.has(name)) throw new Error(`${table}: column ${name} appears twice`);
    seen.add(name);
    lines.push(`    ${name}: '${type}',`);
  }
  lines.push('  },');
}
lines.push('};', '');
process.stdout.write(lines.join('\n'));
