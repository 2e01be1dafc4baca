// The main-process wiring for hours-long runs, through the Electron stand-in: the system is kept from suspending
// the app exactly while a run is active, the taskbar shows done/total and is cleared at the end, a notification
// says how the run ended, and closing the window during a run asks first (and stops the run only when told to).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import type { RunEvent } from '../../shared/run-types';
import { RunManager } from '../../electron/main/core/run-manager';
import { RunDesktop } from '../../electron/main/desktop';
import * as fake from './fake-electron';
import { openAppBridge, type AppBridge } from './app-bridge';
import { scriptedEngine } from './helpers';

vi.mock('electron', () => import('./fake-electron'));

let app: AppBridge;
beforeAll(async () => {
  app = await openAppBridge(scriptedEngine({ pagesPerChunk: 1 }).engine, 'mb-ipc-desktop-');
});
afterAll(() => app?.close());

function setup(script: Parameters<typeof scriptedEngine>[0]) {
  const desktop = new RunDesktop();
  const seen: RunEvent[] = [];
  const blockingAt: boolean[] = [];
  const runs = new RunManager({
    engine: scriptedEngine(script).engine,
    settings: app.deps.settings,
    secrets: app.deps.secrets,
    journals: app.deps.journals,
    observe: (id, e) => {
      desktop.onRunEvent(id, e);
      seen.push(e);
      if (e.type === 'chunk-done' || e.type === 'run-done') blockingAt.push(desktop.blocking(id));
    },
  });
  const win = new fake.FakeBrowserWindow();
  desktop.attach(win as never, runs);
  const owner = { id: win.webContents.id, send: () => undefined, isDestroyed: () => win.isDestroyed() };
  const start = () => runs.start(owner, { event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: 'Local folder' });
  return { desktop, runs, win, seen, blockingAt, start };
}

async function started(r: Awaited<ReturnType<ReturnType<typeof setup>['start']>>): Promise<string> {
  if (!r.ok) throw new Error(r.error.message);
  return r.value.runId;
}

beforeEach(() => fake.resetFakeElectron());

describe('a run in the desktop app', () => {
  it('blocks app suspension while it runs, shows done/total in the taskbar, and notifies at the end', async () => {
    const t = setup({ pagesPerChunk: 2, pageDelayMs: 5, failing: [4] });
    const runId = await started(await t.start());
    await t.runs.settled(runId);

    expect(fake.desktop.blockerLog).toEqual([expect.objectContaining({ type: 'prevent-app-suspension', stoppedAt: expect.any(Number) })]);
    expect(fake.desktop.blockers.size).toBe(0);
    // Kept awake at every chunk's end, released by the run's end.
    expect(t.blockingAt.slice(0, -1).every(Boolean)).toBe(true);
    expect(t.blockingAt.at(-1)).toBe(false);
    expect(t.win.progress).toEqual([0, 1 / 9, 2 / 9, 3 / 9, 4 / 9, 5 / 9, 6 / 9, 7 / 9, 8 / 9, 1, -1]);
    expect(fake.desktop.notifications.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: 'Backfill finished: Partial Success', body: expect.stringMatching(/^8 of 9 chunks ✓ · 1 ✗ · [\d,]+ records · \d+ s$/) },
    ]);
    fake.desktop.notifications[0]!.notification.emit('click');
    expect(t.win.focused).toBe(1);
  });

  it('a cancel is notified as Cancelled, not as a failure', async () => {
    const t = setup({ pagesPerChunk: 3, pageDelayMs: 20 });
    const runId = await started(await t.start());
    await vi.waitFor(() => expect(t.seen.some((e) => e.type === 'chunk-done')).toBe(true), { timeout: 10_000 });
    t.runs.cancel({ id: t.win.webContents.id }, runId);
    await t.runs.settled(runId);
    expect(fake.desktop.notifications[0]).toMatchObject({ title: 'Backfill cancelled: Cancelled' });
    expect(t.win.progress.at(-1)).toBe(-1);
    expect(fake.desktop.blockers.size).toBe(0);
  });
});

describe('closing the window', () => {
  it('asks during a run: "Keep running" keeps it; "Stop the run and close" cancels it, then closes', async () => {
    const t = setup({ pagesPerChunk: 3, pageDelayMs: 20 });
    const runId = await started(await t.start());
    await vi.waitFor(() => expect(t.seen.some((e) => e.type === 'chunk-started')).toBe(true), { timeout: 10_000 });

    fake.desktop.dialogResponses.push(0);
    t.win.close();
    await vi.waitFor(() => expect(fake.desktop.dialogs).toHaveLength(1));
    expect(fake.desktop.dialogs[0]!.options).toMatchObject({ buttons: ['Keep running', 'Stop the run and close'], cancelId: 0 });
    await new Promise((r) => setTimeout(r, 50));
    expect(t.win.isDestroyed()).toBe(false);
    expect(t.runs.activeRun(t.win.webContents.id)).toBe(runId);

    fake.desktop.dialogResponses.push(1);
    t.win.close();
    await vi.waitFor(() => expect(t.win.isDestroyed()).toBe(true), { timeout: 10_000 });
    const done = t.seen.find((e) => e.type === 'run-done') as Extract<RunEvent, { type: 'run-done' }>;
    expect(done.outcome).toBe('cancelled');
    expect(done.totals.succeeded).toBeLessThan(9);
    expect(fake.desktop.blockers.size).toBe(0);
  });

  it('closes at once when no run is active', () => {
    const t = setup({ pagesPerChunk: 1 });
    t.win.close();
    expect(t.win.isDestroyed()).toBe(true);
    expect(fake.desktop.dialogs).toHaveLength(0);
  });
});
