// Issue 8, "shown by": for every table of the original's catalog, the real CLI (sandbox simulator, local folder)
// lands Parquet whose every column, read back by an independent reader (hyparquet, not the writer), has the
// original's type: string → BYTE_ARRAY UTF8, double → DOUBLE, int → INT32, bigint → INT64, boolean → BOOLEAN,
// timestamp → INT64 TIMESTAMP, date → INT32 DATE. A column the table's entry does not name must be a string.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from '../../shared/catalog/tables';
import { listFiles } from '../helpers/landed';
import { logMessages, runCliProcess } from '../helpers/cli';

const ORIGINAL = JSON.parse(await readFile(path.join(import.meta.dirname, '../../shared/catalog/original-catalog.json'), 'utf8')) as Record<
  string,
  Record<string, string>
>;

const DAY = { start_date: '2025-01-02 00:00:00', end_date: '2025-01-03 00:00:00', chunk_hours: 24 };
const search = (endpoint: string, cdc_field: string) => ({ endpoint, request_type: 'Post', cdc_field, ...DAY });
const get = (endpoint: string, extra_params = '') => ({ endpoint, request_type: 'Get', extra_params, ...DAY });

/** One event per table of the original's catalog, on the endpoint its production schedule used. */
const EVENTS: Record<string, Record<string, unknown>> = {
  mambu_accounting_interestaccrual: search('accounting/interestaccrual:search', 'creationDate'),
  mambu_clients: search('clients:search', 'creationDate'),
  mambu_deposit_accounts: search('deposits:search', 'creationDate'),
  mambu_deposit_transactions: search('deposits/transactions:search', 'creationDate'),
  mambu_gl_accounts: get('glaccounts', 'type=ASSET'),
  mambu_gl_journal_entries: search('gljournalentries:search', 'creationDate'),
  mambu_groups: search('groups:search', 'creationDate'),
  mambu_loan_accounts: search('loans:search', 'creationDate'),
  mambu_loan_accounts_installments: get('installments'),
  mambu_loan_products: get('loanproducts'),
  mambu_loan_transactions: search('loans/transactions:search', 'creationDate'),
  mambu_users: get('users'),
  gl_accounts: get('glaccounts', 'type=INCOME'),
};

/** Columns the issue found landing with the wrong type, and the GL account details only FULL answers carry. */
const MUST_LAND: Record<string, string[]> = {
  mambu_loan_accounts: ['days_in_arrears', 'schedule_settings_periodic_payment', 'loan_amount'],
  mambu_gl_journal_entries: [
    'entry_id',
    'gl_account_creation_date',
    'gl_account_description',
    'gl_account_allow_manual_journal_entries',
    'gl_account_currency_code',
  ],
  mambu_loan_accounts_installments: ['number', 'due_date', 'principal_amount_expected'],
  mambu_deposit_accounts: ['balances_blocked_balance'],
  mambu_deposit_transactions: ['fees_0_amount'],
  mambu_clients: ['birth_date'],
};

function originalTypeOf(el: { type?: string; converted_type?: string; logical_type?: { type: string } }): string {
  const logical = el.logical_type?.type;
  if (el.type === 'BYTE_ARRAY' && (el.converted_type === 'UTF8' || logical === 'STRING')) return 'string';
  if (el.type === 'DOUBLE' && !logical) return 'double';
  if (el.type === 'INT32' && (logical === 'DATE' || el.converted_type === 'DATE')) return 'date';
  if (el.type === 'INT32' && !logical && !el.converted_type) return 'int';
  if (el.type === 'INT64' && (logical === 'TIMESTAMP' || el.converted_type === 'TIMESTAMP_MILLIS')) return 'timestamp';
  if (el.type === 'INT64' && !logical && !el.converted_type) return 'bigint';
  if (el.type === 'BOOLEAN') return 'boolean';
  return `unexpected ${JSON.stringify(el)}`;
}

describe("landed types equal the original's catalog, per table (real CLI, sandbox)", () => {
  it('covers all 13 tables of the original catalog', () => {
    expect(Object.keys(EVENTS).sort()).toEqual(Object.keys(ORIGINAL).sort());
    for (const t of Object.keys(ORIGINAL)) expect(BUILTIN_CATALOG[t], t).toBeDefined();
  });

  for (const [table, ev] of Object.entries(EVENTS)) {
    it(table, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), `parity-${table}-`));
      const eventFile = path.join(dir, 'event.json');
      await writeFile(eventFile, JSON.stringify({ table_name: table, ...ev }));
      const out = path.join(dir, 'out');
      const r = await runCliProcess(['--sandbox', '--event', eventFile, '--out', out], { MAMBU_BACKFILL_HOME: path.join(dir, 'home') });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // The compact reconciliation line of every chunk: nothing dropped silently.
      expect(
        logMessages(r.stdout).some((l) =>
          /^Chunk 1 reconciliation: reported \d+, fetched \d+, kept \d+, outside window \d+, duplicates \d+, rows written \d+$/.test(
            l.message,
          ),
        ),
      ).toBe(true);

      const files = (await listFiles(path.join(out, table))).filter((f) => f.endsWith('.parquet'));
      expect(files.length).toBeGreaterThan(0);
      const expected = ORIGINAL[table]!;
      const landed = new Map<string, string>();
      for (const f of files) {
        const meta = parquetMetadata(new Uint8Array(await readFile(path.join(out, table, f))));
        for (const el of meta.schema.slice(1)) {
          const got = originalTypeOf(el as never);
          const want = expected[el.name] ?? 'string'; // not in the entry: string, as the original
          expect(`${el.name}: ${got}`, `${table}/${f}`).toBe(`${el.name}: ${want}`);
          landed.set(el.name, got);
        }
      }
      expect(landed.get('timestamp_extracted')).toBe('timestamp');
      for (const c of MUST_LAND[table] ?? []) expect(landed.get(c), `${table}.${c} landed`).toBe(expected[c]);
      // Most of the table's columns are filled by the simulator, as the original's were by Mambu.
      const named = Object.keys(expected).filter((c) => landed.has(c)).length;
      expect(named, `${table}: catalog columns landed`).toBeGreaterThanOrEqual(Math.min(14, Object.keys(expected).length - 3));
    });
  }
});
