// Resume and damaged history through the real preload, handlers and engine (sandbox tenant): a journal left
// unfinished by a process that is gone is offered for resume, resuming runs only what is not ✓ and leaves the
// destination exactly as an uninterrupted run did; a corrupted journal is listed as unreadable, kept aside, and
// nothing else stops working. Also: the RunManager persists the journal after every chunk, not only at the end.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { pendingChunk, type RunEvent, type RunRecord } from '../../shared/run-types';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import { JournalStore } from '../../electron/engine/store';
import { engineApi } from '../../electron/main/engine-adapter';
import { RunManager } from '../../electron/main/core/run-manager';
import { comparable, landedRows } from '../helpers/landed';
import { openAppBridge, runToEnd, type AppBridge } from './app-bridge';
import { scriptedEngine } from './helpers';

vi.mock('electron', () => import('./fake-electron'));

let app: AppBridge;
beforeAll(async () => {
  app = await openAppBridge(engineApi, 'mb-ipc-resume-');
});
afterAll(() => app?.close());

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(`expected ok, got: ${r.error.message}`);
  return r.value;
};

/** A pid that surely belongs to no process any more. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('resume an interrupted run', () => {
  let complete: string[];
  let crashedId: string;

  it('a journal whose writer died mid-run is offered for resume', async () => {
    // The reference: an uninterrupted run of the sample into the built-in local folder.
    const { runId } = await runToEnd(app, () =>
      app.page.startRun({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: 'Local folder' }),
    );
    complete = comparable(await landedRows(app.out, 'mambu_loan_transactions'));
    const full = value(await app.page.getRun({ runId }));

    // The same run as a crash leaves it: chunks 1-4 ✓ on disk, chunk 5 in flight (pending in the journal), no end.
    crashedId = '20250407-100000-c4a5h1';
    const crashed: RunRecord = {
      runId: crashedId,
      event: full.event,
      context: { ...full.context },
      startedAt: '2025-04-07T10:00:00.000Z',
      chunks: full.chunks.map((c) =>
        c.index <= 4 ? { ...c, attemptRunId: crashedId } : pendingChunk({ index: c.index, start: c.start, end: c.end, kind: c.kind }),
      ),
    };
    await new JournalStore(path.join(app.home, 'runs'), { writer: { pid: deadPid(), hostname: os.hostname() } }).create(crashed);

    const offered = value(await app.page.interruptedRuns());
    expect(offered).toEqual([
      expect.objectContaining({ runId: crashedId, statusLabel: 'Interrupted', interrupted: true, succeeded: 4, notSucceeded: 5 }),
    ]);
    const retry = await app.page.retryRun({ runId: crashedId });
    expect(!retry.ok && retry.error.message).toMatch(/has not finished.*resume it instead/);
  });

  it('Resume runs only the chunks not ✓, ends Complete Success, and the destination equals the uninterrupted run', async () => {
    const { runId, seen, done } = await runToEnd(app, () => app.page.resumeRun({ runId: crashedId }));
    expect(done.status).toBe(0);
    expect(seen.filter((e): e is Extract<RunEvent, { type: 'chunk-started' }> => e.type === 'chunk-started').map((e) => e.index)).toEqual([
      5, 6, 7, 8, 9,
    ]);
    expect(comparable(await landedRows(app.out, 'mambu_loan_transactions'))).toEqual(complete);

    const child = value(await app.page.getRun({ runId }));
    expect(child.context).toMatchObject({ mode: 'resume', parentRunId: crashedId });
    const parent = value(await app.page.getRun({ runId: crashedId }));
    expect(parent.chunks.every((c) => c.status === 'success')).toBe(true);
    expect(parent.chunks.filter((c) => c.attemptRunId === runId).map((c) => c.index)).toEqual([5, 6, 7, 8, 9]);

    // No longer offered; the history says it was resumed, by which run.
    expect(value(await app.page.interruptedRuns())).toEqual([]);
    const entry = value(await app.page.listHistory()).find((e) => e.readable && e.summary.runId === crashedId);
    expect(entry).toMatchObject({ summary: { statusLabel: 'Interrupted (resumed)', resumedBy: runId, interrupted: false, live: false } });
    const twice = await app.page.resumeRun({ runId: crashedId });
    expect(!twice.ok && twice.error.message).toMatch(/cannot be resumed.*already resumed/);
  });
});

describe('a corrupted run journal', () => {
  it('is listed as unreadable with a clear message, kept aside, and the history keeps working', async () => {
    const before = value(await app.page.listHistory()).length;
    const bad = path.join(app.home, 'runs', '20250101-000000-bad000.json');
    await writeFile(bad, '{"version": 1, "run": {"runId": "20250101-000000-bad000", "chunks": [');
    const list = value(await app.page.listHistory());
    expect(list).toHaveLength(before + 1);
    const entry = list.find((e) => !e.readable);
    expect(entry).toMatchObject({
      readable: false,
      runId: '20250101-000000-bad000',
      message: expect.stringMatching(/could not be read|not valid JSON|kept/i),
    });
    expect(!entry!.readable && entry!.path).toMatch(/\.corrupt-/);
    expect(await readFile(!entry!.readable ? entry!.path : '', 'utf8')).toContain('"chunks": [');
    // Listed again on the next start, from the copy kept aside.
    expect(value(await app.page.listHistory()).filter((e) => !e.readable)).toHaveLength(1);

    const get = await app.page.getRun({ runId: '20250101-000000-bad000' });
    expect(!get.ok && get.error.message).toMatch(/No run journal/);
    const retry = await app.page.retryRun({ runId: '20250101-000000-bad000' });
    expect(!retry.ok && retry.error.message).toMatch(/not in the run history/);
    expect(value(await app.page.interruptedRuns())).toEqual([]);
    const { done } = await runToEnd(app, () =>
      app.page.startRun({
        event: { ...SAMPLE_EVENT, end_date: '2025-01-02 00:00:00' },
        connection: SANDBOX_CONNECTION,
        destination: 'Local folder',
      }),
    );
    expect(done.status).toBe(0);
  });
});

describe('the journal is written after every chunk', () => {
  it('mid-run, the journal on disk already holds the chunks that finished', async () => {
    const slow = scriptedEngine({ pagesPerChunk: 5, pageDelayMs: 30 });
    const runs = new RunManager({
      engine: slow.engine,
      settings: app.deps.settings,
      secrets: app.deps.secrets,
      journals: app.deps.journals,
      newRunId: () => '20250407-120000-slow01',
    });
    const owner = { id: 999, send: () => undefined, isDestroyed: () => false };
    const r = await runs.start(owner, { event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: 'Local folder' });
    expect(r).toEqual({ ok: true, value: { runId: '20250407-120000-slow01' } });
    const snapshots: Array<{ done: number; finished: boolean }> = [];
    const until = Date.now() + 30_000;
    for (;;) {
      // What history and resume would read from disk now: the snapshot plus the chunk log appended since.
      const run: RunRecord | null = await app.deps.journals.load('20250407-120000-slow01').catch(() => null);
      if (run) {
        snapshots.push({ done: run.chunks.filter((c) => c.status === 'success').length, finished: run.finishedAt !== undefined });
        if (run.finishedAt) break;
      }
      if (Date.now() > until) throw new Error('the run did not finish');
      await new Promise((res) => setTimeout(res, 20));
    }
    await runs.settled('20250407-120000-slow01');
    // Seen on disk before the end: the run in progress with some chunks ✓ and others still to go.
    expect(snapshots.some((s) => !s.finished && s.done > 0 && s.done < 9)).toBe(true);
    expect(snapshots.at(-1)).toEqual({ done: 9, finished: true });
  });
});
