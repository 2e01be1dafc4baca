// The rules for continuing a run (retry its failed chunks, or resume it after a crash), one set for the app and the
// CLI: which parent may be continued, which chunks run again, and that the continuation writes where the parent
// wrote (or a window's rows would end up split between two places). Where the connection and destination come from
// differs per shell (the app looks them up by name in its settings, the CLI reads the environment); the checks do not.
import path from 'node:path';
import { validateEvent, type BackfillEvent, type FieldIssue } from '../../shared/event/schema';
import type { RunRecord } from '../../shared/run-types';
import { JournalStore, isStoreError } from './store';

export type ContinuationMode = 'retry-failed' | 'resume';

/** A parent that may be continued: its journal, its (still valid) event, and the chunk indexes to run again. */
export interface ContinuableRun {
  mode: ContinuationMode;
  parent: RunRecord;
  event: BackfillEvent;
  only: number[];
}

export type ContinuableCheck =
  | ({ kind: 'ok' } & ContinuableRun)
  /** Every chunk is already ✓: not an error for the CLI (exit 0), refused by the app (nothing to start). */
  | { kind: 'nothing'; message: string }
  | { kind: 'refused'; message: string; issues?: FieldIssue[] };

/** What a continuation runs again, in both modes: every chunk not ✓. For a retry those are the ✗, cancelled and
 *  never-run chunks of a finished run; for a resume, the chunks of an interrupted run that are not ✓ (the one in
 *  flight at the crash is still pending). */
function chunksNotSucceeded(run: RunRecord): number[] {
  return run.chunks.filter((c) => c.status !== 'success').map((c) => c.index);
}

const verbOf = (mode: ContinuationMode) => (mode === 'resume' ? 'resume' : 'retry');

/**
 * Loads run `runIdOrPath` (an id in `journals`' folder, or, with `allowPath` (the CLI), a journal's path) and checks
 * it may be continued: retry needs a finished parent; resume needs an unfinished one whose process is gone and that
 * no other run has resumed yet (the journal folder offers it for resume).
 */
export async function checkContinuable(
  journals: JournalStore,
  runIdOrPath: string,
  mode: ContinuationMode,
  opts: { allowPath?: boolean } = {},
): Promise<ContinuableCheck> {
  const verb = verbOf(mode);
  let parent: RunRecord;
  try {
    // Without allowPath only an id is accepted (pathOf refuses anything else), so the app reads only its runs folder.
    parent = await journals.load(opts.allowPath ? runIdOrPath : journals.pathOf(runIdOrPath));
  } catch (err) {
    if (isStoreError(err, 'not-found')) {
      return { kind: 'refused', message: `Cannot ${verb} run ${runIdOrPath}: it is not in the run history (its journal is gone).` };
    }
    if (isStoreError(err)) return { kind: 'refused', message: `Cannot ${verb} run ${runIdOrPath}: ${err.message}`, issues: err.issues };
    throw err;
  }
  const runId = parent.runId;

  if (mode === 'retry-failed' && parent.finishedAt === undefined) {
    return {
      kind: 'refused',
      message: `Run ${runId} has not finished: retry failed works on a finished run. If it was interrupted, resume it instead (--resume in the CLI).`,
    };
  }
  if (mode === 'resume') {
    // A cancelled run (Cancel in the app, Ctrl-C or SIGTERM in the CLI) finished on purpose with chunks left to do:
    // resuming it runs those, as for a crash. A run that finished by itself has nothing to resume.
    const cancelled = parent.finishedAt !== undefined && parent.outcome === 'cancelled';
    if (parent.finishedAt !== undefined && !cancelled) {
      return {
        kind: 'refused',
        message: `Run ${runId} finished; nothing to resume. Use Retry failed (--retry-failed in the CLI) to run its ✗ chunks again.`,
      };
    }
    // A journal given by path is judged among its own folder's runs (who resumed it lives beside it).
    const dir = runIdOrPath === runId ? journals.runsDir : path.dirname(path.resolve(runIdOrPath));
    const folder = path.resolve(dir) === path.resolve(journals.runsDir) ? journals : new JournalStore(dir);
    const resumable = cancelled
      ? !(await folder.list()).some((e) => e.readable && e.summary.mode === 'resume' && e.summary.parentRunId === runId)
      : (await folder.interrupted()).some((s) => s.runId === runId);
    if (!resumable) {
      return {
        kind: 'refused',
        message: `Run ${runId} cannot be resumed: it is still running, or another run has already resumed it. See the history.`,
      };
    }
  }

  const only = chunksNotSucceeded(parent);
  if (only.length === 0) return { kind: 'nothing', message: `Nothing to ${verb}: every chunk of run ${runId} is ✓.` };

  const v = validateEvent(parent.event);
  if (!v.ok) {
    return {
      kind: 'refused',
      message: `Cannot ${verb} run ${runId}: the event in its journal is no longer valid`,
      issues: v.issues.map((i) => ({ ...i, field: `event.${i.field}` })),
    };
  }
  return { kind: 'ok', mode, parent, event: v.event, only };
}

const trimSlashes = (uri: string) => uri.replace(/[/\\]+$/, '');

/**
 * Why a continuation may not write to `nowUri` (undefined when it may): it must write where its parent did.
 * `destinationName` names the setting to fix, when the shell has one.
 */
export function destinationMismatch(run: ContinuableRun, nowUri: string, destinationName?: string): string | undefined {
  const parentUri = run.parent.context.destinationUri;
  if (trimSlashes(nowUri) === trimSlashes(parentUri)) return undefined;
  const verb = verbOf(run.mode);
  const what = destinationName ? `the destination "${destinationName}" now points to ${nowUri}` : `this run would write to ${nowUri}`;
  const fix = destinationName
    ? `point "${destinationName}" back to ${parentUri} or start a new run`
    : `point the destination back to ${parentUri} or start a new run`;
  return (
    `Cannot ${verb} run ${run.parent.runId}: it wrote to ${parentUri}, but ${what}. ` +
    `A ${verb} must write where the run did, or a window's rows would be split between two places; ${fix}.`
  );
}
