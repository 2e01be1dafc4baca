// CSV report: RFC 4180 — a header row, then one row per chunk; CRLF line ends; a field is quoted when it holds a
// comma, quote, CR or LF, with quotes doubled. Values are written as given (no spreadsheet-formula mangling), so a
// parser gets back exactly what the run recorded.
import { warningText, type ReportData } from './report-data';

export const CSV_COLUMNS = [
  'index',
  'start',
  'end',
  'kind',
  'status',
  'records',
  'pages',
  'requests',
  'retries',
  'duration_ms',
  'objects',
  'error',
  'warning_count',
  'warnings',
  'reported',
  'fetched',
  'kept',
  'outside_window',
  'duplicates',
  'rows_written',
] as const;

export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(d: ReportData): string {
  const rows: Array<Array<string | number>> = [[...CSV_COLUMNS]];
  for (const c of d.chunks) {
    rows.push([
      c.index,
      c.start,
      c.end,
      c.kind,
      c.status,
      c.records,
      c.pages,
      c.requests,
      c.retries,
      c.durationMs,
      // Object URIs never hold spaces (keys are Hive partitions and part numbers), so a space keeps them apart.
      c.objects.join(' '),
      c.error ?? '',
      c.warningCount,
      // `kind (column) ×count: message`, ' | ' between warnings: a row stays one line for grep and spreadsheets.
      c.warningDetails.map(warningText).join(' | '),
      // Reconciliation figures: empty when the engine did not record them (reported: when Mambu was not asked).
      c.reconciliation?.reported ?? '',
      c.reconciliation?.fetched ?? '',
      c.reconciliation?.kept ?? '',
      c.reconciliation?.outsideWindow ?? '',
      c.reconciliation?.duplicates ?? '',
      c.reconciliation?.rowsWritten ?? '',
    ]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
