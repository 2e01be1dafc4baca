// One entry point for every report format, shared by the app's save dialog (main process) and the CLI's --report.
import path from 'node:path';
import type { RunRecord } from '../../../shared/run-types';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { buildReportData } from './report-data';
import { writeFileAtomic } from '../store/atomic-file';

export const REPORT_FORMATS = ['json', 'csv', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const EXTENSIONS: Record<string, ReportFormat> = {
  '.json': 'json',
  '.csv': 'csv',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
};

/** For the save dialog's filters. */
export const REPORT_FILTERS: ReadonlyArray<{ name: string; extensions: string[] }> = [
  { name: 'HTML report', extensions: ['html'] },
  { name: 'Markdown report', extensions: ['md'] },
  { name: 'CSV (one row per chunk)', extensions: ['csv'] },
  { name: 'JSON (machine-readable)', extensions: ['json'] },
];

export interface RenderOptions {
  /** Stamped as generatedAt (tests pin it). */
  now?: Date;
}

/** The report text. `appVersion` is the version producing the report (defaults to the run's). */
export function renderReport(run: RunRecord, format: ReportFormat, appVersion?: string, opts: RenderOptions = {}): string {
  const data = buildReportData(run, appVersion, opts.now);
  switch (format) {
    case 'json':
      return JSON.stringify(data, null, 2) + '\n';
    case 'csv':
      return renderCsv(data);
    case 'md':
      return renderMarkdown(data);
    case 'html':
      return renderHtml(data);
  }
}

/** The format a path's extension asks for; throws a message naming the accepted extensions otherwise. */
export function formatFromPath(file: string): ReportFormat {
  const ext = path.extname(file).toLowerCase();
  const format = EXTENSIONS[ext];
  if (!format) {
    throw new Error(
      `Cannot tell the report format of "${file}"${ext ? ` (extension ${ext})` : ' (no extension)'}: name the file .json, .csv, .md or .html`,
    );
  }
  return format;
}

/** A default file name for a run's report, e.g. `mambu_loan_accounts-20250407-101500-3f9a2c.html`. */
export function reportFileName(run: RunRecord, format: ReportFormat): string {
  return `${run.event.table_name}-${run.runId}.${format}`;
}

/** Renders and writes a report atomically; the format comes from the extension. Returns the format written. */
export async function writeReport(file: string, run: RunRecord, appVersion?: string, opts: RenderOptions = {}): Promise<ReportFormat> {
  const format = formatFromPath(file);
  // Reports are meant to be shared: ordinary file permissions, unlike journals.
  await writeFileAtomic(file, renderReport(run, format, appVersion, opts), { mode: 0o644 });
  return format;
}
