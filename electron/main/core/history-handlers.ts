// Run history over IPC: the journals the app and the CLI write, retry and resume, and reports through a
// main-owned save dialog.
import { ok } from '../../../shared/ipc/contract';
import { formatFromPath, REPORT_FILTERS, reportFileName, writeReport, type ReportFormat } from '../../engine/reports';
import { loadRun } from './continuation';
import type { Impls } from './handler-types';

type HistoryChannel = 'history:list' | 'history:get' | 'history:interrupted' | 'run:retry' | 'run:resume' | 'reports:export';

export const HISTORY_HANDLERS: Impls<HistoryChannel> = {
  'history:list': async (d) => ok(await d.journals.list()),

  'history:get': async (d, { runId }) => ok(await loadRun(d.journals, runId)),

  'history:interrupted': async (d) => ok(await d.journals.interrupted()),

  'run:retry': (d, { runId }, ctx) => d.runs.continueRun(ctx.owner, runId, 'retry-failed'),

  'run:resume': (d, { runId }, ctx) => d.runs.continueRun(ctx.owner, runId, 'resume'),

  'reports:export': async (d, { runId, format }) => {
    const run = await loadRun(d.journals, runId);
    const filters = REPORT_FILTERS.filter((f) => f.extensions.includes(format));
    const chosen = await d.dialogs.chooseSavePath(reportFileName(run, format), filters);
    if (!chosen) return ok({ saved: false as const });
    // writeReport takes the format from the extension: make it the one the user picked in the page.
    const file = extensionFormat(chosen) === format ? chosen : `${chosen}.${format}`;
    await writeReport(file, run, d.app.version);
    return ok({ saved: true as const, path: file });
  },
};

function extensionFormat(file: string): ReportFormat | undefined {
  try {
    return formatFromPath(file);
  } catch {
    return undefined;
  }
}
