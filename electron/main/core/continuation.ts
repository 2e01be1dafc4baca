// What a retry or a resume runs with in the app: the engine's continuation rules (electron/engine/continuation.ts,
// the same the CLI applies), then the parent's connection and destination looked up BY NAME in today's settings,
// which must still point where the parent wrote.
import { fail, ok, type Result } from '../../../shared/ipc/contract';
import type { RunRecord } from '../../../shared/run-types';
import { destinationUri, type ConnectionSettings, type DestinationSettings } from '../../../shared/settings';
import { checkContinuable, destinationMismatch, type ContinuableRun, type ContinuationMode } from '../../engine/continuation';
import type { JournalStore } from '../../engine/store';
import type { SettingsStore } from './settings-store';

export type { ContinuationMode };

export interface Continuation extends ContinuableRun {
  connection: ConnectionSettings;
  destination: DestinationSettings;
}

/** A run's journal by id, read only from the runs folder (never a path the caller chose). */
export function loadRun(journals: JournalStore, runId: string): Promise<RunRecord> {
  return journals.load(journals.pathOf(runId));
}

export async function resolveContinuation(
  deps: { journals: JournalStore; settings: SettingsStore },
  runId: string,
  mode: ContinuationMode,
): Promise<Result<Continuation>> {
  const verb = mode === 'resume' ? 'resume' : 'retry';
  const c = await checkContinuable(deps.journals, runId, mode);
  if (c.kind !== 'ok') return fail(c.message, c.kind === 'refused' ? c.issues : undefined);
  const { kind: _ok, ...run } = c;

  const { connection: connName, destination: destName, destinationUri: parentUri } = run.parent.context;
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
  const mismatch = destinationMismatch(run, nowUri, destName);
  if (mismatch) return fail(mismatch, [{ field: 'destination', message: `destination "${destName}" now points to ${nowUri}, not ${parentUri}` }]);
  return ok({ ...run, connection, destination });
}
