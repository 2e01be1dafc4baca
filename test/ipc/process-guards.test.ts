// An uncaught exception or unhandled rejection in the main process: logged, and every run stopped the way Cancel
// stops it (journaled, then continued from the history) instead of carrying on. Through the Electron stand-in,
// the real preload, handlers and RunManager. The guard watches an emitter standing in for `process`: the test
// runner owns the real process's handlers, and an uncaught exception there would fail the test run itself.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { RunEvent } from '../../shared/run-types';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import { installProcessGuards } from '../../electron/main/core/process-guards';
import { openAppBridge, runToEnd, type AppBridge } from './app-bridge';
import { scriptedEngine } from './helpers';

vi.mock('electron', () => import('./fake-electron'));

let app: AppBridge;
const proc = new EventEmitter();
const logs: string[] = [];
let uninstall: () => void;
beforeAll(async () => {
  app = await openAppBridge(scriptedEngine({ pagesPerChunk: 40, pageDelayMs: 5 }).engine, 'mb-guards-');
  uninstall = installProcessGuards({ proc, runs: () => app.deps.runs, log: (l) => logs.push(l) });
});
afterAll(() => {
  uninstall?.();
  app?.close();
});

async function stopMidRun(fire: () => void) {
  const seen: RunEvent[] = [];
  const off = app.page.onRunEvents((batch) => seen.push(...batch));
  const r = await app.page.startRun({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: 'Local folder' });
  if (!r.ok) throw new Error(r.error.message);
  const until = Date.now() + 20_000;
  while (!seen.some((e) => e.type === 'chunk-done')) {
    if (Date.now() > until) throw new Error('no chunk finished');
    await new Promise((res) => setTimeout(res, 5));
  }
  fire();
  while (!seen.some((e) => e.type === 'run-done')) {
    if (Date.now() > until) throw new Error('the run was not stopped');
    await new Promise((res) => setTimeout(res, 5));
  }
  await app.deps.runs.settled(r.value.runId);
  off();
  return { runId: r.value.runId, seen };
}

describe('process guards', () => {
  it('an uncaught exception is logged and the run is stopped and journaled; Retry failed completes it', async () => {
    const { runId, seen } = await stopMidRun(() => proc.emit('uncaughtException', new Error('boom in main')));
    expect(logs).toContainEqual(expect.stringMatching(/^\[main\] uncaught exception: Error: boom in main\n\s+at /));
    const done = seen.filter((e): e is Extract<RunEvent, { type: 'chunk-done' }> => e.type === 'chunk-done').map((e) => e.result);
    expect(done.length).toBe(9);
    expect(done.filter((c) => c.status === 'success').length).toBeLessThan(9);
    expect(done.filter((c) => c.status === 'cancelled').length).toBeGreaterThan(0);

    const journal = await app.deps.journals.load(runId);
    expect(journal.finishedAt).toBeDefined();
    const stopped = journal.chunks.filter((c) => c.status === 'cancelled');
    expect(stopped.length).toBeGreaterThan(0);
    await expect.poll(() => logs.some((l) => l.includes('every run was stopped and journaled'))).toBe(true);

    const { done: retried } = await runToEnd(app, () => app.page.retryRun({ runId }));
    expect(retried.status).toBe(0);
    expect((await app.deps.journals.load(runId)).chunks.every((c) => c.status === 'success')).toBe(true);
  });

  it('an unhandled rejection stops the run the same way', async () => {
    const { runId } = await stopMidRun(() => proc.emit('unhandledRejection', new Error('lost promise'), Promise.resolve()));
    expect(logs).toContainEqual(expect.stringMatching(/^\[main\] unhandled rejection: Error: lost promise/));
    expect((await app.deps.journals.load(runId)).chunks.some((c) => c.status === 'cancelled')).toBe(true);
  });

  it('before the services exist, the error is still logged', () => {
    const early = new EventEmitter();
    const lines: string[] = [];
    const off = installProcessGuards({ proc: early, runs: () => undefined, log: (l) => lines.push(l) });
    early.emit('uncaughtException', 'not an Error');
    off();
    expect(lines).toEqual(['[main] uncaught exception: not an Error']);
  });
});
