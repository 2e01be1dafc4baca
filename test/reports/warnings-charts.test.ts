// Every report format carries the warnings (per chunk and summed), the reconciliation figures and the same totals;
// the HTML report draws the status strip and the records chart as inline SVG, opened in Chromium with no request
// beyond itself, legible (binned) at 8,760 chunks.
import { existsSync, readFileSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { runStatus } from '../../shared/summary';
import { renderReport, writeReport } from '../../electron/engine/reports';
import { CSV_COLUMNS } from '../../electron/engine/reports/csv';
import { MAX_CELLS } from '../../electron/engine/reports/svg';
import { newRun, successResult, warnedRun } from './run-fixture';

const schema = JSON.parse(readFileSync(path.join(__dirname, '../../electron/engine/reports/report.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

/** 8,760 hourly chunks of 2025, every 500th failed, every 7th ✓ with a drift warning. */
function yearRun() {
  const run = newRun('20250407-100000-year00', {
    ...SAMPLE_EVENT,
    start_date: '2025-01-01 00:00:00',
    end_date: '2026-01-01 00:00:00',
    chunk_hours: 1,
  });
  run.chunks = run.chunks.map((c) => {
    if (c.index % 500 === 0)
      return { ...c, status: 'failed' as const, error: 'HTTP 500 (gave up after 7 attempts)', requests: 7, retries: 6 };
    const ok = successResult(c, (c.index * 37) % 400);
    return c.index % 7 === 0
      ? {
          ...ok,
          schemaDrift: ['x_col'],
          warningDetails: [
            { kind: 'schema-drift' as const, count: 1, column: 'x_col', message: 'column x_col is not in the catalog; kept, typed string' },
          ],
        }
      : ok;
  });
  run.finishedAt = '2025-04-07T12:00:00.000Z';
  run.status = runStatus(run.chunks);
  return run;
}

describe('warnings and reconciliation in every format', () => {
  const run = warnedRun();

  it('JSON: per chunk and summed, valid against the schema', () => {
    const d = JSON.parse(renderReport(run, 'json'));
    expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
    // 7 ✓ chunks × 2 drift columns, a cast failure on chunk 2, the failed chunk's retries.
    expect(d.totals.warnings).toBe(16);
    expect(d.chunks[1].warningCount).toBe(3);
    expect(d.chunks[2].warningDetails).toEqual([expect.objectContaining({ kind: 'retry', count: 3 })]);
    expect(d.warningSummary).toEqual([
      { kind: 'schema-drift', column: 'custom_field_a', chunks: 7, count: 7, example: expect.any(String) },
      { kind: 'schema-drift', column: 'custom_field_b', chunks: 7, count: 7, example: expect.any(String) },
      { kind: 'cast-failure', column: 'amount', chunks: 1, count: 7, example: expect.stringMatching(/could not be cast/) },
      { kind: 'retry', column: null, chunks: 1, count: 3, example: expect.stringMatching(/retried/) },
    ]);
    const kept = run.chunks.reduce((a, c) => a + c.records, 0);
    expect(d.reconciliation).toEqual({
      chunks: 9,
      reported: kept + 9,
      fetched: kept + 9,
      kept,
      outsideWindow: 9,
      duplicates: 0,
      rowsWritten: kept,
    });
    expect(d.chunks[0].reconciliation).toEqual(run.chunks[0]!.reconciliation);
    // Duration is the run's wall time.
    expect(d.totals.durationMs).toBe(Date.parse(run.finishedAt!) - Date.parse(run.startedAt));
    expect(d.outcome).toBe('completed');
  });

  it('CSV: the same numbers per row', () => {
    const rows = renderReport(run, 'csv').trimEnd().split('\r\n');
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    // Row 2 (chunk 2) has no quoted comma before the warning columns only when split naively is safe: parse simply.
    const cells = (i: number) =>
      rows[i]!.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    const r2 = cells(2);
    expect(r2[col('warning_count')]).toBe('3');
    expect(r2[col('warnings')]).toContain('cast-failure (amount) ×7: 7 values of amount could not be cast');
    const c = run.chunks[1]!;
    expect(r2[col('reported')]).toBe(String(c.reconciliation!.reported));
    expect(r2[col('kept')]).toBe(String(c.records));
    expect(r2[col('outside_window')]).toBe('1');
    expect(r2[col('rows_written')]).toBe(String(c.records));
    const warnings = rows.slice(1).reduce((a, _, i) => a + Number(cells(i + 1)[col('warning_count')]), 0);
    expect(warnings).toBe(16);
  });

  it('Markdown: the count, the table by kind, the reconciliation and the per-chunk details', () => {
    const md = renderReport(run, 'md');
    expect(md).toContain('⚠ 16 warning(s) over 8 chunk(s).');
    expect(md).toMatch(/\| cast-failure \| amount \| 1 \| 7 \|/);
    expect(md).toContain('## Reconciliation');
    expect(md).toMatch(/\| 9 \| \d+ \| \d+ \| \d+ \| 9 \| 0 \| \d+ \|/);
    expect(md).toContain('✓ success ⚠');
  });
});

const CHROMIUM = '/usr/bin/chromium';
describe.skipIf(!existsSync(CHROMIUM))('HTML pictures in Chromium', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mb-html-svg-'));
  });
  afterAll(async () => {
    await browser?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function open(file: string) {
    const page = await browser.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
    const url = pathToFileURL(file).href;
    // A year of chunks is a long table: wait for the parse, not for layout of every row.
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    return page;
  }

  it('9 chunks: a cell and a bar per chunk coloured by status, warnings and reconciliation shown', async () => {
    const file = path.join(dir, 'warned.html');
    await writeReport(file, warnedRun());
    const page = await open(file);
    expect(await page.locator('svg.strip rect.cell').count()).toBe(9);
    expect(await page.locator('svg.strip rect.cell.failed').count()).toBe(1);
    expect(await page.locator('svg.strip rect.cell.cancelled').count()).toBe(1);
    expect(await page.locator('svg.strip rect.cell.warning').count()).toBe(7);
    expect(await page.locator('svg.strip rect.cell').nth(2).locator('title').textContent()).toMatch(
      /^Chunk 3: 2025-01-03 00:00:00 to 2025-01-04 00:00:00 UTC; 1 ✗ failed; 0 records$/,
    );
    expect(await page.locator('svg.chart rect.bar').count()).toBe(9);
    const box = await page.locator('svg.strip').boundingBox();
    expect(box!.width).toBeGreaterThan(50);
    expect(await page.locator('table.warnings tbody tr').count()).toBe(4);
    expect(await page.locator('table.reconciliation').textContent()).toContain('Rows written');
    expect(await page.locator('table.totals').textContent()).toContain('16');
    await page.close();
  });

  it('8,760 chunks: binned to a legible strip and chart, with every failed chunk still visible', async () => {
    const run = yearRun();
    const file = path.join(dir, 'year.html');
    await writeReport(file, run);
    const size = (await fs.stat(file)).size;
    const page = await open(file);
    expect(await page.locator('svg.strip rect.cell').count()).toBe(MAX_CELLS);
    expect(await page.locator('svg.chart rect.bar').count()).toBe(MAX_CELLS);
    // 17 failed chunks (every 500th) fall in 17 distinct bins of ~22 chunks: none is hidden by binning.
    expect(await page.locator('svg.strip rect.cell.failed').count()).toBe(17);
    const cell = await page.locator('svg.strip rect.cell').first().boundingBox();
    expect(cell!.width).toBeGreaterThanOrEqual(5);
    expect(await page.locator('svg.strip desc').textContent()).toMatch(/Status of 8760 chunks\. Each cell is 21–22 consecutive chunks/);
    expect(await page.locator('table.chunks tbody tr').count()).toBe(8760);
    console.log(`HTML report of 8,760 chunks: ${(size / 1e6).toFixed(1)} MB`);
    await page.close();
  }, 180_000);
});
