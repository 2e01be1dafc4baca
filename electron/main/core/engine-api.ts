// What the main process needs from the engine, as an interface: the core is tested against it in Node, and
// ../engine-adapter.ts binds it to electron/engine/{runner,session}.ts. Signatures mirror the engine's.
import type { BackfillEvent } from '../../../shared/event/schema';
import type { RunContext, RunEvent, RunRecord } from '../../../shared/run-types';
import type { ConnectionSettings, DestinationSettings } from '../../../shared/settings';
import type { JournalStore } from '../../engine/store';
import type { Destination, MambuSource } from '../../engine/types';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SessionOptions {
  connection: ConnectionSettings;
  /** API key or password; absent for the sandbox. */
  secret?: string;
  destination: DestinationSettings;
  s3Credentials?: S3Credentials;
  /** Retry or resume: stamped into the run's context (and so its journal). */
  mode?: RunContext['mode'];
  parentRunId?: string;
}

export interface EngineSession {
  source: MambuSource;
  destination: Destination;
  context: RunContext;
  close(): Promise<void>;
}

/** electron/engine/journaled-run.ts's options: a run whose record is journaled after every chunk. */
export interface JournaledRunOptions {
  store: JournalStore;
  session: EngineSession;
  runId: string;
  event: BackfillEvent;
  onEvent: (e: RunEvent) => void;
  signal: AbortSignal;
  /** Retry or resume: the run being continued (its journal gets each chunk's latest outcome) and the chunks to run. */
  parent?: RunRecord;
  only?: readonly number[];
  onJournalError?: (err: unknown) => void;
}

export type CheckResult = { ok: true; detail: string } | { ok: false; error: string };

export interface EngineApi {
  openSession(opts: SessionOptions): Promise<EngineSession>;
  /** Every app run goes through here, so it keeps a journal exactly like a CLI run. */
  runJournaled(opts: JournaledRunOptions): Promise<{ record: RunRecord; parent?: RunRecord }>;
  testConnection(opts: { connection: ConnectionSettings; secret?: string; signal: AbortSignal }): Promise<CheckResult>;
  testDestination(opts: { destination: DestinationSettings; s3Credentials?: S3Credentials; signal: AbortSignal }): Promise<CheckResult>;
}
