// What a retry or a resume runs with in the app: the engine's continuation rules (electron/engine/continuation.ts,
// the same the CLI applies), then the parent's connection by name and its destination BY LOCATION in today's
// settings: a continuation must write where the parent wrote, whatever the saved destination is called (a CLI run's
// destination is named after its flags, e.g. "local folder"). When none is saved with that location, the error
// carries the settings to add (missingDestination), and the renderer offers to.
import { fail, ok, type IpcError, type MissingDestination, type Result } from '../../../shared/ipc/contract';
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
  const saved: DestinationSettings[] = (await deps.settings.snapshot()).destinations.map(
    ({ builtIn: _b, ...d }) => d as DestinationSettings,
  );
  const here = saved.filter((d) => !destinationMismatch(run, destinationUri(d)));
  // The same name first (the usual case for an app run), else any saved destination with that location.
  const destination = here.find((d) => d.name === destName) ?? here[0];
  if (!destination) {
    const named = saved.find((d) => d.name === destName);
    const missing: MissingDestination = {
      runId: run.parent.runId,
      uri: parentUri,
      suggested: suggestDestination(parentUri, destName, saved),
    };
    const why = named
      ? `the destination "${destName}" now points to ${destinationUri(named)}, and no saved destination points to ${parentUri}`
      : `no saved destination points to ${parentUri}`;
    const error: IpcError = {
      message:
        `Cannot ${verb} run ${runId}: it wrote to ${parentUri}, but ${why}. A ${verb} must write where the run did; ` +
        `add a destination for ${parentUri} (offered as "${missing.suggested.name}"), then ${verb} again.`,
      issues: [{ field: 'destination', message: `no saved destination points to ${parentUri}` }],
      missingDestination: missing,
    };
    return { ok: false, error };
  }
  return ok({ ...run, connection, destination });
}

/** A destination for `uri` (`s3://bucket/prefix/` or a folder), named `name` unless a saved one has that name. */
function suggestDestination(uri: string, name: string, saved: readonly DestinationSettings[]): DestinationSettings {
  const taken = new Set(saved.map((d) => d.name));
  const base = (name.trim() || 'Run destination').slice(0, 70);
  let free = base;
  for (let i = 2; taken.has(free); i++) free = `${base} ${i}`;
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (s3) {
    return {
      kind: 's3',
      name: free,
      bucket: s3[1]!,
      prefix: s3[2]!.replace(/^\/+|\/+$/g, ''),
      region: '',
      profile: '',
      endpoint: '',
      forcePathStyle: false,
    };
  }
  return { kind: 'local', name: free, path: uri };
}
