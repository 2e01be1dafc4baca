// What the main process needs from the engine, as an interface: the core is tested against it in Node, and
// ../engine-adapter.ts binds it to electron/engine/{runner,session}.ts. Signatures mirror the engine's.
import type { BackfillEvent } from '../../../shared/event/schema';
import type { ChunkResult, RunContext, RunEvent, RunRecord } from '../../../shared/run-types';
import type { ConnectionSettings, DestinationSettings } from '../../../shared/settings';
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
}

export interface EngineSession {
  source: MambuSource;
  destination: Destination;
  context: RunContext;
  close(): Promise<void>;
}

export interface RunOptions {
  runId?: string;
  event: BackfillEvent;
  source: MambuSource;
  destination: Destination;
  context: RunContext;
  onEvent: (e: RunEvent) => void;
  signal: AbortSignal;
  only?: number[];
  previous?: ChunkResult[];
}

export type CheckResult = { ok: true; detail: string } | { ok: false; error: string };

export interface EngineApi {
  openSession(opts: SessionOptions): Promise<EngineSession>;
  runBackfill(opts: RunOptions): Promise<RunRecord>;
  testConnection(opts: { connection: ConnectionSettings; secret?: string; signal: AbortSignal }): Promise<CheckResult>;
  testDestination(opts: { destination: DestinationSettings; s3Credentials?: S3Credentials; signal: AbortSignal }): Promise<CheckResult>;
}
