// The one IPC contract between the renderer and the main process (electron-practices §2.2).
// Every command is an invoke channel `namespace:action` with a request and a response type; the run stream is one
// channel carrying the RunEvent union. No zod and no runtime dependencies here: the sandboxed preload bundles this
// file, and the request schemas live next to it in ./schemas.ts for the main process to parse `unknown` input.
//
// To add a command: add an entry to InvokeChannels, a request schema in schemas.ts, a method name in API_METHODS,
// and a handler in electron/main/core/handlers.ts. The preload and the BackfillApi type follow automatically.
import type { EventValidation, FieldIssue } from '../event/schema';
import type { EstimateEvent } from '../estimate';
import type { PlannedChunk } from '../plan';
import type { Preset } from '../presets';
import type { RunEvent, RunRecord } from '../run-types';
import type { ConnectionSettings, DestinationSettings } from '../settings';
import type {
  ContinuedRun,
  HistoryEntry,
  ImportConflictMode,
  MissingDestination,
  PresetExportFormat,
  PresetImportOutcome,
  PresetList,
  ReportFormat,
  RunSummaryView,
  SavedFile,
} from './history-views';

export type * from './history-views';
export type * from '../estimate';

/** Errors cross IPC as data (a thrown Error would keep only its message): a sentence plus per-field issues. */
export interface IpcError {
  message: string;
  issues?: FieldIssue[];
  /** run:retry / run:resume: no saved destination has the run's location; offer to add `suggested`, then retry. */
  missingDestination?: MissingDestination;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (message: string, issues?: FieldIssue[]): { ok: false; error: IpcError } => ({
  ok: false,
  error: issues && issues.length > 0 ? { message, issues } : { message },
});

/** Whether a secret is kept for a connection/destination. The value itself never leaves the main process. */
export type SecretState = 'saved' | 'missing' | 'not-needed';

export interface ConnectionView extends ConnectionSettings {
  /** The sandbox connection is built in: it cannot be edited or deleted and needs no secret. */
  builtIn: boolean;
  secret: SecretState;
}

/** S3 access keys are optional (the AWS profile / default chain is used without them). */
export interface S3KeysInput {
  accessKeyId: string;
  secretAccessKey: string;
}

export type DestinationView = DestinationSettings & {
  builtIn: boolean;
  /** For S3: whether explicit access keys are saved ('not-needed' when the profile/default chain is used). */
  secret: SecretState;
};

export interface EncryptionStatus {
  /** True only when the OS offers real encryption (Keychain, DPAPI, libsecret, KWallet). */
  available: boolean;
  /** `safeStorage` backend on Linux (`basic_text`, `gnome_libsecret`, …), or the platform's store name. */
  backend: string;
  /** A sentence for the settings screen, e.g. why secrets cannot be saved and what to do instead. */
  detail: string;
}

export interface SettingsView {
  connections: ConnectionView[];
  destinations: DestinationView[];
  /** What a newcomer runs with: the sandbox connection and the local output folder. */
  defaults: { connection: string; destination: string };
  encryption: EncryptionStatus;
  /** Problems found when loading the settings file (kept running with what could be read). */
  problems: string[];
}

export interface SecretsStatus {
  encryption: EncryptionStatus;
  connections: Record<string, 'saved' | 'not saved'>;
  destinations: Record<string, 'saved' | 'not saved'>;
}

export interface PlanPreview {
  kind: 'windowed' | 'snapshot';
  chunkCount: number;
  first: PlannedChunk;
  last: PlannedChunk;
  totalHours: number;
}

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /** Electron's version, or null when the handlers run outside Electron (tests, the browser harness). */
  electron: string | null;
  defaultOutputDir: string;
}

export interface TestOutcome {
  detail: string;
}

export interface SaveOutcome<T> {
  saved: T;
  /** Set when the settings were saved but the secret was not (e.g. no real encryption on this OS). */
  warning?: string;
}

/** A saved connection by name, or the form's current values (secret optional: falls back to the saved one). */
export type ConnectionTestRequest = { name: string } | { connection: ConnectionSettings; secret?: string };
export type DestinationTestRequest = { name: string } | { destination: DestinationSettings; s3Keys?: S3KeysInput };

export interface InvokeChannels {
  'event:validate': { request: { event: unknown }; response: EventValidation };
  'run:plan': { request: { event: unknown }; response: PlanPreview };
  'run:start': { request: { event: unknown; connection: string; destination: string }; response: { runId: string } };
  'run:cancel': { request: { runId: string }; response: { cancelled: boolean } };
  /** Asks Mambu for each chunk's total (one small request per chunk, one at a time, under the rate cap); progress
   *  and the result stream on `estimate:event` with this estimateId. One estimate per window at a time. */
  'estimate:start': { request: { event: unknown; connection: string }; response: { estimateId: string; chunks: number } };
  'estimate:cancel': { request: { estimateId: string }; response: { cancelled: boolean } };
  'settings:get': { request: void; response: SettingsView };
  'connections:list': { request: void; response: ConnectionView[] };
  'connections:save': {
    /** `secret` set: store it; omitted: keep the saved one. `originalName` renames (the secret moves along). */
    request: { connection: ConnectionSettings; secret?: string; originalName?: string };
    response: SaveOutcome<ConnectionView>;
  };
  'connections:delete': { request: { name: string }; response: { deleted: boolean } };
  'connections:test': { request: ConnectionTestRequest; response: TestOutcome };
  'destinations:list': { request: void; response: DestinationView[] };
  'destinations:save': {
    request: { destination: DestinationSettings; s3Keys?: S3KeysInput; clearS3Keys?: boolean; originalName?: string };
    response: SaveOutcome<DestinationView>;
  };
  'destinations:delete': { request: { name: string }; response: { deleted: boolean } };
  'destinations:test': { request: DestinationTestRequest; response: TestOutcome };
  'secrets:status': { request: void; response: SecretsStatus };
  'app:info': { request: void; response: AppInfo };

  // Presets: a named event plus connection and destination NAMES (never a secret), in the user-data folder.
  'presets:list': { request: void; response: PresetList };
  'presets:get': { request: { name: string }; response: Preset };
  /** `event` in any form the event schema accepts; `overwrite` replaces a preset of the same name. */
  'presets:save': {
    request: { preset: { name: string; event: unknown; connection: string; destination: string }; overwrite?: boolean };
    response: Preset;
  };
  'presets:rename': { request: { from: string; to: string }; response: Preset };
  /** Copies as "NAME copy" (then "copy 2", …) unless `newName` is given. */
  'presets:duplicate': { request: { name: string; newName?: string }; response: Preset };
  'presets:delete': { request: { name: string }; response: Preset };
  /** The TEXT of an original event JSON or a bundle, read by the page (never a path). All or nothing: a malformed
   *  file fails with every problem by field. `name`/`connection`/`destination` fill what a single event lacks. */
  'presets:import': {
    request: { text: string; name?: string; connection?: string; destination?: string; onConflict?: ImportConflictMode };
    response: PresetImportOutcome;
  };
  /** Main shows the save dialog and writes the file: the page names the preset, never a path. */
  'presets:export': { request: { name: string; format: PresetExportFormat }; response: SavedFile };

  // Run history (journals of app and CLI runs), retry, resume and reports.
  'history:list': { request: void; response: HistoryEntry[] };
  'history:get': { request: { runId: string }; response: RunRecord };
  /** Runs that never finished and whose process is gone: offered for resume at start. */
  'history:interrupted': { request: void; response: RunSummaryView[] };
  /** Runs again only the ✗ and cancelled chunks of a finished run, with its connection and destination. */
  'run:retry': { request: { runId: string }; response: ContinuedRun };
  /** Finishes an interrupted run: only its chunks that are not ✓. */
  'run:resume': { request: { runId: string }; response: ContinuedRun };
  /** Main shows the save dialog and writes the report. */
  'reports:export': { request: { runId: string; format: ReportFormat }; response: SavedFile };
}

export type InvokeChannel = keyof InvokeChannels;
export type RequestOf<C extends InvokeChannel> = InvokeChannels[C]['request'];
export type ResponseOf<C extends InvokeChannel> = InvokeChannels[C]['response'];

/** Main → renderer streams. */
export const RUN_EVENT_CHANNEL = 'run:event';
export const ESTIMATE_EVENT_CHANNEL = 'estimate:event';

/** The preload's method names, one per invoke channel: the only channels the renderer can reach. */
export const API_METHODS = {
  validateEvent: 'event:validate',
  planRun: 'run:plan',
  startRun: 'run:start',
  cancelRun: 'run:cancel',
  startEstimate: 'estimate:start',
  cancelEstimate: 'estimate:cancel',
  getSettings: 'settings:get',
  listConnections: 'connections:list',
  saveConnection: 'connections:save',
  deleteConnection: 'connections:delete',
  testConnection: 'connections:test',
  listDestinations: 'destinations:list',
  saveDestination: 'destinations:save',
  deleteDestination: 'destinations:delete',
  testDestination: 'destinations:test',
  secretsStatus: 'secrets:status',
  appInfo: 'app:info',
  listPresets: 'presets:list',
  getPreset: 'presets:get',
  savePreset: 'presets:save',
  renamePreset: 'presets:rename',
  duplicatePreset: 'presets:duplicate',
  deletePreset: 'presets:delete',
  importPresets: 'presets:import',
  exportPreset: 'presets:export',
  listHistory: 'history:list',
  getRun: 'history:get',
  interruptedRuns: 'history:interrupted',
  retryRun: 'run:retry',
  resumeRun: 'run:resume',
  exportReport: 'reports:export',
} as const satisfies Record<string, InvokeChannel>;

export type ApiMethod = keyof typeof API_METHODS;
type ChannelOf<M extends ApiMethod> = (typeof API_METHODS)[M];

/** A method takes no argument when its request is void. */
type Invoker<C extends InvokeChannel> = [RequestOf<C>] extends [void]
  ? () => Promise<Result<ResponseOf<C>>>
  : (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

/** What the preload exposes as `window.backfill`; any implementation (preload, browser harness, test fake) fits. */
export type BackfillApi = { [M in ApiMethod]: Invoker<ChannelOf<M>> } & {
  /** Subscribes to run events of this window; returns the unsubscribe. They come in order, in batches: one
   *  message (and one call) per ~100 ms at most, so a burst of thousands of events is one task in the renderer. */
  onRunEvents(listener: (events: RunEvent[]) => void): () => void;
  /** Subscribes to estimate events of this window; returns the unsubscribe. */
  onEstimateEvent(listener: (event: EstimateEvent) => void): () => void;
};

export const INVOKE_CHANNELS = Object.values(API_METHODS) as InvokeChannel[];
