// The report's content, built once from a RunRecord and rendered by each format. Reports take a RunRecord only:
// it holds connection and destination names, never a secret, so no report can leak one.
import type { BackfillEvent } from '../../../shared/event/schema';
import type { ChunkResult, RunContext, RunRecord, RunStatus, RunTotals } from '../../../shared/run-types';
import { STATUS_LABEL, chunkErrorText, runStatus, runTotals, summaryLines } from '../../../shared/summary';

export const REPORT_VERSION = 1;
export const GENERATOR_NAME = 'Mambu Backfill';
/** Label for a run with no finishedAt: still running, or interrupted. */
export const NOT_FINISHED_LABEL = 'Not finished';

export interface ReportChunk {
  index: number;
  start: string;
  end: string;
  kind: ChunkResult['kind'];
  status: ChunkResult['status'];
  records: number;
  pages: number;
  requests: number;
  retries: number;
  durationMs: number;
  objects: string[];
  /** The chunk's error; for a chunk that is not ✓ and has none, the summary's text ("Cancelled", "Not run"). */
  error: string | null;
  warnings: string[];
  schemaDrift: string[];
  startedAt: string | null;
  finishedAt: string | null;
  /** The run that produced this outcome (differs from runId after a retry). */
  attemptRunId: string | null;
}

/** The JSON report, version 1. Described by report.schema.json (keep both in step). */
export interface ReportData {
  reportVersion: typeof REPORT_VERSION;
  generator: { name: string; version: string };
  generatedAt: string;
  runId: string;
  mode: RunContext['mode'];
  parentRunId: string | null;
  /** Version of the app that ran the run. */
  appVersion: string;
  connection: string;
  destination: string;
  destinationUri: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus | null;
  statusLabel: string;
  fatalError: string | null;
  event: BackfillEvent;
  totals: RunTotals;
  /** The summary block exactly as the log prints it (without the log-line prefix). */
  summary: string[];
  chunks: ReportChunk[];
}

export function reportStatus(run: RunRecord): { status: RunStatus | null; label: string } {
  if (run.status !== undefined) return { status: run.status, label: STATUS_LABEL[run.status] };
  if (run.finishedAt === undefined) return { status: null, label: NOT_FINISHED_LABEL };
  const s = runStatus(run.chunks, run.fatalError !== undefined);
  return { status: s, label: STATUS_LABEL[s] };
}

export function buildReportData(run: RunRecord, appVersion?: string, now: Date = new Date()): ReportData {
  const { status, label } = reportStatus(run);
  return {
    reportVersion: REPORT_VERSION,
    generator: { name: GENERATOR_NAME, version: appVersion ?? run.context.appVersion },
    generatedAt: now.toISOString(),
    runId: run.runId,
    mode: run.context.mode,
    parentRunId: run.context.parentRunId ?? null,
    appVersion: run.context.appVersion,
    connection: run.context.connection,
    destination: run.context.destination,
    destinationUri: run.context.destinationUri,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt ?? null,
    status,
    statusLabel: label,
    fatalError: run.fatalError ?? null,
    event: structuredClone(run.event),
    totals: runTotals(run.chunks),
    summary: summaryLines(run.chunks),
    chunks: run.chunks.map(reportChunk),
  };
}

function reportChunk(c: ChunkResult): ReportChunk {
  return {
    index: c.index,
    start: c.start,
    end: c.end,
    kind: c.kind,
    status: c.status,
    records: c.records,
    pages: c.pages,
    requests: c.requests,
    retries: c.retries,
    durationMs: c.durationMs,
    objects: [...c.objects],
    error: c.status === 'success' ? (c.error ?? null) : chunkErrorText(c),
    warnings: [...(c.warnings ?? [])],
    schemaDrift: [...(c.schemaDrift ?? [])],
    startedAt: c.startedAt ?? null,
    finishedAt: c.finishedAt ?? null,
    attemptRunId: c.attemptRunId ?? null,
  };
}

/** ✓ for success, ✗ for everything else, as the summary block counts them. */
export function statusMark(status: ChunkResult['status']): '✓' | '✗' {
  return status === 'success' ? '✓' : '✗';
}

/** `850 ms`, `12.3 s`, `4 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(sec).padStart(2, '0')} s`;
}

export function modeText(d: Pick<ReportData, 'mode' | 'parentRunId'>): string {
  if (d.mode === 'run') return 'run';
  return `${d.mode === 'resume' ? 'resume' : 'retry failed'}${d.parentRunId ? ` of run ${d.parentRunId}` : ''}`;
}

export function reportTitle(d: Pick<ReportData, 'event'>): string {
  return `${d.event.table_name} ${d.event.start_date} → ${d.event.end_date} UTC`;
}
