// Runs backfills for windows: one run at a time per window, a runId returned at once, events streamed back to the
// window that asked (coalesced), cancel through an AbortController kept per run (electron-practices §2.2).
import { randomUUID } from 'node:crypto';
import { validateEvent } from '../../../shared/event/schema';
import { fail, ok, type Result } from '../../../shared/ipc/contract';
import type { RunEvent, RunStatus } from '../../../shared/run-types';
import { formatLogLine } from '../../../shared/summary';
import type { EngineApi } from './engine-api';
import { createCoalescer } from './progress-coalescer';
import { redact, type SecretStore } from './secret-store';
import { resolveConnectionSecret, resolveS3Keys, type SecretFallback } from './secrets-resolve';
import type { SettingsStore } from './settings-store';

/** The window a run belongs to (a webContents in the app; anything with an id and a send in tests). */
export interface RunOwner {
  id: number;
  send(event: RunEvent): void;
  isDestroyed(): boolean;
}

export interface RunManagerDeps {
  engine: EngineApi;
  settings: SettingsStore;
  secrets: SecretStore;
  fallbackSecret?: SecretFallback;
  /** Page progress is delivered at most once per this many ms per window. Default 100. */
  progressIntervalMs?: number;
  newRunId?: () => string;
}

export interface StartRequest {
  event: unknown;
  connection: string;
  destination: string;
}

interface ActiveRun {
  runId: string;
  ownerId: number;
  controller: AbortController;
  done: Promise<void>;
}

export class RunManager {
  private readonly active = new Map<number, ActiveRun>();
  private readonly byId = new Map<string, ActiveRun>();

  constructor(private readonly deps: RunManagerDeps) {}

  async start(owner: RunOwner, req: StartRequest): Promise<Result<{ runId: string }>> {
    const running = this.active.get(owner.id);
    if (running) return fail(`A run is already in progress in this window (${running.runId}); cancel it or wait for it to finish.`);
    const v = validateEvent(req.event);
    if (!v.ok) return fail(`The event is not valid: ${v.issues.map((i) => i.message).join('; ')}`, v.issues);
    const connection = await this.deps.settings.connection(req.connection);
    if (!connection) return fail(`connection "${req.connection}" is not configured; choose one in Settings → Connections`, [{ field: 'connection', message: `connection "${req.connection}" is not configured` }]);
    const destination = await this.deps.settings.destination(req.destination);
    if (!destination) return fail(`destination "${req.destination}" is not configured; choose one in Settings → Destinations`, [{ field: 'destination', message: `destination "${req.destination}" is not configured` }]);
    const secret = await resolveConnectionSecret(this.deps.secrets, connection, this.deps.fallbackSecret);
    if (!secret.ok) return secret;
    const s3Credentials = await resolveS3Keys(this.deps.secrets, destination);

    const runId = (this.deps.newRunId ?? randomUUID)();
    const controller = new AbortController();
    // Reserve the window's slot before the first await, so a double click cannot start two runs.
    let settle!: () => void;
    const entry: ActiveRun = { runId, ownerId: owner.id, controller, done: new Promise((r) => (settle = r)) };
    this.active.set(owner.id, entry);
    this.byId.set(runId, entry);

    let session;
    try {
      session = await this.deps.engine.openSession({ connection, secret: secret.value, destination, s3Credentials });
    } catch (err) {
      this.release(entry);
      settle();
      return fail(`Could not open connection "${connection.name}" / destination "${destination.name}": ${redact(messageOf(err), [secret.value, s3Credentials?.secretAccessKey])}`);
    }

    const send = (e: RunEvent) => {
      if (!owner.isDestroyed()) owner.send(e);
    };
    const coalescer = createCoalescer(send, { intervalMs: this.deps.progressIntervalMs ?? 100 });
    let sawRunDone = false;
    const onEvent = (e: RunEvent) => {
      if (e.type === 'run-done') sawRunDone = true;
      // The runner logs bare messages and each front end stamps them as it prints (like the CLI does); stamp them
      // here, when they happen, so the window shows exactly the CLI's `YYYY-MM-DD HH:MM:SS - LEVEL - message`.
      coalescer.push(e.type === 'log' && !STAMPED.test(e.line) ? { ...e, line: formatLogLine(new Date(), e.level, e.line) } : e);
    };
    // Started on the next turn so the renderer has the runId before the first event (it accepts either order).
    setImmediate(() => {
      this.deps.engine
        .runBackfill({ runId, event: v.event, source: session.source, destination: session.destination, context: session.context, onEvent, signal: controller.signal })
        .catch((err: unknown) => {
          if (sawRunDone) return;
          // The engine reports failures as events; an exception here is a bug or a setup crash. Still end the
          // run in the UI with the reason rather than leave it spinning.
          const message = redact(messageOf(err), [secret.value, s3Credentials?.secretAccessKey]);
          const at = new Date();
          onEvent({ type: 'log', runId, level: 'ERROR', line: message });
          const status: RunStatus = 1;
          onEvent({ type: 'run-done', runId, at: at.toISOString(), status, totals: { chunks: 0, succeeded: 0, failed: 0, cancelled: 0, pending: 0, records: 0, pages: 0, requests: 0, retries: 0, durationMs: 0 }, fatalError: message });
        })
        .finally(async () => {
          coalescer.close();
          await session.close().catch(() => undefined);
          this.release(entry);
          settle();
        });
    });
    return ok({ runId });
  }

  /** Cancels a run of this window; another window's run is not touched. */
  cancel(owner: { id: number }, runId: string): Result<{ cancelled: boolean }> {
    const run = this.byId.get(runId);
    if (!run || run.ownerId !== owner.id) return ok({ cancelled: false });
    run.controller.abort(new Error('Cancelled by the user'));
    return ok({ cancelled: true });
  }

  /** The window closed: stop its run. */
  cancelAllFor(ownerId: number): void {
    this.active.get(ownerId)?.controller.abort(new Error('The window was closed'));
  }

  activeRun(ownerId: number): string | undefined {
    return this.active.get(ownerId)?.runId;
  }

  /** Resolves when the run has ended and its session is closed (tests, shutdown). */
  async settled(runId: string): Promise<void> {
    await this.byId.get(runId)?.done;
  }

  async shutdown(): Promise<void> {
    const all = [...this.byId.values()];
    for (const r of all) r.controller.abort(new Error('The app is quitting'));
    await Promise.all(all.map((r) => r.done));
  }

  private release(entry: ActiveRun) {
    if (this.active.get(entry.ownerId) === entry) this.active.delete(entry.ownerId);
    this.byId.delete(entry.runId);
  }
}

const STAMPED = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - (INFO|WARNING|ERROR) - /;

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
