// The report's content, built once from a RunRecord and rendered by each format. Reports take a RunRecord only:
// it holds connection and destination names, never a secret, so no report can leak one.
import type { BackfillEvent } from '../../../shared/event/schema';
import type {
  ChunkReconciliation,
  ChunkResult,
  ChunkWarning,
  RunContext,
  RunOutcome,
  RunRecord,
  RunStatus,
  RunTotals,
} from '../../../shared/run-types';
import { chunkErrorText, chunkWarningCount, runLabel, runStatus, runTotals, summaryLines } from '../../../shared/summary';

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
  /** How many warnings the chunk has (one per entry of warningDetails; see chunkWarningCount). */
  warningCount: number;
  /** Countable warnings: kind, count, column, message (never a record value). */
  warningDetails: ChunkWarning[];
  /** Every record accounted for, when the engine recorded it. */
  reconciliation: ChunkReconciliation | null;
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
  /** 'cancelled' when the run was stopped (statusLabel then says "Cancelled"); null when unknown or not finished. */
  outcome: RunOutcome | null;
  statusLabel: string;
  fatalError: string | null;
  event: BackfillEvent;
  /** durationMs is the run's wall time; chunkTimeMs the sum of the chunks' own durations. */
  totals: RunTotals;
  /** Warnings over all chunks, by kind and column: how many chunks had it and the summed count. */
  warningSummary: WarningSummaryRow[];
  /** Sums of the chunks' reconciliation figures, over the chunks that have them; null when none has. */
  reconciliation: ReconciliationTotals | null;
  /** The summary block exactly as the log prints it (without the log-line prefix). */
  summary: string[];
  chunks: ReportChunk[];
}

export interface WarningSummaryRow {
  kind: ChunkWarning['kind'];
  column: string | null;
  /** Chunks with this warning. */
  chunks: number;
  /** Summed counts (values not cast, records dropped, retries, …). */
  count: number;
  /** The first chunk's message, as an example. */
  example: string;
}

export interface ReconciliationTotals extends Omit<ChunkReconciliation, 'reported'> {
  /** Sum of Items-Total over the chunks where Mambu was asked; null when it never was. */
  reported: number | null;
  /** Chunks with reconciliation figures. */
  chunks: number;
}

export function reportStatus(run: RunRecord): { status: RunStatus | null; label: string } {
  if (run.status !== undefined) return { status: run.status, label: runLabel(run.status, run.outcome) };
  if (run.finishedAt === undefined) return { status: null, label: NOT_FINISHED_LABEL };
  const s = runStatus(run.chunks, run.fatalError !== undefined);
  return { status: s, label: runLabel(s, run.outcome) };
}

/** The chunk's countable warnings: its entries, or entries derived from older journals' lines and drift columns. */
function chunkWarnings(c: ChunkResult): ChunkWarning[] {
  if (c.warningDetails && c.warningDetails.length > 0) return c.warningDetails.map((w) => ({ ...w }));
  return [
    ...(c.schemaDrift ?? []).map((column): ChunkWarning => ({
      kind: 'schema-drift',
      count: 1,
      column,
      message: `column ${column} is not in the catalog; kept, typed string`,
    })),
    ...(c.warnings ?? []).map((message): ChunkWarning => ({ kind: 'other', count: 1, message })),
  ];
}

function warningSummary(chunks: readonly ChunkResult[]): WarningSummaryRow[] {
  const rows = new Map<string, WarningSummaryRow>();
  for (const c of chunks) {
    for (const w of chunkWarnings(c)) {
      // 'other' warnings are told apart by their text; the others by kind and column.
      const key = `${w.kind}\u0000${w.column ?? ''}\u0000${w.kind === 'other' ? w.message : ''}`;
      const row = rows.get(key);
      if (row) {
        row.chunks++;
        row.count += w.count;
      } else rows.set(key, { kind: w.kind, column: w.column ?? null, chunks: 1, count: w.count, example: w.message });
    }
  }
  return [...rows.values()].sort(
    (a, b) => b.chunks - a.chunks || a.kind.localeCompare(b.kind) || (a.column ?? '').localeCompare(b.column ?? ''),
  );
}

function reconciliationTotals(chunks: readonly ChunkResult[]): ReconciliationTotals | null {
  const withRec = chunks.filter((c) => c.reconciliation);
  if (withRec.length === 0) return null;
  const t: ReconciliationTotals = {
    reported: null,
    fetched: 0,
    kept: 0,
    outsideWindow: 0,
    duplicates: 0,
    rowsWritten: 0,
    chunks: withRec.length,
  };
  for (const c of withRec) {
    const r = c.reconciliation!;
    if (r.reported !== null) t.reported = (t.reported ?? 0) + r.reported;
    t.fetched += r.fetched;
    t.kept += r.kept;
    t.outsideWindow += r.outsideWindow;
    t.duplicates += r.duplicates;
    t.rowsWritten += r.rowsWritten;
  }
  return t;
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
    outcome: run.finishedAt !== undefined ? (run.outcome ?? null) : null,
    statusLabel: label,
    fatalError: run.fatalError ?? null,
    event: structuredClone(run.event),
    totals: runTotals(run.chunks, run, () => now),
    warningSummary: warningSummary(run.chunks),
    reconciliation: reconciliationTotals(run.chunks),
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
    warningCount: chunkWarningCount({ ...c, warnings: c.warnings ?? [], schemaDrift: c.schemaDrift ?? [] }),
    warningDetails: chunkWarnings(c),
    reconciliation: c.reconciliation ? { ...c.reconciliation } : null,
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

// Shared by the HTML, Markdown and CSV renderers, so the three carry the same numbers in the same words.
export const TOTALS_HEAD = [
  'Chunks',
  '✓',
  '✗ failed',
  '✗ cancelled',
  'Not run',
  'Warnings',
  'Records',
  'Pages',
  'Requests',
  'Setup requests',
  'Retries',
  'Duration',
  'Chunk time',
];

export function totalsRow(d: ReportData): Array<string | number> {
  const t = d.totals;
  return [
    t.chunks,
    t.succeeded,
    t.failed,
    t.cancelled,
    t.pending,
    t.warnings,
    t.records,
    t.pages,
    t.requests,
    t.setupRequests,
    t.retries,
    formatDuration(t.durationMs),
    formatDuration(t.chunkTimeMs),
  ];
}

/** `schema-drift (column x) ×1: message`. */
export function warningText(w: { kind: string; column?: string | null; count: number; message: string }): string {
  return `${w.kind}${w.column ? ` (${w.column})` : ''} ×${w.count}: ${w.message}`;
}

export function reconText(c: ReportChunk): string {
  const r = c.reconciliation;
  if (!r) return '';
  return `reported ${r.reported ?? '—'} · fetched ${r.fetched} · kept ${r.kept} · outside window ${r.outsideWindow} · duplicates ${r.duplicates} · rows written ${r.rowsWritten}`;
}
