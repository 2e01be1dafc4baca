import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent, RunRecord } from '../../shared/run-types';
import { runStatus, runTotals } from '../../shared/summary';
import { JournalStore } from '../../electron/engine/store/journal';
import { applyChildOutcome, journalObserver } from '../../electron/engine/store/journal-observer';
import { isStoreError } from '../../electron/engine/store/store-error';
import { failedResult, newRun, partialRun, successResult } from '../reports/run-fixture';

let dir: string;
let store: JournalStore;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mb-journal-'));
  store = new JournalStore(path.join(dir, 'runs'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A pid that surely belongs to no process any more. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function started(run: RunRecord): RunEvent {
  return { type: 'run-started', runId: run.runId, at: run.startedAt, event: run.event, context: run.context, chunks: run.chunks };
}

describe('JournalStore', () => {
  it('creates, updates and loads by id or by path; run ids are never reused', async () => {
    const run = newRun();
    const file = await store.create(run);
    expect(file).toBe(path.join(dir, 'runs', `${run.runId}.json`));
    expect(await store.load(run.runId)).toEqual(run);
    const done = partialRun(run.runId);
    await store.update(done);
    expect(await store.load(file)).toEqual(done);
    expect(await new JournalStore(path.join(dir, 'runs')).load(path.relative(process.cwd(), file))).toEqual(done);
    const err = await store.create(run).catch((e: unknown) => e);
    expect(isStoreError(err, 'conflict')).toBe(true);
    const envelope = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(envelope).toMatchObject({ version: 1, writer: { pid: process.pid }, run: { runId: run.runId } });
  });

  it('names the fix for unknown runs and bad ids', async () => {
    const missing = await store.load('20250101-000000-ffffff').catch((e: unknown) => e);
    expect(isStoreError(missing, 'not-found')).toBe(true);
    expect((missing as Error).message).toMatch(/No run journal at .*List runs/);
    expect(() => store.pathOf('../etc/passwd')).toThrow(/not a run id/);
  });

  it('serialises rapid updates: readers always see a whole journal, progress never goes back, the last state wins', async () => {
    const run = newRun();
    await store.create(run);
    const file = store.pathOf(run.runId);
    let stop = false;
    const seen: number[] = [];
    const reader = (async () => {
      while (!stop) {
        const r = JSON.parse(await fs.readFile(file, 'utf8')) as { run: RunRecord };
        seen.push(r.run.chunks.filter((c) => c.status === 'success').length);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const updates: Array<Promise<void>> = [];
    let current = run;
    for (let round = 0; round < 5; round++) {
      for (const c of run.chunks) {
        current = { ...current, chunks: current.chunks.map((x) => (x.index === c.index ? successResult(x, 10 * round + c.index) : x)) };
        updates.push(store.update(current));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(updates);
    stop = true;
    await reader;
    expect(await store.load(run.runId)).toEqual(current);
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect((await fs.readdir(path.join(dir, 'runs'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('lists runs newest first with their summary, tolerating a corrupted journal', async () => {
    const older = partialRun('20250401-090000-aaaaaa');
    older.startedAt = '2025-04-01T09:00:00.000Z';
    const newer = partialRun('20250405-090000-bbbbbb');
    newer.startedAt = '2025-04-05T09:00:00.000Z';
    newer.context = { ...newer.context, mode: 'retry-failed', parentRunId: older.runId };
    await store.create(older);
    await store.create(newer);
    const runsDir = path.join(dir, 'runs');
    await fs.writeFile(path.join(runsDir, '20250403-090000-cccccc.json'), '{"version":1,"run":{"runId":');
    await fs.writeFile(path.join(runsDir, 'notes.txt'), 'ignored');

    const list = await store.list();
    expect(list.map((e) => (e.readable ? e.summary.runId : `unreadable:${e.runId}`))).toEqual([
      expect.stringMatching(/^unreadable:20250403-090000-cccccc$/),
      '20250405-090000-bbbbbb',
      '20250401-090000-aaaaaa',
    ]);
    const bad = list[0]!;
    expect(bad.readable).toBe(false);
    if (!bad.readable) {
      expect(bad.message).toMatch(/run journal .*could not be read .*moved aside/);
      expect(bad.path).toMatch(/20250403-090000-cccccc\.json\.corrupt-/);
    }
    const s = list[1]!.readable ? list[1]!.summary : undefined;
    expect(s).toMatchObject({
      table: 'mambu_loan_transactions',
      window: { start: '2025-01-01 00:00:00', end: '2025-01-10 00:00:00' },
      status: 2,
      statusLabel: 'Partial Success',
      chunks: 9,
      succeeded: 7,
      notSucceeded: 2,
      failed: 1,
      cancelled: 1,
      records: runTotals(newer.chunks).records,
      mode: 'retry-failed',
      parentRunId: older.runId,
      connection: 'Prod tenant',
      interrupted: false,
    });
    // A journal from a newer version is listed as unreadable and left exactly as it is.
    const future = path.join(runsDir, '20250406-090000-ffffff.json');
    await fs.writeFile(future, '{"version":9,"run":{}}');
    const withFuture = await store.list();
    const f = withFuture.find((e) => !e.readable && e.runId === '20250406-090000-ffffff');
    expect(f && !f.readable && f.message).toMatch(/newer Mambu Backfill \(format 9/);
    expect(await fs.readFile(future, 'utf8')).toBe('{"version":9,"run":{}}');
    await expect(store.load('20250406-090000-ffffff')).rejects.toMatchObject({ code: 'future-version' });
    await fs.rm(future);
    // Still listed, from its kept-aside copy, on the next call.
    const again = await store.list();
    expect(again.filter((e) => !e.readable)).toHaveLength(1);
    expect(again.filter((e) => e.readable)).toHaveLength(2);
  });

  it('finds interrupted runs: no finishedAt and their process gone; not live ones, not resumed ones', async () => {
    const runsDir = path.join(dir, 'runs');
    const crashed = new JournalStore(runsDir, { writer: { pid: deadPid(), hostname: os.hostname() } });
    const a = newRun('20250401-000000-aaaaaa');
    a.chunks[0] = successResult(a.chunks[0]!);
    await crashed.create(a);
    const b = newRun('20250402-000000-bbbbbb');
    b.startedAt = '2025-04-02T00:00:00.000Z';
    await crashed.create(b);
    await store.create(newRun('20250403-000000-cccccc')); // this process: still running
    await store.create(partialRun('20250404-000000-dddddd')); // finished

    const interrupted = await store.interrupted();
    expect(interrupted.map((s) => s.runId).sort()).toEqual(['20250401-000000-aaaaaa', '20250402-000000-bbbbbb']);
    expect(interrupted.every((s) => s.statusLabel === 'Interrupted' && s.status === undefined)).toBe(true);
    const live = (await store.list()).find((e) => e.readable && e.summary.runId === '20250403-000000-cccccc');
    expect(live?.readable && live.summary).toMatchObject({ live: true, interrupted: false, statusLabel: 'Running' });

    // Once a resume run exists for A, A is no longer offered (its resume, if it crashes too, will be).
    const resume = newRun('20250405-000000-eeeeee');
    resume.context = { ...resume.context, mode: 'resume', parentRunId: a.runId };
    await crashed.create(resume);
    expect((await store.interrupted()).map((s) => s.runId).sort()).toEqual(['20250402-000000-bbbbbb', '20250405-000000-eeeeee']);
    const aNow = (await store.list()).find((e) => e.readable && e.summary.runId === a.runId);
    expect(aNow?.readable && aNow.summary).toMatchObject({ resumedBy: resume.runId, statusLabel: 'Interrupted (resumed)' });
    // The resuming process (alive) writes A's latest outcomes back: A still reads as resumed, not as running.
    await store.update(applyChildOutcome(a, successResult(a.chunks[1]!), resume.runId));
    const aAfter = (await store.list()).find((e) => e.readable && e.summary.runId === a.runId);
    expect(aAfter?.readable && aAfter.summary).toMatchObject({
      live: false,
      interrupted: false,
      statusLabel: 'Interrupted (resumed)',
      succeeded: 2,
    });
  });
});

describe('journalObserver', () => {
  it('persists at run start and after each chunk, then the outcome at run end', async () => {
    const run = newRun();
    const initial: RunRecord = { ...run, chunks: [] };
    await store.create(initial);
    const obs = journalObserver(store, initial);
    const reader = new JournalStore(path.join(dir, 'runs'));

    obs(started(run));
    await obs.flush();
    expect((await reader.load(run.runId)).chunks).toHaveLength(9);

    for (const c of run.chunks) {
      obs({ type: 'chunk-started', runId: run.runId, at: '2025-04-07T10:00:00.000Z', index: c.index });
      obs({ type: 'page-fetched', runId: run.runId, index: c.index, pages: 1, records: 5, requests: 1, retries: 0 });
      obs({ type: 'chunk-done', runId: run.runId, result: c.index === 4 ? failedResult(c) : successResult(c) });
      await obs.flush();
      const onDisk = await reader.load(run.runId);
      expect(onDisk.chunks.filter((x) => x.status !== 'pending')).toHaveLength(c.index);
      expect(onDisk.chunks[c.index - 1]!.status).toBe(c.index === 4 ? 'failed' : 'success');
      expect(onDisk.finishedAt).toBeUndefined();
    }
    const status = runStatus(obs.record.chunks);
    obs({ type: 'run-done', runId: run.runId, at: '2025-04-07T10:09:00.000Z', status, totals: runTotals(obs.record.chunks) });
    await obs.flush();
    const final = await reader.load(run.runId);
    expect(final).toMatchObject({ finishedAt: '2025-04-07T10:09:00.000Z', status: 2 });
    expect(final).toEqual(obs.record);
    expect(obs.errors).toEqual([]);
  });

  it('loses nothing when events arrive in one burst', async () => {
    const run = newRun();
    await store.create(run);
    const obs = journalObserver(store, run);
    obs(started(run));
    for (const c of run.chunks) obs({ type: 'chunk-done', runId: run.runId, result: successResult(c) });
    obs({ type: 'log', runId: run.runId, level: 'INFO', line: 'x' });
    obs({ type: 'run-done', runId: run.runId, at: '2025-04-07T10:09:00.000Z', status: 0, totals: runTotals(run.chunks) });
    obs({ type: 'chunk-done', runId: 'another-run', result: failedResult(run.chunks[0]!) });
    await obs.flush();
    const final = await store.load(run.runId);
    expect(final.status).toBe(0);
    expect(final.chunks.every((c) => c.status === 'success')).toBe(true);
  });

  it('records a fatal error before chunk 1', async () => {
    const run = newRun();
    await store.create(run);
    const obs = journalObserver(store, run);
    obs(started(run));
    obs({ type: 'setup-checked', runId: run.runId, at: run.startedAt, ok: false, error: '401 Unauthorized: check the API key' });
    obs({
      type: 'run-done',
      runId: run.runId,
      at: '2025-04-07T10:00:01.000Z',
      status: 1,
      totals: runTotals(run.chunks),
      fatalError: '401 Unauthorized: check the API key',
    });
    await obs.flush();
    expect(await store.load(run.runId)).toMatchObject({
      status: 1,
      fatalError: '401 Unauthorized: check the API key',
      finishedAt: '2025-04-07T10:00:01.000Z',
    });
  });

  it('a retry writes its outcomes back into the parent, which ends Complete Success', async () => {
    const parent = partialRun('20250407-100000-parent');
    await store.create(parent);
    const retryChunks = parent.chunks
      .filter((c) => c.status !== 'success')
      .map((c) => ({ ...c, status: 'pending' as const, error: undefined }));
    const child: RunRecord = {
      ...newRun('20250407-110000-child1'),
      context: { ...parent.context, mode: 'retry-failed', parentRunId: parent.runId },
      chunks: retryChunks,
    };
    await store.create(child);
    const obs = journalObserver(store, child, { parent });
    obs(started(child));
    for (const c of retryChunks) obs({ type: 'chunk-done', runId: child.runId, result: successResult(c, 50) });
    obs({ type: 'run-done', runId: child.runId, at: '2025-04-07T11:01:00.000Z', status: 0, totals: runTotals(retryChunks) });
    await obs.flush();

    const p = await store.load(parent.runId);
    expect(p.status).toBe(0);
    expect(p.chunks.map((c) => c.status)).toEqual(Array(9).fill('success'));
    expect(p.chunks.filter((c) => c.attemptRunId === child.runId).map((c) => c.index)).toEqual([3, 5]);
    expect(p.chunks[0]!.attemptRunId).toBeUndefined();
    expect(p.chunks[2]!.records).toBe(50);
    expect((await store.load(child.runId)).chunks).toHaveLength(2);
  });
});

describe('applyChildOutcome', () => {
  it('keeps the parent outcome for chunks the child did not finish, and refuses a foreign chunk', () => {
    const parent = partialRun();
    const third = parent.chunks[2]!;
    expect(applyChildOutcome(parent, { ...third, status: 'pending', error: undefined }, 'c1')).toBe(parent);
    const failedAgain = applyChildOutcome(parent, failedResult(third, 'timeout'), 'c1');
    expect(failedAgain.chunks[2]).toMatchObject({ status: 'failed', error: 'timeout', attemptRunId: 'c1' });
    expect(failedAgain.status).toBe(2);
    expect(parent.chunks[2]!.error).not.toBe('timeout'); // pure
    expect(() => applyChildOutcome(parent, successResult({ ...third, start: '2024-01-01 00:00:00' }), 'c1')).toThrow(/not a chunk of run/);
    expect(() => applyChildOutcome(parent, successResult(third))).toThrow(/needs the child run id/);
  });
});

describe('journal chunk log', () => {
  it('appends one line per chunk, folds it into the snapshot at the end, and ignores a torn last line', async () => {
    const { JournalStore, chunkLogOf } = await import('../../electron/engine/store/journal');
    const { promises: fsp } = await import('node:fs');
    const osm = await import('node:os');
    const pathm = await import('node:path');
    const dir = await fsp.mkdtemp(pathm.join(osm.tmpdir(), 'mb-jlog-'));
    const store = new JournalStore(dir);
    const chunk = (index: number, status: 'pending' | 'success' | 'failed') => ({
      index,
      start: `2025-01-0${index} 00:00:00`,
      end: `2025-01-0${index + 1} 00:00:00`,
      kind: 'window' as const,
      status,
      records: status === 'success' ? 10 : 0,
      pages: 1,
      requests: 1,
      retries: 0,
      durationMs: 1,
      objects: [],
      warnings: [],
      schemaDrift: [],
    });
    const record = {
      runId: 'r-log-1',
      event: {
        table_name: 't',
        endpoint: 'loans:search',
        request_type: 'post' as const,
        cdc_field: 'creationDate',
        start_date: '2025-01-01 00:00:00',
        end_date: '2025-01-04 00:00:00',
        extra_params: '',
        auto_schema: false,
        rename_columns: [],
        chunk_hours: 24,
      },
      context: { connection: 'c', destination: 'd', destinationUri: '/x', appVersion: '0', mode: 'run' as const },
      startedAt: '2025-01-01T00:00:00.000Z',
      chunks: [chunk(1, 'pending'), chunk(2, 'pending'), chunk(3, 'pending')],
    };
    await store.create(record);
    await store.appendChunk('r-log-1', chunk(1, 'success'));
    await store.appendChunk('r-log-1', chunk(2, 'failed'));
    const file = store.pathOf('r-log-1');
    // The snapshot was not rewritten; the outcomes are in the log, and load applies them.
    expect(JSON.parse(await fsp.readFile(file, 'utf8')).run.chunks.map((c: { status: string }) => c.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    expect((await store.load('r-log-1')).chunks.map((c) => c.status)).toEqual(['success', 'failed', 'pending']);
    // A crash mid-append leaves a torn last line: ignored, that chunk just is not ✓.
    await fsp.appendFile(chunkLogOf(file), '{"chunk":{"index":3,"status":"succ');
    expect((await store.load('r-log-1')).chunks.map((c) => c.status)).toEqual(['success', 'failed', 'pending']);
    // A snapshot folds the log in and removes it.
    await store.update({
      ...record,
      chunks: [chunk(1, 'success'), chunk(2, 'failed'), chunk(3, 'success')],
      finishedAt: '2025-01-01T01:00:00.000Z',
      status: 2,
    });
    await expect(fsp.access(chunkLogOf(file))).rejects.toThrow();
    const listed = await store.list();
    expect(listed).toHaveLength(1);
    expect(listed[0]!.readable && listed[0]!.summary).toMatchObject({ succeeded: 2, failed: 1, status: 2 });
  });
});
