// A desktop app for hours-long runs: while a window's run is active the system is kept from suspending the app
// (powerSaveBlocker 'prevent-app-suspension': the display may still sleep), the taskbar/dock shows the run's
// progress (setProgressBar, cleared with -1 at the end), an OS notification says how the run ended, and closing
// the window during a run asks first. Fed with every run event by the RunManager (RunManagerDeps.observe).
import { dialog, Notification, powerSaveBlocker, type BrowserWindow } from 'electron';
import type { RunEvent } from '../../shared/run-types';
import { runLabel } from '../../shared/summary';
import type { RunManager } from './core/run-manager';

interface Progress {
  done: number;
  total: number;
  blocker?: number;
}

/** `1 h 02 min`, `3 min 20 s`, `12 s`. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The notification for a finished run: how it ended, and its figures. */
function runDoneNotice(e: Extract<RunEvent, { type: 'run-done' }>): { title: string; body: string } {
  const t = e.totals;
  const label = runLabel(e.status, e.outcome);
  const title = `Backfill ${e.outcome === 'cancelled' ? 'cancelled' : 'finished'}: ${label}`;
  if (e.fatalError) return { title, body: `No chunk was run: ${e.fatalError.slice(0, 200)}` };
  const parts = [
    `${t.succeeded} of ${t.chunks} chunks ✓`,
    ...(t.failed ? [`${t.failed} ✗`] : []),
    ...(t.cancelled ? [`${t.cancelled} cancelled`] : []),
    `${t.records.toLocaleString('en-US')} records`,
    ...(t.warnings ? [`${t.warnings} warning${t.warnings === 1 ? '' : 's'}`] : []),
    duration(t.durationMs),
  ];
  return { title, body: parts.join(' · ') };
}

export class RunDesktop {
  private readonly windows = new Map<number, BrowserWindow>();
  private readonly runs = new Map<number, Progress>();

  /** Registers a window: its runs drive its progress bar, and closing it during a run asks first. */
  attach(win: BrowserWindow, runs: RunManager): void {
    const id = win.webContents.id;
    this.windows.set(id, win);
    let closing = false;
    win.on('close', (event) => {
      if (closing || runs.activeRun(id) === undefined) return;
      event.preventDefault();
      void dialog
        .showMessageBox(win, {
          type: 'question',
          buttons: ['Keep running', 'Stop the run and close'],
          defaultId: 0,
          cancelId: 0,
          title: 'A backfill is running',
          message: 'A backfill is running in this window. Stop it and close?',
          detail:
            'The chunk in flight is cancelled and nothing of it counts as landed; the run can be resumed or its chunks retried later from History.',
        })
        .then(async ({ response }) => {
          if (response !== 1) return;
          const runId = runs.activeRun(id);
          runs.cancelAllFor(id);
          // Let the cancelled chunk clean up and the journal say "Cancelled" before the window goes.
          if (runId) await runs.settled(runId);
          closing = true;
          if (!win.isDestroyed()) win.close();
        });
    });
    win.on('closed', () => {
      this.stop(id);
      this.windows.delete(id);
    });
  }

  /** Every run event of window `ownerId`, as it happens. */
  onRunEvent(ownerId: number, e: RunEvent): void {
    switch (e.type) {
      case 'run-started': {
        this.stop(ownerId);
        // A retry or resume runs only its pending chunks; the others keep their earlier outcome.
        const total = e.chunks.filter((c) => c.status === 'pending').length || e.chunks.length;
        this.runs.set(ownerId, { done: 0, total, blocker: powerSaveBlocker.start('prevent-app-suspension') });
        this.bar(ownerId, 0);
        break;
      }
      case 'chunk-done': {
        const p = this.runs.get(ownerId);
        if (!p) break;
        p.done = Math.min(p.total, p.done + 1);
        this.bar(ownerId, p.total > 0 ? p.done / p.total : 0);
        break;
      }
      case 'run-done': {
        this.stop(ownerId);
        this.bar(ownerId, -1);
        this.notify(ownerId, e);
        break;
      }
      default:
        break;
    }
  }

  /** Whether the system is being kept awake for this window's run (tests, diagnostics). */
  blocking(ownerId: number): boolean {
    const b = this.runs.get(ownerId)?.blocker;
    return b !== undefined && powerSaveBlocker.isStarted(b);
  }

  private stop(ownerId: number): void {
    const p = this.runs.get(ownerId);
    if (p?.blocker !== undefined && powerSaveBlocker.isStarted(p.blocker)) powerSaveBlocker.stop(p.blocker);
    this.runs.delete(ownerId);
  }

  private bar(ownerId: number, value: number): void {
    const win = this.windows.get(ownerId);
    if (win && !win.isDestroyed()) win.setProgressBar(value);
  }

  private notify(ownerId: number, e: Extract<RunEvent, { type: 'run-done' }>): void {
    if (!Notification.isSupported()) return;
    const { title, body } = runDoneNotice(e);
    const n = new Notification({ title, body });
    n.on('click', () => {
      const win = this.windows.get(ownerId);
      if (win && !win.isDestroyed()) {
        if (win.isMinimized()) win.restore();
        win.focus();
      }
    });
    n.show();
  }
}
