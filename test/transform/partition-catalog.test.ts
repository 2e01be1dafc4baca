import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daysOfWindow, partitionDayOf, partitionDayReader } from '../../electron/engine/transform/partition';
import { loadUserCatalog, mergeCatalogs, parseUserCatalog } from '../../electron/engine/transform/user-catalog';
import { TableTypes } from '../../electron/engine/transform/schema';
import { BUILTIN_CATALOG } from '../../shared/catalog/tables';
import { STANDARD_TABLES } from '../../shared/standard-tables';

describe('partition dates', () => {
  it('uses the cdc value in UTC', () => {
    expect(partitionDayOf({ creationDate: '2025-01-01T23:30:00-02:00' }, 'creationDate')).toBe('20250102');
    expect(partitionDayOf({ creationDate: '2025-01-02T01:30:00+03:00' }, 'creationDate')).toBe('20250101');
    expect(partitionDayOf({ dueDate: '2025-03-04' }, 'dueDate')).toBe('20250304');
  });

  it('follows dotted cdc paths', () => {
    const r = { disbursementDetails: { disbursementDate: '2025-05-06T10:00:00Z' } };
    expect(partitionDayOf(r, 'disbursementDetails.disbursementDate')).toBe('20250506');
    expect(partitionDayOf(r, 'disbursementDetails.missing')).toBeNull();
    expect(partitionDayOf({ creationDate: 'garbage' }, 'creationDate')).toBeNull();
    // The window filter's reader: a name in another letter case is found as the filter found it (an endpoint the
    // catalog does not know keeps the analyst's spelling), and nothing is read from Object.prototype.
    expect(partitionDayOf({ birthDate: '1990-05-01' }, 'birthdate')).toBe('19900501');
    expect(partitionDayOf({ details: { DueDate: '2025-03-04T10:00:00Z' } }, 'Details.dueDate')).toBe('20250304');
    expect(partitionDayOf({}, 'constructor')).toBeNull();
    // One reader for a chunk's records: days alternating, and a record without a date between them.
    const read = partitionDayReader('creationDate');
    const days = ['2025-01-01T23:59:59Z', '2025-01-02T00:00:00Z', 'x', '2025-01-01T10:00:00+00:00', '1969-12-31T23:00:00Z'].map((d) =>
      read({ creationDate: d }),
    );
    expect(days).toEqual(['20250101', '20250102', null, '20250101', '19691231']);
  });

  it('lists the days a window can touch, end exclusive', () => {
    expect(daysOfWindow(new Date('2025-01-01T00:00:00Z'), new Date('2025-01-02T00:00:00Z'))).toEqual(['20250101']);
    expect(daysOfWindow(new Date('2025-01-01T18:00:00Z'), new Date('2025-01-03T06:00:00Z'))).toEqual(['20250101', '20250102', '20250103']);
  });
});

describe('built-in catalog', () => {
  it('has every standard table', () => {
    for (const t of STANDARD_TABLES) expect(Object.keys(BUILTIN_CATALOG[t.table_name] ?? {}).length, t.table_name).toBeGreaterThan(5);
  });

  it("is exactly the original job's data_catalog.py for its 13 tables (types, columns and order)", () => {
    const original = JSON.parse(readFileSync('shared/catalog/original-catalog.json', 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys(original)).toHaveLength(13);
    let columns = 0;
    for (const [table, cols] of Object.entries(original)) {
      expect(Object.entries(BUILTIN_CATALOG[table] ?? {}), table).toEqual(Object.entries(cols));
      columns += Object.keys(cols).length;
    }
    expect(columns).toBe(1025);
    // The types the issue found wrong, now the original's.
    expect(BUILTIN_CATALOG.mambu_loan_accounts!.days_in_arrears).toBe('double');
    expect(BUILTIN_CATALOG.mambu_loan_accounts!.schedule_settings_periodic_payment).toBe('int');
    expect(BUILTIN_CATALOG.mambu_gl_journal_entries!.entry_id).toBe('string');
    expect(BUILTIN_CATALOG.mambu_loan_accounts_installments!.number).toBe('int');
    expect(BUILTIN_CATALOG.mambu_users!.mobile_phone).toBe('bigint');
  });
});

describe('user catalog', () => {
  it('loads, validates and merges over the built-in one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'catalog-'));
    const file = join(dir, 'catalog.json');
    await writeFile(file, JSON.stringify({ mambu_clients: { notes: 'STRING', custom_score: 'double' }, my_table: { a: 'int' } }));
    const merged = mergeCatalogs(BUILTIN_CATALOG, await loadUserCatalog(file));
    expect(merged.mambu_clients!.custom_score).toBe('double');
    expect(merged.mambu_clients!.encoded_key).toBe('string');
    expect(merged.my_table).toEqual({ a: 'int' });
    expect(Object.keys(merged.mambu_clients!).at(-1)).toBe('custom_score');
  });

  it('names the table, column and allowed types on a bad type', () => {
    expect(() => parseUserCatalog({ mambu_clients: { notes: 'varchar' } }, 'c.json')).toThrowError(
      /c\.json: table mambu_clients column notes has type "varchar"; allowed types: string, int, bigint, double, boolean, date, timestamp/,
    );
    expect(() => parseUserCatalog({ t: { BadName: 'int' } }, 'c.json')).toThrowError(/column "BadName" is not a snake_case/);
    expect(() => parseUserCatalog([], 'c.json')).toThrowError(/must be a JSON object/);
  });

  it('names the file when it is missing or not JSON', async () => {
    await expect(loadUserCatalog('/nonexistent/catalog.json')).rejects.toThrowError(
      /catalog file \/nonexistent\/catalog.json cannot be read \(ENOENT\)/,
    );
    const dir = await mkdtemp(join(tmpdir(), 'catalog-'));
    await writeFile(join(dir, 'bad.json'), '{ nope');
    await expect(loadUserCatalog(join(dir, 'bad.json'))).rejects.toThrowError(/is not valid JSON/);
  });
});

describe('TableTypes', () => {
  it('orders catalog columns first, then drift sorted, and reports drift', () => {
    const t = new TableTypes('mambu_clients', BUILTIN_CATALOG, false);
    const cols = t.columnsFor(
      new Map<string, Array<string | null>>([
        ['zeta_custom', ['x']],
        ['id', ['1']],
        ['encoded_key', ['k']],
        ['alpha_custom', ['y']],
        ['all_null_unknown', [null]],
      ]),
    );
    expect(cols.map((c) => [c.name, c.type, c.drift])).toEqual([
      ['encoded_key', 'string', false],
      ['id', 'string', false],
      ['alpha_custom', 'string', true],
      ['zeta_custom', 'string', true],
    ]);
  });

  it('keeps auto_schema decisions for the whole run', () => {
    const t = new TableTypes('anything', BUILTIN_CATALOG, true);
    expect(
      t
        .columnsFor(
          new Map([
            ['n', [1.5, 2]],
            ['later', [null]],
          ]),
        )
        .map((c) => [c.name, c.type]),
    ).toEqual([['n', 'double']]);
    // A later part with text in n still gets double (the cast then reports the text); later decides now.
    expect(
      t
        .columnsFor(
          new Map<string, unknown[]>([
            ['n', ['text']],
            ['later', [true]],
          ]) as never,
        )
        .map((c) => [c.name, c.type]),
    ).toEqual([
      ['later', 'boolean'],
      ['n', 'double'],
    ]);
  });
});

describe('TableTypes with rename_columns', () => {
  it('a renamed catalog column keeps its type and place under the new name', () => {
    const t = new TableTypes('mambu_loan_transactions', BUILTIN_CATALOG, false, [{ amount: 'tx_amount' }]);
    const cols = t.columnsFor(
      new Map<string, unknown[]>([
        ['tx_amount', [1.5]],
        ['encoded_key', ['k']],
      ]) as never,
    );
    expect(cols).toEqual([
      { name: 'encoded_key', type: 'string', drift: false },
      { name: 'tx_amount', type: 'double', drift: false },
    ]);
  });
});

describe('built-in catalog generator', () => {
  it('shared/catalog/builtin.ts is exactly what scripts/gen-builtin-catalog.ts prints from the vendored files', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-builtin-catalog.ts'], { encoding: 'utf8' });
    expect(out).toBe(readFileSync('shared/catalog/builtin.ts', 'utf8'));
  });
});

describe('auto_schema inference (the original get_actual_dtypes rules)', () => {
  it('types integers by width, fractions as double, booleans, midnight-only dates as date', async () => {
    const { inferType } = await import('../../electron/engine/transform/infer');
    expect(inferType([1, 2, null, '3'])).toBe('int');
    expect(inferType([1, 2147483648])).toBe('bigint');
    expect(inferType(['-9999999999'])).toBe('bigint');
    expect(inferType([1, 2.5])).toBe('double');
    expect(inferType(['1.25'])).toBe('double');
    expect(inferType([true, false])).toBe('boolean');
    expect(inferType(['2025-01-01', '2025-01-02T00:00:00Z'])).toBe('date');
    expect(inferType(['2025-01-01', '2025-01-02T10:00:00+02:00'])).toBe('timestamp');
    expect(inferType(['2025-01-01', 'ACTIVE'])).toBe('string');
    expect(inferType([1, true])).toBe('string');
    expect(inferType([null, undefined])).toBeNull();
  });

  it('sticks: a wider value later stays in the decided type (the cast reports it), never a second type', () => {
    const t = new TableTypes('anything', BUILTIN_CATALOG, true);
    expect(t.columnsFor(new Map([['n', [1, 2]]])).map((c) => c.type)).toEqual(['int']);
    expect(t.columnsFor(new Map([['n', [5_000_000_000]]])).map((c) => c.type)).toEqual(['int']);
  });
});

describe('type authority', () => {
  it("the destination's types win over a user catalog, which wins over the built-in one", () => {
    const user = mergeCatalogs(BUILTIN_CATALOG, { mambu_loan_accounts: { days_in_arrears: 'int', notes: 'int' } });
    const t = new TableTypes('mambu_loan_accounts', user, false, [], { notes: 'string', extra_from_glue: 'bigint' });
    const cols = t.columnsFor(
      new Map<string, unknown[]>([
        ['days_in_arrears', [1]],
        ['notes', ['x']],
        ['extra_from_glue', [1]],
        ['loan_amount', [2]],
      ]) as never,
    );
    expect(Object.fromEntries(cols.map((c) => [c.name, c.type]))).toEqual({
      days_in_arrears: 'int', // user over built-in (double)
      notes: 'string', // destination over user
      extra_from_glue: 'bigint', // destination only
      loan_amount: 'double', // built-in
    });
  });

  it('auto_schema: destination types and a user catalog override inference; the built-in entry does not', () => {
    const user = mergeCatalogs(BUILTIN_CATALOG, { mambu_loan_accounts: { account_state: 'int' } });
    const t = new TableTypes('mambu_loan_accounts', user, true, [], { days_in_arrears: 'bigint' });
    const cols = t.columnsFor(
      new Map<string, unknown[]>([
        ['days_in_arrears', [1]],
        ['account_state', ['1']],
        ['loan_amount', [2]],
      ]) as never,
    );
    expect(Object.fromEntries(cols.map((c) => [c.name, c.type]))).toEqual({
      days_in_arrears: 'bigint',
      account_state: 'int',
      loan_amount: 'int',
    });
  });

  it('never takes the engine columns from a catalog', () => {
    const t = new TableTypes('mambu_clients', BUILTIN_CATALOG, false);
    expect(t.typeOf('timestamp_extracted')).toBeUndefined();
  });
});
