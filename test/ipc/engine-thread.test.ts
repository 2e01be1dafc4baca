// The app's runs go to the engine thread (electron/main/engine-thread.ts): the real engine on a worker thread, the
// sandbox tenant started there, the journal written there. What must hold across the thread boundary: events in
// order, cancel, a thread that dies mid-run (the window and the journal say so; the next run starts a new thread),
// and an open that fails with the engine's own message.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { RunEvent } from '../../shared/run-types';
import { SANDBOX_CONNECTION, SANDBOX_SETTINGS } from '../../shared/settings';
import { JournalStore } from '../../electron/engine/store';
import { createEngineThread } from '../../electron/main/engine-thread';
import { engineApi } from '../../electron/main/engine-adapter';
import { LOCAL_DESTINATION } from '../../electron/main/core/settings-store';
import { apiKeyConnection } from '../helpers/connections';
import { landedRows } from '../helpers/landed';
import { openAppBridge, runToEnd, type AppBridge } from './app-bridge';
import { tempDir } from './helpers';

vi.mock('electron', () => import('./fake-electron'));

/** A month of hourly chunks: long enough that a test acts while it runs. */
const LONG_EVENT = { ...SAMPLE_EVENT, start_date: '2025-01-01 00:00:00', end_date: '2025-02-01 00:00:00', chunk_hours: 1 };
/** A week of hourly chunks: long enough to crash mid-run, short enough to retry. */
const WEEK_EVENT = { ...LONG_EVENT, end_date: '2025-01-08 00:00:00' };

async function parquetFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && e.name.endsWith('.parquet')).map((e) => path.join(e.parentPath, e.name));
}

/** The table's rows as Athena reads them (no extraction time, no file names; a column a file lacks reads as null,
 *  as one that holds null: each file has the columns its chunk's records had), sorted. */
async function content(root: string): Promise<string[]> {
  return (await landedRows(root, 'mambu_loan_transactions'))
    .map(({ row }) => {
      const { timestamp_extracted: _t, ...rest } = row;
      const present = Object.entries(rest).filter(([, v]) => v !== null);
      return JSON.stringify(Object.fromEntries(present), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    })
    .sort();
}

const thread = createEngineThread();
afterAll(() => thread.stop());

describe('the engine thread', () => {
  it('runs a sandbox backfill on its own thread: events in order, Parquet landed, journal finished', async () => {
    const dir = await tempDir('mb-thread-');
    const store = new JournalStore(path.join(dir, 'runs'));
    const run = await thread.openRun({ connection: SANDBOX_SETTINGS, destination: { kind: 'local', name: 'out', path: dir } });
    expect(run.context).toMatchObject({ connection: SANDBOX_CONNECTION, destination: 'out', mode: 'run' });
    const seen: RunEvent[] = [];
    const { record } = await run.run({
      store,
      runId: 'thread-run-1',
      event: SAMPLE_EVENT,
      onEvent: (e) => seen.push(e),
      signal: new AbortController().signal,
    });
    await run.close();
    expect(record.status).toBe(0);
    expect(seen[0]!.type).toBe('run-started');
    expect(seen.at(-1)!.type).toBe('run-done');
    expect(seen.filter((e) => e.type === 'chunk-done')).toHaveLength(9);
    const files = await parquetFiles(dir);
    expect(files.length).toBe(record.chunks.reduce((n, c) => n + c.objects.length, 0));
    expect(files.length).toBeGreaterThan(0);
    const onDisk = await store.load('thread-run-1');
    expect(onDisk.finishedAt).toBeDefined();
    expect(onDisk.chunks.map((c) => c.status)).toEqual(record.chunks.map((c) => c.status));
  });

  it('is cancelled through the signal: the chunks not run are marked cancelled', async () => {
    const dir = await tempDir('mb-thread-');
    const run = await thread.openRun({ connection: SANDBOX_SETTINGS, destination: { kind: 'local', name: 'out', path: dir } });
    const controller = new AbortController();
    const { record } = await run.run({
      store: new JournalStore(path.join(dir, 'runs')),
      runId: 'thread-cancel-1',
      event: LONG_EVENT,
      onEvent: (e) => {
        if (e.type === 'chunk-done' && e.result.index === 2) controller.abort(new Error('Cancelled by the user'));
      },
      signal: controller.signal,
    });
    await run.close();
    expect(record.outcome).toBe('cancelled');
    expect(record.chunks.filter((c) => c.status === 'success').length).toBeGreaterThanOrEqual(2);
    expect(record.chunks.filter((c) => c.status === 'cancelled').length).toBeGreaterThan(700);
  });

  it("fails an open with the engine's own message", async () => {
    await expect(
      thread.openRun({
        connection: apiKeyConnection('bad', 'https://user:pw@example.invalid/api'),
        secret: 'k',
        destination: { kind: 'local', name: 'out', path: await tempDir('mb-thread-') },
      }),
    ).rejects.toThrow(/must not contain a user name or password/);
  });
});

describe('the Test buttons on the engine thread', () => {
  it('answer, never throw: a thread stopped under a check is a failed check naming it', async () => {
    const own = createEngineThread();
    const answer = own.testConnection({ connection: SANDBOX_SETTINGS, signal: new AbortController().signal });
    await own.stop();
    expect(await answer).toEqual({ ok: false, error: expect.stringMatching(/^the engine thread stopped/) });
    expect(await own.testConnection({ connection: SANDBOX_SETTINGS, signal: new AbortController().signal })).toMatchObject({ ok: true });
    await own.stop();
  });
});

describe('a thread that dies mid-run, seen from the window', () => {
  let bridge: AppBridge;
  const own = createEngineThread();
  beforeAll(async () => {
    bridge = await openAppBridge({ ...engineApi, openRun: (o) => own.openRun(o) }, 'mb-thread-app-');
  });
  afterAll(async () => {
    bridge?.close();
    await own.stop();
  });

  it('ends the run with the reason in the window and the journal; the next run starts a new thread; Retry failed finishes it', async () => {
    let stopped = false;
    const off = bridge.page.onRunEvents((batch) => {
      if (!stopped && batch.some((e) => e.type === 'page-fetched')) {
        stopped = true;
        void own.stop();
      }
    });
    const crashed = await runToEnd(bridge, () =>
      bridge.page.startRun({ event: WEEK_EVENT, connection: SANDBOX_CONNECTION, destination: LOCAL_DESTINATION }),
    );
    off();
    expect(stopped).toBe(true);
    expect(crashed.done.status).toBe(1);
    expect(crashed.done.fatalError).toMatch(/the engine thread stopped \(it exited with code \d+\)/);
    const journal = await bridge.deps.journals.load(crashed.runId);
    expect(journal.finishedAt).toBeDefined();
    expect(journal.status).toBe(1);
    expect(await bridge.deps.journals.interrupted()).toEqual([]);

    const next = await runToEnd(bridge, () =>
      bridge.page.startRun({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: LOCAL_DESTINATION }),
    );
    expect(next.done.status).toBe(0);
    const complete = await content(bridge.out);
    expect(complete.length).toBe(next.done.totals.records);

    // As the message says: Retry failed runs every chunk the crash left unfinished, the one in flight included.
    const notDone = journal.chunks.filter((c) => c.status !== 'success').map((c) => c.index);
    expect(notDone.length).toBeGreaterThan(100);
    const retried = await runToEnd(bridge, () => bridge.page.retryRun({ runId: crashed.runId }));
    expect(retried.done.status).toBe(0);
    const started = retried.seen.filter((e) => e.type === 'chunk-started').map((e) => (e as { index: number }).index);
    expect(started).toEqual(notDone);
    // Nothing lost, nothing twice: the week's hourly chunks replace the daily objects' rows they own.
    expect(await content(bridge.out)).toEqual(complete);
  });
});
