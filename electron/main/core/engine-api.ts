// What the main process needs from the engine, as an interface: the core is tested against it in Node, and
// ../engine-adapter.ts binds it to the engine thread (../engine-thread.ts), where electron/engine runs. Option shapes
// are the engine's own.
import type { RunContext, RunRecord } from '../../../shared/run-types';
import type { ConnectionSettings, DestinationSettings } from '../../../shared/settings';
import type { Session, SessionOptions } from '../../engine/session';
import type { S3Credentials } from '../../engine/sink/s3';
import type { JournaledRunOptions } from '../../engine/journaled-run';
import type { EstimateOptions } from '../../engine/estimate';
import type { Estimate } from '../../../shared/estimate';

// The engine's own option shapes (type-only imports: the core stays testable against any EngineApi).
export type { S3Credentials } from '../../engine/sink/s3';
export type { SessionOptions } from '../../engine/session';
export type { JournaledRunOptions } from '../../engine/journaled-run';
/** What a run needs from an open session (the engine's Session has these, and more). */
export type EngineSession = Pick<Session, 'source' | 'destination' | 'context' | 'close'>;

export type CheckResult = { ok: true; detail: string } | { ok: false; error: string };

/** What a run is given besides its session (the session is the run's own, opened by openRun). */
export type RunRequest = Omit<JournaledRunOptions, 'session'>;

/** One run's session, opened where the run will go. */
export interface EngineRun {
  context: RunContext;
  /** Runs it with a journal, exactly like a CLI run (electron/engine/journaled-run.ts). */
  run(req: RunRequest): Promise<{ record: RunRecord; parent?: RunRecord }>;
  close(): Promise<void>;
}

/** An estimate: the event's chunks counted at the session's Mambu source (its destination is never touched). */
export interface EstimateRequest extends Pick<EstimateOptions, 'event' | 'signal' | 'onProgress'> {
  session: SessionOptions;
}

/** What the app asks of the engine; in the app, all of it goes to the engine thread (../engine-thread.ts). */
export interface EngineApi {
  /** Every app run goes through here. */
  openRun(opts: SessionOptions): Promise<EngineRun>;
  /** Asks the source for each chunk's total (see electron/engine/estimate.ts). */
  estimate(opts: EstimateRequest): Promise<Estimate>;
  testConnection(opts: { connection: ConnectionSettings; secret?: string; signal: AbortSignal }): Promise<CheckResult>;
  testDestination(opts: { destination: DestinationSettings; s3Credentials?: S3Credentials; signal: AbortSignal }): Promise<CheckResult>;
}

/** openRun for an engine whose runs go on the calling thread: the session opened here and run by `runJournaled`
 *  (test engines; the app's runs go to the engine thread instead). */
export function runsInProcess<S extends EngineSession>(
  open: (opts: SessionOptions) => Promise<S>,
  runJournaled: (opts: RunRequest & { session: S }) => Promise<{ record: RunRecord; parent?: RunRecord }>,
): EngineApi['openRun'] {
  return async (opts) => {
    const session = await open(opts);
    return { context: session.context, run: (req) => runJournaled({ ...req, session }), close: () => session.close() };
  };
}
