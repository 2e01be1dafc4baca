// What a retry or a resume runs with, checked before anything starts: the parent run from its journal, the chunks
// to run again, and the parent's connection and destination looked up BY NAME in today's settings. A continuation
// must write where the parent wrote, or a window's rows would end up split between two places (same rule as the
// CLI's --retry-failed / --resume).
import { validateEvent, type BackfillEvent } from '../../../shared/event/schema';
import { fail, ok, type Result } from '../../../shared/ipc/contract';
import type { RunRecord } from '../../../shared/run-types';
import { destinationUri, type ConnectionSettings, type DestinationSettings } from '../../../shared/settings';
import { chunksToResume, chunksToRetry } from '../../engine/journaled-run';
import { isStoreError, type JournalStore } from '../../engine/store';
import type { SettingsStore } from './settings-store';

export type ContinuationMode = 'retry-failed' | 'resume';

export interface Continuation {
  mode: ContinuationMode;
  parent: RunRecord;
  event: BackfillEvent;
  only: number[];
  connection: ConnectionSettings;
  destination: DestinationSettings;
}

/** A run's journal by id, read only from the runs folder (never a path the caller chose). */
export function loadRun(journals: JournalStore, runId: string): Promise<RunRecord> {
  return journals.load(journals.pathOf(runId));
}

const trimSlashes = (uri: string) => uri.replace(/[/\\]+$/, '');

export async function resolveContinuation(
  deps: { journals: JournalStore; settings: SettingsStore },
  runId: string,
  mode: ContinuationMode,
): Promise<Result<Continuation>> {
  const verb = mode === 'resume' ? 'resume' : 'retry';
  let parent: RunRecord;
  try {
    parent = await loadRun(deps.journals, runId);
  } catch (err) {
    if (isStoreError(err, 'not-found')) return fail(`Cannot ${verb} run ${runId}: it is not in the run history (its journal is gone).`);
    if (isStoreError(err)) return fail(`Cannot ${verb} run ${runId}: ${err.message}`, err.issues);
    throw err;
  }

  if (mode === 'retry-failed' && parent.finishedAt === undefined) {
    return fail(`Run ${runId} has not finished: retry failed works on a finished run. If it was interrupted, resume it instead.`);
  }
  if (mode === 'resume') {
    if (parent.finishedAt !== undefined) return fail(`Run ${runId} finished; nothing to resume. Use Retry failed to run its ✗ chunks again.`);
    const offered = await deps.journals.interrupted();
    if (!offered.some((s) => s.runId === runId)) {
      return fail(`Run ${runId} cannot be resumed: it is still running, or another run has already resumed it. See the history.`);
    }
  }

  const only = mode === 'resume' ? chunksToResume(parent) : chunksToRetry(parent);
  if (only.length === 0) return fail(`Nothing to ${verb}: every chunk of run ${runId} is ✓.`);

  const v = validateEvent(parent.event);
  if (!v.ok) return fail(`Cannot ${verb} run ${runId}: the event in its journal is no longer valid`, v.issues.map((i) => ({ ...i, field: `event.${i.field}` })));

  const { connection: connName, destination: destName, destinationUri: parentUri } = parent.context;
  const connection = await deps.settings.connection(connName);
  if (!connection) {
    return fail(
      `Cannot ${verb} run ${runId}: it used the connection "${connName}", which is no longer configured. ` +
        `Add a connection with that name in Connections & destinations, or start a new run.`,
      [{ field: 'connection', message: `connection "${connName}" is not configured` }],
    );
  }
  const destination = await deps.settings.destination(destName);
  if (!destination) {
    return fail(
      `Cannot ${verb} run ${runId}: it wrote to the destination "${destName}" (${parentUri}), which is no longer configured. ` +
        `Add it again with that name and location, or start a new run.`,
      [{ field: 'destination', message: `destination "${destName}" is not configured` }],
    );
  }
  const nowUri = destinationUri(destination);
  if (trimSlashes(nowUri) !== trimSlashes(parentUri)) {
    return fail(
      `Cannot ${verb} run ${runId}: it wrote to ${parentUri}, but the destination "${destName}" now points to ${nowUri}. ` +
        `A ${verb} must write where the run did, or a window's rows would be split between two places; ` +
        `point "${destName}" back to ${parentUri} or start a new run.`,
      [{ field: 'destination', message: `destination "${destName}" now points to ${nowUri}, not ${parentUri}` }],
    );
  }
  return ok({ mode, parent, event: v.event, only, connection, destination });
}
