// Runs backfills for windows: one run at a time per window, a runId returned at once, events streamed back to the
// window that asked (coalesced), cancel through an AbortController kept per run (electron-practices §2.2). Every
// run is journaled after each chunk (runJournaled), and a finished or interrupted run can be continued.
import { messageOf } from '../../../shared/message-of';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { validateEvent, type BackfillEvent } from '../../../shared/event/schema';
import { fail, ok, type ContinuedRun, type Result } from '../../../shared/ipc/contract';
import type { ChunkResult, RunEvent, RunStatus } from '../../../shared/run-types';
import { destinationUri, type ConnectionSettings, type DestinationSettings } from '../../../shared/settings';
import { formatLogLine, runTotals } from '../../../shared/summary';
import type { EstimateEvent } from '../../../shared/estimate';
import { EstimateManager } from './estimates';
import { acquireTableLock, homeLayout, isStoreError, TableLockedError, type JournalStore, type TableLock } from '../../engine/store';
import { loadRun, resolveContinuation, type Continuation, type ContinuationMode } from './continuation';
import type { EngineApi, EngineRun } from './engine-api';
import { createCoalescer } from './progress-coalescer';
import { redact, type SecretStore } from './secret-store';
import { resolveConnectionSecret, resolveS3Keys, type SecretFallback } from './secrets-resolve';
import type { SettingsStore } from './settings-store';

/** The window a run belongs to (a webContents in the app; anything with an id and a send in tests). */
export interface RunOwner {
  id: number;
  /** Run events, in order, in batches (see progress-coalescer.ts). */
  send(events: RunEvent[]): void;
  /** Estimate progress and results (`estimate:event`); absent where no estimate is ever asked for. */
  sendEstimate?(event: EstimateEvent): void;
  isDestroyed(): boolean;
}

export interface RunManagerDeps {
  engine: EngineApi;
  settings: SettingsStore;
  secrets: SecretStore;
  /** Every run keeps its journal here (homeLayout().runsDir), exactly like a CLI run. */
  journals: JournalStore;
  fallbackSecret?: SecretFallback;
  /** Page progress is delivered at most once per this many ms per window. Default 100. */
  progressIntervalMs?: number;
  newRunId?: () => string;
  /** A journal write failed; the run goes on (the data matters more) and the window gets a WARNING line too. */
  onJournalError?: (err: unknown) => void;
  /** Where the per-table locks live; default `locks/` beside the journals' `runs/` in the data folder. */
  locksDir?: string;
  /** Sees every run event of a window as it happens, before coalescing (sleep blocking, taskbar progress,
   *  notifications: electron/main/desktop.ts). */
  observe?: (ownerId: number, event: RunEvent) => void;
}

export interface StartRequest {
  event: unknown;
  connection: string;
  destination: string;
}

interface ActiveRun {
  runId: string;
  ownerId: number;
  parentRunId?: string;
  controller: AbortController;
  done: Promise<void>;
  /** Set at run-done: the table lock being released (the journal flush and session close may still go on). */
  unlocked?: Promise<void>;
}

interface Launch {
  event: BackfillEvent;
  connection: ConnectionSettings;
  destination: DestinationSettings;
  continuation?: Continuation;
}

export class RunManager {
  private readonly active = new Map<number, ActiveRun>();
  private readonly byId = new Map<string, ActiveRun>();
  /** Estimates share the run manager's engine, settings and secrets (and its window lifecycle). */
  readonly estimates: EstimateManager;

  constructor(private readonly deps: RunManagerDeps) {
    this.estimates = new EstimateManager(deps);
  }

  async start(owner: RunOwner, req: StartRequest): Promise<Result<{ runId: string }>> {
    const busy = this.busy(owner);
    if (busy) return busy;
    const v = validateEvent(req.event);
    if (!v.ok) return fail(`The event is not valid: ${v.issues.map((i) => i.message).join('; ')}`, v.issues);
    const connection = await this.deps.settings.connection(req.connection);
    if (!connection)
      return fail(`connection "${req.connection}" is not configured; choose one in Settings → Connections`, [
        { field: 'connection', message: `connection "${req.connection}" is not configured` },
      ]);
    const destination = await this.deps.settings.destination(req.destination);
    if (!destination)
      return fail(`destination "${req.destination}" is not configured; choose one in Settings → Destinations`, [
        { field: 'destination', message: `destination "${req.destination}" is not configured` },
      ]);
    return this.launch(owner, { event: v.event, connection, destination });
  }

  /** Retry failed (a finished run's ✗ and cancelled chunks) or resume (an interrupted run's chunks not ✓), with
   *  the parent's connection and destination; the parent's journal gets each chunk's latest outcome. */
  async continueRun(owner: RunOwner, parentRunId: string, mode: ContinuationMode): Promise<Result<ContinuedRun>> {
    const busy = this.busy(owner);
    if (busy) return busy;
    // Two continuations of one run would write the same chunks twice at once. (An unfinished parent is refused by
    // resolveContinuation: retry needs it finished, resume needs its process gone.)
    const twin = [...this.byId.values()].find((r) => r.parentRunId === parentRunId);
    if (twin) return fail(`Run ${parentRunId} is being continued by run ${twin.runId} right now; wait for it to finish.`);
    const c = await resolveContinuation(this.deps, parentRunId, mode);
    if (!c.ok) return c;
    const r = await this.launch(owner, {
      event: c.value.event,
      connection: c.value.connection,
      destination: c.value.destination,
      continuation: c.value,
    });
    return r.ok ? ok({ runId: r.value.runId, parentRunId, chunks: c.value.only.length, destination: c.value.destination.name }) : r;
  }

  private busy(owner: RunOwner): Result<never> | undefined {
    const running = this.active.get(owner.id);
    return running
      ? fail(`A run is already in progress in this window (${running.runId}); cancel it or wait for it to finish.`)
      : undefined;
  }

  private async launch(owner: RunOwner, l: Launch): Promise<Result<{ runId: string }>> {
    const { connection, destination, continuation: cont } = l;
    // The settings as saved are what the secrets were saved with; a mismatch (a settings file edited by hand)
    // is refused by the binding check inside.
    const secret = await resolveConnectionSecret(this.deps.secrets, connection, this.deps.fallbackSecret, undefined, connection);
    if (!secret.ok) return secret;
    const keys = await resolveS3Keys(this.deps.secrets, destination, undefined, destination);
    if (!keys.ok) return keys;
    const s3Credentials = keys.value;
    const hide = (text: string) => redact(text, [secret.value, s3Credentials?.secretAccessKey]);

    // Re-checked after the awaits above: two quick clicks must not start two runs in one window.
    const busy = this.busy(owner);
    if (busy) return busy;
    const runId = (this.deps.newRunId ?? randomUUID)();
    const controller = new AbortController();
    let settle!: () => void;
    const entry: ActiveRun = {
      runId,
      ownerId: owner.id,
      controller,
      done: new Promise((r) => (settle = r)),
      ...(cont ? { parentRunId: cont.parent.runId } : {}),
    };
    this.active.set(owner.id, entry);
    this.byId.set(runId, entry);

    // One writer per destination table, across the app and every CLI sharing the data folder.
    let lock: TableLock;
    try {
      const locksDir = this.deps.locksDir ?? homeLayout(path.dirname(this.deps.journals.runsDir)).locksDir;
      // A run of ours that just ended frees its table as soon as its run-done is out: let that finish first.
      await Promise.all([...this.byId.values()].map((r) => r.unlocked));
      lock = await acquireTableLock(locksDir, {
        destinationUri: destinationUri(destination),
        table: l.event.table_name,
        runId,
        kind: 'app',
      });
    } catch (err) {
      this.release(entry);
      settle();
      if (err instanceof TableLockedError) return fail(err.message);
      throw err;
    }

    let session: EngineRun;
    try {
      session = await this.deps.engine.openRun({
        connection,
        secret: secret.value,
        destination,
        s3Credentials,
        ...(cont ? { mode: cont.mode, parentRunId: cont.parent.runId } : {}),
      });
    } catch (err) {
      await lock.release();
      this.release(entry);
      settle();
      return fail(`Could not open connection "${connection.name}" / destination "${destination.name}": ${hide(messageOf(err))}`);
    }

    const send = (batch: RunEvent[]) => {
      if (!owner.isDestroyed()) owner.send(batch);
    };
    const coalescer = createCoalescer(send, { intervalMs: this.deps.progressIntervalMs ?? 100 });
    let sawRunDone = false;
    // What the window saw of the run: enough to journal it should the engine die before its own first write landed.
    let started: Extract<RunEvent, { type: 'run-started' }> | undefined;
    const ended = new Map<number, ChunkResult>();
    const onEvent = (e: RunEvent) => {
      if (e.type === 'run-started') started = e;
      else if (e.type === 'chunk-done') ended.set(e.result.index, e.result);
      try {
        this.deps.observe?.(owner.id, e);
      } catch (err) {
        console.warn('[run] observer failed:', messageOf(err));
      }
      if (e.type === 'run-done') {
        sawRunDone = true;
        // Every chunk has ended: nothing more is written to the table, so the next run may take it.
        entry.unlocked = lock.release().catch(() => undefined);
        // The window may start its next run as soon as it shows the summary; the journal flush and the session's
        // close still finish in the background (settled() and shutdown() wait for them).
        if (this.active.get(owner.id) === entry) this.active.delete(owner.id);
      }
      // The runner logs bare messages and each front end stamps them as it prints (like the CLI does); stamp them
      // here, when they happen, so the window shows exactly the CLI's `YYYY-MM-DD HH:MM:SS - LEVEL - message`.
      coalescer.push(e.type === 'log' && !STAMPED.test(e.line) ? { ...e, line: formatLogLine(new Date(), e.level, e.line) } : e);
    };
    let journalWarned = false;
    const onJournalError = (err: unknown) => {
      this.deps.onJournalError?.(err);
      if (journalWarned) return;
      journalWarned = true;
      onEvent({
        type: 'log',
        runId,
        level: 'WARNING',
        line: `Could not write the run journal (the run goes on, but its history may be incomplete): ${hide(messageOf(err))}`,
      });
    };
    // Started on the next turn so the renderer has the runId before the first event (it accepts either order).
    setImmediate(() => {
      session
        .run({
          store: this.deps.journals,
          runId,
          event: l.event,
          onEvent,
          signal: controller.signal,
          onJournalError,
          secrets: [secret.value, s3Credentials?.secretAccessKey],
          ...(cont ? { parent: cont.parent, only: cont.only } : {}),
        })
        .catch(async (err: unknown) => {
          if (sawRunDone) return;
          // The engine reports failures as events; an exception here is a bug or a setup crash. Still end the
          // run in the UI and in its journal with the reason, rather than leave it "running".
          const message = hide(messageOf(err));
          const at = new Date().toISOString();
          onEvent({ type: 'log', runId, level: 'ERROR', line: message });
          const status: RunStatus = 1;
          onEvent({ type: 'run-done', runId, at, status, totals: runTotals([...ended.values()]), fatalError: message });
          await this.finishJournal(runId, at, message, started && { started, ended: [...ended.values()] });
        })
        .finally(async () => {
          coalescer.close();
          await session.close().catch(() => undefined);
          await lock.release().catch(() => undefined);
          this.release(entry);
          settle();
        });
    });
    return ok({ runId });
  }

  /** After an engine crash: mark the journal finished (status 1) so the history does not show it running, and can
   *  retry it. An engine that died before its first journal write landed (a thread killed at once) left none: it is
   *  written from what the window saw, each chunk as its last outcome said. */
  private async finishJournal(
    runId: string,
    at: string,
    fatalError: string,
    seen?: { started: Extract<RunEvent, { type: 'run-started' }>; ended: ChunkResult[] },
  ): Promise<void> {
    const journals = this.deps.journals;
    try {
      await journals.flushed(runId);
      const rec = await loadRun(journals, runId).catch((err: unknown) => {
        if (isStoreError(err, 'not-found')) return undefined;
        throw err;
      });
      if (rec) {
        if (rec.finishedAt === undefined) await journals.update({ ...rec, finishedAt: at, status: 1, fatalError });
      } else if (seen) {
        const { started: s, ended } = seen;
        const chunks = s.chunks.map((c) => ended.find((r) => r.index === c.index) ?? c);
        await journals.create({
          runId,
          event: s.event,
          context: s.context,
          startedAt: s.at,
          chunks,
          finishedAt: at,
          status: 1,
          fatalError,
        });
      }
      // Neither: the crash came before run-started, and there is no run to journal.
    } catch {
      // A journal that cannot be read or written: the window has the outcome, and the journal error was reported.
    }
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
    this.estimates.cancelAllFor(ownerId);
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
    await this.stopAll('The app is quitting');
  }

  /** Cancels every run with `reason` (as Cancel does: journaled, resumable) and waits until each has ended. */
  async stopAll(reason: string): Promise<void> {
    const all = [...this.byId.values()];
    for (const r of all) r.controller.abort(new Error(reason));
    await Promise.all([...all.map((r) => r.done), this.estimates.shutdown()]);
  }

  private release(entry: ActiveRun) {
    if (this.active.get(entry.ownerId) === entry) this.active.delete(entry.ownerId);
    this.byId.delete(entry.runId);
  }
}

const STAMPED = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - (INFO|WARNING|ERROR) - /;
