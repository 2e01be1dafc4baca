import { readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../shared/run-types';
import { STATUS_LABEL, runTotals, summaryLines } from '../../shared/summary';
import { formatFromPath, renderReport, reportFileName, writeReport, REPORT_FORMATS } from '../../electron/engine/reports';
import { CSV_COLUMNS } from '../../electron/engine/reports/csv';
import { failedResult, newRun, partialRun, successResult } from './run-fixture';

const NOW = new Date('2025-04-07T12:00:00.000Z');
const schema = JSON.parse(readFileSync(path.join(__dirname, '../../electron/engine/reports/report.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

/** A strict RFC 4180 parser (written here so the test does not trust the writer's own quoting code). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`character after closing quote at ${i}`);
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('last record does not end with CRLF');
  return rows;
}

/** A run with every awkward value a report must survive. */
function awkwardRun(): RunRecord {
  const run = partialRun();
  run.chunks[2] = failedResult(
    run.chunks[2]!,
    'HTTP 400: {"errors":[{"errorReason":"INVALID_PARAMETERS, see \\"cdc\\""}]}\nline two, <script>alert(1)</script> | pipe `tick` ```fence```',
  );
  run.chunks[0] = {
    ...run.chunks[0]!,
    objects: ['s3://raw-zone/mambu/t/date=2025-01-01/part-00000.parquet', 's3://raw-zone/mambu/t/date=2025-01-01/part-00001.parquet'],
  };
  run.context = { ...run.context, connection: 'Prod <tenant> & "co"', destination: "Raw 'zone'" };
  return run;
}

describe('formatFromPath', () => {
  it('takes the format from the extension', () => {
    expect(formatFromPath('/tmp/r.JSON')).toBe('json');
    expect(formatFromPath('r.csv')).toBe('csv');
    expect(formatFromPath('C:\\reports\\r.md')).toBe('md');
    expect(formatFromPath('r.markdown')).toBe('md');
    expect(formatFromPath('./out/r.html')).toBe('html');
    expect(formatFromPath('r.htm')).toBe('html');
  });
  it('names the accepted extensions otherwise', () => {
    expect(() => formatFromPath('report.pdf')).toThrow(
      'Cannot tell the report format of "report.pdf" (extension .pdf): name the file .json, .csv, .md or .html',
    );
    expect(() => formatFromPath('report')).toThrow(/\(no extension\): name the file \.json, \.csv, \.md or \.html/);
  });
});

describe('JSON report', () => {
  it('validates against report.schema.json and holds everything the run recorded', () => {
    const run = awkwardRun();
    const data = JSON.parse(renderReport(run, 'json', '0.2.0', { now: NOW }));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(data).toMatchObject({
      reportVersion: 1,
      generator: { name: 'Mambu Backfill', version: '0.2.0' },
      generatedAt: '2025-04-07T12:00:00.000Z',
      runId: run.runId,
      appVersion: '0.1.0',
      connection: 'Prod <tenant> & "co"',
      destination: "Raw 'zone'",
      destinationUri: 's3://raw-zone/mambu/',
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      status: 2,
      statusLabel: 'Partial Success',
      event: run.event,
      totals: runTotals(run.chunks, run),
      summary: summaryLines(run.chunks),
    });
    expect(data.chunks).toHaveLength(9);
    expect(data.chunks[2]).toMatchObject({ status: 'failed', error: run.chunks[2]!.error, retries: 3 });
    expect(data.chunks[4]).toMatchObject({ status: 'cancelled', error: 'Cancelled' });
    expect(data.chunks[0].objects).toEqual(run.chunks[0]!.objects);
  });

  it('validates for an unfinished run and a fatal run, and the schema rejects stray fields', () => {
    const running = newRun();
    running.chunks[0] = successResult(running.chunks[0]!);
    const a = JSON.parse(renderReport(running, 'json'));
    expect(validate(a)).toBe(true);
    expect(a).toMatchObject({ status: null, statusLabel: 'Not finished', finishedAt: null });
    const fatal: RunRecord = {
      ...newRun(),
      finishedAt: '2025-04-07T10:00:01.000Z',
      status: 1,
      fatalError: 'Mambu answered 401: check the API key',
    };
    const b = JSON.parse(renderReport(fatal, 'json'));
    expect(validate(b)).toBe(true);
    expect(b.fatalError).toBe('Mambu answered 401: check the API key');
    expect(validate({ ...b, apiKey: 'x' })).toBe(false);
    expect(validate({ ...b, chunks: [{ ...b.chunks[0], secret: 'x' }] })).toBe(false);
  });
});

describe('CSV report', () => {
  it('parses back with a strict RFC 4180 parser: a header and one row per chunk, values intact', () => {
    const run = awkwardRun();
    const rows = parseCsv(renderReport(run, 'csv'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + run.chunks.length);
    for (const [i, c] of run.chunks.entries()) {
      const r = Object.fromEntries(CSV_COLUMNS.map((k, j) => [k, rows[i + 1]![j]]));
      expect(r).toEqual({
        index: String(c.index),
        start: c.start,
        end: c.end,
        kind: c.kind,
        status: c.status,
        records: String(c.records),
        pages: String(c.pages),
        requests: String(c.requests),
        retries: String(c.retries),
        duration_ms: String(c.durationMs),
        objects: c.objects.join('\n'),
        error: c.status === 'success' ? '' : c.status === 'cancelled' ? 'Cancelled' : c.error,
        warning_count: '0',
        warnings: '',
        reported: '',
        fetched: '',
        kept: '',
        outside_window: '',
        duplicates: '',
        rows_written: '',
      });
    }
    expect(rows[3]![11]).toContain('\nline two, <script>');
  });

  it('keeps local object paths with spaces and commas apart: one per line in the cell', () => {
    const run = awkwardRun();
    const objects = [
      '/home/ann/Documents/Mambu Backfill/t/date=20250101/a-part-00000.snappy.parquet',
      'C:\\Users\\Ann\\Mambu Backfill, copy\\b.parquet',
    ];
    run.chunks[0] = { ...run.chunks[0]!, objects };
    const rows = parseCsv(renderReport(run, 'csv'));
    expect(rows[1]![CSV_COLUMNS.indexOf('objects')]!.split('\n')).toEqual(objects);
  });
});

describe('Markdown report', () => {
  it('holds the summary block exactly as the log prints it, in a fence the content cannot close', () => {
    const run = awkwardRun();
    const md = renderReport(run, 'md', undefined, { now: NOW });
    const summary = summaryLines(run.chunks);
    // The error holds ``` so the fence must be longer than that; the lines inside are the log's, verbatim.
    expect(md).toContain(['', '````', ...summary, '````', ''].join('\n'));
    const lines = md.split('\n');
    const at = lines.indexOf(summary[0]!);
    expect(lines.slice(at, at + 4)).toEqual(summary.slice(0, 4));
    expect(md).toContain('**Final status: Partial Success**');
  });

  it('has a table row per chunk whose cells cannot break the table or inject HTML', () => {
    const run = awkwardRun();
    const md = renderReport(run, 'md');
    const chunkRows = md.split('\n').filter((l) => /^\| \d+ \| \d{4}-/.test(l));
    expect(chunkRows).toHaveLength(9);
    // Unescaped pipes delimit cells: 13 columns → 14 pipes, whatever the error text holds.
    for (const r of chunkRows) expect(r.replace(/\\\|/g, '').split('|').length - 1).toBe(14);
    // Outside code fences (where text is shown literally) no raw HTML survives.
    const outsideFences = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
    expect(outsideFences).toContain('## Chunks');
    expect(outsideFences).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(chunkRows[2]).toContain('✗ failed');
    expect(chunkRows[0]).toContain('✓ success');
    expect(md).toContain('Prod &lt;tenant&gt; &amp; "co"');
  });
});

describe('HTML report', () => {
  it('is one self-contained printable file: no script, no external resource, every value escaped', () => {
    const run = awkwardRun();
    const html = renderReport(run, 'html');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain("default-src 'none'; style-src 'unsafe-inline'");
    expect(html).toContain('@media print');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Prod &lt;tenant&gt; &amp; &quot;co&quot;');
    expect(html).toContain('<title>Mambu Backfill run: mambu_loan_transactions 2025-01-01 00:00:00 → 2025-01-10 00:00:00 UTC</title>');
    expect(html).toContain(`<span class="status status-2">${STATUS_LABEL[2]}</span>`);
    expect(html.match(/<span class="ok">✓<\/span>/g)).toHaveLength(7);
    expect(html.match(/<span class="bad">✗<\/span>/g)).toHaveLength(2);
    expect(html).toMatch(/\.ok \{ color: #1a7f37;/);
    expect(html).toMatch(/\.bad \{ color: #cf222e;/);
    for (const o of run.chunks[0]!.objects) expect(html).toContain(`<li>${o}</li>`);
  });
});

describe('every format', () => {
  it('holds the names, app version, times, each chunk and the final status', () => {
    const run = partialRun();
    for (const f of REPORT_FORMATS) {
      const text = renderReport(run, f, '0.9.9', { now: NOW });
      if (f !== 'csv') {
        for (const s of [
          'Prod tenant',
          'Raw zone',
          '0.1.0',
          run.startedAt,
          run.finishedAt!,
          'Partial Success',
          'mambu_loan_transactions',
        ]) {
          expect(text, `${f} has ${s}`).toContain(s);
        }
      }
      for (const c of run.chunks) expect(text, `${f} has chunk ${c.index}`).toContain(c.start);
    }
  });

  it('takes only a RunRecord, which has no secret field; error text is rendered as given (no invented redaction)', () => {
    const run = partialRun();
    // Names and URIs only: nothing shaped like a credential.
    const keys = JSON.stringify(run)
      .match(/"([A-Za-z_]+)":/g)!
      .map((k) => k.slice(1, -2).toLowerCase());
    for (const k of keys) expect(k).not.toMatch(/secret|password|apikey|api_key|token|credential|accesskey/);
    const secretLooking = 'request failed with header apikey=AKIAIOSFODNN7EXAMPLE';
    run.chunks[2] = failedResult(run.chunks[2]!, secretLooking);
    for (const f of REPORT_FORMATS) expect(renderReport(run, f)).toContain(secretLooking);
  });

  it('writes the file atomically in the format of its extension', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mb-report-'));
    try {
      const run = partialRun();
      const file = path.join(dir, reportFileName(run, 'html'));
      expect(path.basename(file)).toBe(`mambu_loan_transactions-${run.runId}.html`);
      expect(await writeReport(file, run, '0.1.0', { now: NOW })).toBe('html');
      expect(await fs.readFile(file, 'utf8')).toBe(renderReport(run, 'html', '0.1.0', { now: NOW }));
      await expect(writeReport(path.join(dir, 'r.txt'), run)).rejects.toThrow(/name the file \.json, \.csv, \.md or \.html/);
      expect(await fs.readdir(dir)).toEqual([path.basename(file)]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
