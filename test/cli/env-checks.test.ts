// Issue 8 item 7 through the real CLI: a page size that cannot detect drift is refused naming the variable, and the
// sandbox validates and honours MAMBU_TIMEZONE.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/cli';
import { landedRows } from '../helpers/landed';

const dir = (n: string) => mkdtemp(path.join(os.tmpdir(), `mb-env-${n}-`));

async function eventFile(raw: Record<string, unknown>): Promise<string> {
  const f = path.join(await dir('event'), 'event.json');
  await writeFile(f, JSON.stringify(raw));
  return f;
}

const JE = {
  table_name: 'mambu_gl_journal_entries',
  endpoint: 'gljournalentries:search',
  request_type: 'Post',
  cdc_field: 'creationDate',
  start_date: '2025-01-02 00:00:00',
  end_date: '2025-01-03 00:00:00',
};

describe('configuration checks', () => {
  it('MAMBU_PAGE_SIZE=1 is refused: pages of one record cannot overlap to detect drift', async () => {
    const r = await runCliProcess(['--event', await eventFile(JE), '--out', await dir('ps')], {
      MAMBU_BACKFILL_HOME: await dir('ps-home'),
      MAMBU_BASE_URL: 'http://127.0.0.1:9/api',
      MAMBU_API_KEY: 'k',
      MAMBU_PAGE_SIZE: '1',
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/MAMBU_PAGE_SIZE must be a number from 2 to 1000 \(got "1"\)/);
  });

  it('an invalid MAMBU_TIMEZONE is refused, in the sandbox too, naming the variable', async () => {
    const r = await runCliProcess(['--sandbox', '--event', await eventFile(JE), '--out', await dir('tz')], {
      MAMBU_BACKFILL_HOME: await dir('tz-home'),
      MAMBU_TIMEZONE: 'Mars/Olympus_Mons',
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/MAMBU_TIMEZONE "Mars\/Olympus_Mons" is not an IANA time zone/);
  });

  it('the sandbox tenant lives in MAMBU_TIMEZONE: journal entries are booked at its local midnight', async () => {
    const out = await dir('tz-ok');
    const r = await runCliProcess(['--sandbox', '--event', await eventFile(JE), '--out', out], {
      MAMBU_BACKFILL_HOME: await dir('tz-ok-home'),
      MAMBU_TIMEZONE: 'Europe/Berlin',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = await landedRows(out, 'mambu_gl_journal_entries');
    expect(rows.length).toBeGreaterThan(0);
    // Berlin midnight in January is 23:00 UTC the day before (a UTC tenant would book at 00:00 UTC).
    for (const { row } of rows) expect(new Date(Number(row.booking_date as number | bigint)).toISOString()).toMatch(/T23:00:00\.000Z$/);
  });
});

describe('warnings never carry a value (issue 10 item 4)', () => {
  it('a cast failure names the chunk, the column and the count, in the log and the journal, never the value', async () => {
    const home = await dir('cast-home');
    const catalog = path.join(await dir('cast-cat'), 'catalog.json');
    // transaction_id holds text like T0000123: typed int by a user catalog, every value fails to cast.
    await writeFile(catalog, JSON.stringify({ mambu_gl_journal_entries: { transaction_id: 'int' } }));
    const r = await runCliProcess(['--sandbox', '--event', await eventFile(JE), '--out', await dir('cast-out'), '--catalog', catalog], {
      MAMBU_BACKFILL_HOME: home,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /WARNING - Chunk 1: column transaction_id: \d+ value\(s\) could not be read as int and were written as null \(the column stays int\)/,
    );
    expect(r.stdout + r.stderr).not.toMatch(/T\d{7}/);
    const journals = (await listAll(home)).filter((f) => f.endsWith('.json') || f.endsWith('.jsonl'));
    expect(journals.length).toBeGreaterThan(0);
    for (const f of journals) expect(await readFile(f, 'utf8'), f).not.toMatch(/T\d{7}/);
    const journal = (await Promise.all(journals.map((f) => readFile(f, 'utf8')))).join('\n');
    expect(journal).toMatch(/"kind":\s*"cast-failure"/);
  });
});

async function listAll(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  return out;
}
