// The original Glue job's log line and summary block, exactly, and the run status rules.
import type { ChunkResult, LogLevel, RunOutcome, RunStatus, RunTotals } from './run-types';

export const RULE = '='.repeat(60);

/** `2025-04-07 10:15:00 - INFO - message` (UTC). */
export function formatLogLine(at: Date, level: LogLevel, message: string): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} - ${level} - ${message}`;
}

/** The summary block's lines (each printed as its own INFO line, as in the original's sample output). */
export function summaryLines(chunks: readonly ChunkResult[]): string[] {
  const n = chunks.length;
  const ok = chunks.filter((c) => c.status === 'success');
  const notOk = chunks.filter((c) => c.status !== 'success');
  const lines = [RULE, `PROCESSING SUMMARY: Completed ${n} chunks`, RULE, `SUCCESSFUL CHUNKS: ${ok.length}/${n}`];
  for (const c of ok) lines.push(`✓ Chunk ${c.index}: ${c.start} to ${c.end}: ${c.records} records`);
  lines.push(`FAILED CHUNKS: ${notOk.length}/${n}`);
  for (const c of notOk) {
    lines.push(`✗ Chunk ${c.index}: ${c.start} to ${c.end}`);
    lines.push(`Error: ${chunkErrorText(c)}`);
  }
  lines.push(RULE);
  return lines;
}

export function chunkErrorText(c: ChunkResult): string {
  if (c.error) return c.error;
  if (c.status === 'cancelled') return 'Cancelled';
  if (c.status === 'pending' || c.status === 'running') return 'Not run';
  return 'Unknown error';
}

/** 0 when every chunk is ✓; 2 when some are ✓ and some not; 1 when none succeeded (or nothing ran). */
export function runStatus(chunks: readonly ChunkResult[], fatal = false): RunStatus {
  if (fatal || chunks.length === 0) return 1;
  const ok = chunks.filter((c) => c.status === 'success').length;
  if (ok === chunks.length) return 0;
  return ok === 0 ? 1 : 2;
}

export const STATUS_LABEL: Record<RunStatus, string> = {
  0: 'Complete Success',
  1: 'Complete Failure',
  2: 'Partial Success',
};

/** "Cancelled" for a stopped run (whatever its chunks' status number), else the status label. */
export function runLabel(status: RunStatus, outcome?: RunOutcome): string {
  return outcome === 'cancelled' ? 'Cancelled' : STATUS_LABEL[status];
}

/** A chunk's warnings: one per structured entry (a column, a kind: e.g. 300 values of one column that could not be
 *  cast are ONE warning with count 300); for chunks recorded without entries, one per warning line and drift column. */
export function chunkWarningCount(c: ChunkResult): number {
  if (c.warningDetails && c.warningDetails.length > 0) return c.warningDetails.length;
  return c.warnings.length + c.schemaDrift.length;
}

/** The run's times, so that durationMs is its wall time (see RunTotals.durationMs). */
export interface RunSpan {
  startedAt: string;
  finishedAt?: string;
  setupRequests?: number;
}

export function runTotals(chunks: readonly ChunkResult[], span?: RunSpan, now: () => Date = () => new Date()): RunTotals {
  const t: RunTotals = {
    chunks: chunks.length,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    pending: 0,
    records: 0,
    pages: 0,
    requests: 0,
    retries: 0,
    durationMs: 0,
    chunkTimeMs: 0,
    warnings: 0,
    setupRequests: span?.setupRequests ?? 0,
  };
  for (const c of chunks) {
    if (c.status === 'success') t.succeeded++;
    else if (c.status === 'failed') t.failed++;
    else if (c.status === 'cancelled') t.cancelled++;
    else t.pending++;
    t.records += c.records;
    t.pages += c.pages;
    t.requests += c.requests;
    t.retries += c.retries;
    t.chunkTimeMs += c.durationMs;
    t.warnings += chunkWarningCount(c);
  }
  const started = span ? Date.parse(span.startedAt) : NaN;
  const ended = span?.finishedAt ? Date.parse(span.finishedAt) : now().getTime();
  t.durationMs = Number.isFinite(started) && Number.isFinite(ended) ? Math.max(0, ended - started) : t.chunkTimeMs;
  return t;
}

/** The closing line the original printed after the summary. */
export function closingLine(chunks: readonly ChunkResult[]): { level: LogLevel; message: string } {
  const failed = chunks.filter((c) => c.status !== 'success').length;
  if (failed > 0) {
    return { level: 'WARNING', message: `[Success with Errors] Process completed with ${failed} failed chunks` };
  }
  const records = chunks.reduce((a, c) => a + c.records, 0);
  return { level: 'INFO', message: `[Success] Process completed successfully with ${records} records processed` };
}
