// What the renderer sees of presets, run history and reports: plain JSON shapes. The run-history shapes are the
// journal store's own (electron/engine/store/journal.ts uses them); the others mirror the preset store's objects,
// which the main process passes straight through, so the compiler checks there that they still fit.
import type { FieldIssue } from '../event/schema';
import type { Preset } from '../presets';
import type { RunContext, RunOutcome, RunStatus } from '../run-types';
import type { DestinationSettings } from '../settings';

/** A problem found reading presets.json (corrupt and moved aside, newer format kept, entries left out). */
export interface StoreProblemView {
  kind: 'corrupt' | 'future-version' | 'invalid-entries';
  /** A sentence: what happened, where the file is now, what to do. */
  message: string;
  path: string;
  movedTo?: string | null;
  issues: FieldIssue[];
}

export interface PresetList {
  presets: Preset[];
  /** Problems found reading the presets file since the app started (shown, never blocking). */
  problems: StoreProblemView[];
}

export type ImportConflictMode = 'error' | 'rename' | 'replace';

export interface PresetImportOutcome {
  kind: 'event' | 'bundle';
  imported: Preset[];
  renamed: Array<{ from: string; to: string }>;
  replaced: string[];
}

export type PresetExportFormat = 'event' | 'bundle';

/** One past run, as the history lists it. */
export interface RunSummaryView {
  runId: string;
  /** The journal file. */
  path: string;
  startedAt: string;
  finishedAt?: string;
  table: string;
  endpoint: string;
  window: { start: string; end: string };
  status?: RunStatus;
  /** 'cancelled' when the run was stopped (statusLabel then says "Cancelled"). */
  outcome?: RunOutcome;
  /** "Complete Success" …, "Cancelled", or "Running" / "Interrupted" / "Interrupted (resumed)". */
  statusLabel: string;
  chunks: number;
  succeeded: number;
  notSucceeded: number;
  failed: number;
  cancelled: number;
  records: number;
  /** Warnings over all chunks (schema drift, cast failures, records outside the window, retries, …). */
  warnings: number;
  /** Wall time of the run in ms (finishedAt − startedAt); absent while it runs. */
  durationMs?: number;
  mode: RunContext['mode'];
  parentRunId?: string;
  connection: string;
  destination: string;
  fatalError?: string;
  live: boolean;
  interrupted: boolean;
  resumedBy?: string;
}

/** A journal that could not be read is listed too (it was kept aside), so nothing disappears silently. */
export type HistoryEntry =
  { readable: true; summary: RunSummaryView } | { readable: false; runId: string; path: string; message: string; modifiedAt: string };

export const REPORT_FORMATS = ['json', 'csv', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_FORMAT_LABELS: Record<ReportFormat, string> = {
  html: 'HTML (printable)',
  md: 'Markdown',
  csv: 'CSV (a row per chunk)',
  json: 'JSON (machine-readable)',
};

/** A file the main process wrote after its own save dialog; `saved: false` when the user cancelled. */
export type SavedFile = { saved: true; path: string } | { saved: false };

/** A retry/resume of a run whose destination LOCATION (not name) matches no saved destination: the settings the
 *  renderer can offer to add (name free to change), after which the same retry/resume works. */
export interface MissingDestination {
  runId: string;
  /** Where the run wrote: `s3://bucket/prefix/` or a folder. */
  uri: string;
  /** A destination with that location, named after the run's destination (or a free variant of it). */
  suggested: DestinationSettings;
}

/** A retry or resume that started: the new run's id, the run it continues and how many chunks it runs. */
export interface ContinuedRun {
  runId: string;
  parentRunId: string;
  chunks: number;
  /** The saved destination it writes to (found by the parent's location; may differ from the parent's name). */
  destination: string;
}
