// What the main process needs from the engine, as an interface: the core is tested against it in Node, and
// ../engine-adapter.ts binds it to electron/engine/{runner,session}.ts. Signatures mirror the engine's.
import type { RunRecord } from '../../../shared/run-types';
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

export interface EngineApi {
  openSession(opts: SessionOptions): Promise<EngineSession>;
  /** Every app run goes through here, so it keeps a journal exactly like a CLI run. */
  runJournaled(opts: JournaledRunOptions): Promise<{ record: RunRecord; parent?: RunRecord }>;
  /** Asks the session's source for each chunk's total (see electron/engine/estimate.ts). */
  estimate(opts: EstimateOptions): Promise<Estimate>;
  testConnection(opts: { connection: ConnectionSettings; secret?: string; signal: AbortSignal }): Promise<CheckResult>;
  testDestination(opts: { destination: DestinationSettings; s3Credentials?: S3Credentials; signal: AbortSignal }): Promise<CheckResult>;
}
