// History, retry and reports through the real preload, handlers, RunManager and ENGINE: a sandbox run is journaled;
// a run against a configured (simulated, loopback) Mambu tenant with an injected failure ends Partial Success, and
// one Retry failed ends Complete Success with exactly the tenant's rows in the destination, the parent run showing
// every chunk's latest outcome; reports in the four formats carry no secret.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { ChunkResult, RunEvent } from '../../shared/run-types';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { engineApi } from '../../electron/main/engine-adapter';
import { apiKeyConnection } from '../helpers/connections';
import { landedRows } from '../helpers/landed';
import { openAppBridge, runToEnd, type AppBridge } from './app-bridge';

vi.mock('electron', () => import('./fake-electron'));

const API_KEY = 'ipc-history-key-7Qz93Lm2vX';
const WINDOW = { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-01-10T00:00:00Z') };
const TENANT = 'Test tenant';
const LAKE = 'Lake folder';

let app: AppBridge;
let sim: Simulator;
let lake: string;

beforeAll(async () => {
  app = await openAppBridge(engineApi, 'mb-ipc-history-');
  sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: API_KEY } });
  lake = path.join(app.dir, 'lake');
  const c = await app.page.saveConnection({
    connection: apiKeyConnection(TENANT, sim.url),
    secret: API_KEY,
  });
  expect(c.ok).toBe(true);
  const d = await app.page.saveDestination({ destination: { kind: 'local', name: LAKE, path: lake } });
  expect(d.ok).toBe(true);
});
afterAll(async () => {
  app?.close();
  await sim?.close();
});

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(`expected ok, got: ${r.error.message}`);
  return r.value;
};
const statuses = (chunks: ChunkResult[]) => chunks.map((c) => c.status);

describe('every app run keeps a journal', () => {
  it('a sandbox run is journaled in the data folder and listed by the history', async () => {
    const { runId, done } = await runToEnd(app, () =>
      app.page.startRun({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: 'Local folder' }),
    );
    expect(done.status).toBe(0);
    expect(await readdir(path.join(app.home, 'runs'))).toContain(`${runId}.json`);
    const journal = JSON.parse(await readFile(path.join(app.home, 'runs', `${runId}.json`), 'utf8'));
    expect(journal).toMatchObject({
      version: 1,
      writer: { pid: process.pid },
      run: { runId, status: 0, context: { connection: SANDBOX_CONNECTION, destination: 'Local folder', mode: 'run' } },
    });

    const record = value(await app.page.getRun({ runId }));
    expect(record.chunks).toHaveLength(9);
    expect(record.chunks.every((c) => c.status === 'success' && c.objects.length > 0)).toBe(true);
    expect(record.finishedAt).toBeDefined();

    const list = value(await app.page.listHistory());
    const entry = list.find((e) => e.readable && e.summary.runId === runId);
    expect(entry).toMatchObject({
      readable: true,
      summary: {
        statusLabel: 'Complete Success',
        table: 'mambu_loan_transactions',
        window: { start: '2025-01-01 00:00:00', end: '2025-01-10 00:00:00' },
        succeeded: 9,
        notSucceeded: 0,
        mode: 'run',
        interrupted: false,
      },
    });
    expect(value(await app.page.interruptedRuns())).toEqual([]);
  });

  it('a run id is a name, never a path', async () => {
    const r = await app.page.getRun({ runId: '../settings' });
    expect(!r.ok && r.error.issues?.[0]?.field).toBe('runId');
    const j = await app.page.getRun({ runId: 'presets.json' });
    expect(!j.ok && j.error.message).toMatch(/not a journal file name/);
    const missing = await app.page.getRun({ runId: '20990101-000000-abcdef' });
    expect(!missing.ok && missing.error.message).toMatch(/No run journal at/);
  });
});

describe('retry failed against a configured tenant', () => {
  let parentId: string;
  let childId: string;

  it('an injected failure gives one ✗ chunk and Partial Success', async () => {
    sim.faults.clear();
    // 400 is not retried by the client: the chunk fails at once (a 5xx would be retried with backoff first).
    sim.faults.add({
      kind: 'status',
      status: 400,
      errorCode: 4,
      errorReason: 'INVALID_PARAMETERS',
      endpoint: 'loans/transactions:search',
      windowStart: '2025-01-05T00:00:00+00:00',
      times: Infinity,
    });
    const { runId, done } = await runToEnd(app, () => app.page.startRun({ event: SAMPLE_EVENT, connection: TENANT, destination: LAKE }));
    parentId = runId;
    expect(done.status).toBe(2);
    const parent = value(await app.page.getRun({ runId }));
    expect(statuses(parent.chunks)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'failed',
      'success',
      'success',
      'success',
      'success',
    ]);
    expect(parent.chunks[4]!.error).toMatch(/400/);
    const partitions = new Set((await landedRows(lake, 'mambu_loan_transactions')).map((r) => r.partition));
    expect(partitions.has('20250105')).toBe(false);
  });

  it('is refused, naming the fix, when the destination now points elsewhere or the connection is gone', async () => {
    value(await app.page.saveDestination({ destination: { kind: 'local', name: LAKE, path: path.join(app.dir, 'elsewhere') } }));
    const moved = await app.page.retryRun({ runId: parentId });
    expect(!moved.ok && moved.error.message).toMatch(
      new RegExp(`wrote to ${lake.replace(/[/\\]/g, '.')}.*now points to .*elsewhere.*must write where the run did`),
    );
    value(await app.page.saveDestination({ destination: { kind: 'local', name: LAKE, path: lake } }));

    value(
      await app.page.saveConnection({
        connection: apiKeyConnection('Renamed tenant', sim.url),
        originalName: TENANT,
      }),
    );
    const gone = await app.page.retryRun({ runId: parentId });
    expect(!gone.ok && gone.error.message).toMatch(/used the connection "Test tenant", which is no longer configured/);
    value(
      await app.page.saveConnection({
        connection: apiKeyConnection(TENANT, sim.url),
        originalName: 'Renamed tenant',
      }),
    );

    const resume = await app.page.resumeRun({ runId: parentId });
    expect(!resume.ok && resume.error.message).toMatch(/finished; nothing to resume/);
  });

  it('one Retry failed runs only the ✗ chunk and ends Complete Success with no duplicate rows', async () => {
    sim.faults.clear();
    let continued: { runId: string; parentRunId: string; chunks: number } | undefined;
    const { runId, seen, done } = await runToEnd(app, async () => {
      const r = await app.page.retryRun({ runId: parentId });
      if (r.ok) continued = r.value;
      return r;
    });
    childId = runId;
    expect(continued).toEqual({ runId, parentRunId: parentId, chunks: 1, destination: expect.any(String) });
    expect(done.status).toBe(0);
    expect(seen.filter((e): e is Extract<RunEvent, { type: 'chunk-started' }> => e.type === 'chunk-started').map((e) => e.index)).toEqual([
      5,
    ]);
    // The live view of the retry shows the whole run: the other chunks keep their ✓.
    const started = seen.find((e) => e.type === 'run-started') as Extract<RunEvent, { type: 'run-started' }>;
    expect(started.chunks).toHaveLength(9);
    expect(started.context).toMatchObject({
      mode: 'retry-failed',
      parentRunId: parentId,
      connection: TENANT,
      destination: LAKE,
      destinationUri: lake,
    });

    const rows = await landedRows(lake, 'mambu_loan_transactions');
    const keys = rows.map((r) => String(r.row.encoded_key));
    expect(new Set(keys).size).toBe(keys.length);
    const truth = sim.truth.window('loans/transactions:search', 'creationDate', WINDOW.start, WINDOW.end);
    expect(keys.sort()).toEqual(truth.map((t) => String(t.encodedKey)).sort());
  });

  it("the parent's view shows each chunk's latest outcome and the history lists both, linked", async () => {
    const parent = value(await app.page.getRun({ runId: parentId }));
    expect(statuses(parent.chunks).every((s) => s === 'success')).toBe(true);
    expect(parent.status).toBe(0);
    expect(parent.chunks[4]!.attemptRunId).toBe(childId);
    expect(parent.chunks[4]!.error).toBeUndefined();
    expect(parent.chunks.filter((c) => c.attemptRunId === childId).map((c) => c.index)).toEqual([5]);

    const list = value(await app.page.listHistory());
    const summaries = list.flatMap((e) => (e.readable ? [e.summary] : []));
    expect(summaries.find((s) => s.runId === parentId)).toMatchObject({
      statusLabel: 'Complete Success',
      succeeded: 9,
      notSucceeded: 0,
      mode: 'run',
    });
    expect(summaries.find((s) => s.runId === childId)).toMatchObject({
      statusLabel: 'Complete Success',
      mode: 'retry-failed',
      parentRunId: parentId,
    });

    const again = await app.page.retryRun({ runId: parentId });
    expect(!again.ok && again.error.message).toMatch(/Nothing to retry: every chunk of run .* is ✓/);
  });

  it('reports export in all four formats through the save dialog, complete and without the secret', async () => {
    const written: string[] = [];
    for (const format of ['json', 'csv', 'md', 'html'] as const) {
      const r = value(await app.page.exportReport({ runId: parentId, format }));
      expect(r.saved).toBe(true);
      if (!r.saved) continue;
      expect(r.path).toBe(path.join(app.exports, `mambu_loan_transactions-${parentId}.${format}`));
      expect(app.dialog.asked.at(-1)!.filters.every((f) => f.extensions.includes(format))).toBe(true);
      const text = await readFile(r.path, 'utf8');
      written.push(text);
      expect(text).not.toContain(API_KEY);
      // CSV is a row per chunk; the other formats name the connection.
      if (format !== 'csv') expect(text).toContain(TENANT);
    }
    const [json, csv, md, html] = written as [string, string, string, string];
    const data = JSON.parse(json);
    expect(data).toMatchObject({ connection: TENANT, destination: LAKE, status: 0 });
    expect(data.chunks).toHaveLength(9);
    expect(csv.trim().split('\n')).toHaveLength(10);
    expect(md).toMatch(/SUCCESSFUL CHUNKS: 9\/9/);
    expect(html).toMatch(/^<!doctype html>/i);

    // A name without the format's extension gets it, so the file is what the user chose in the page.
    app.dialog.answerWith(() => path.join(app.exports, 'my report'));
    try {
      expect(value(await app.page.exportReport({ runId: childId, format: 'csv' }))).toEqual({
        saved: true,
        path: path.join(app.exports, 'my report.csv'),
      });
    } finally {
      app.dialog.answerWith(null);
    }
    app.dialog.answerWith(() => undefined);
    try {
      expect(value(await app.page.exportReport({ runId: childId, format: 'html' }))).toEqual({ saved: false });
    } finally {
      app.dialog.answerWith(null);
    }
    const bad = await app.page.exportReport({ runId: childId, format: 'pdf' } as never);
    expect(!bad.ok && bad.error.issues?.[0]?.field).toBe('format');
  });

  it('no journal holds the secret', async () => {
    for (const f of await readdir(path.join(app.home, 'runs'))) {
      expect(await readFile(path.join(app.home, 'runs', f), 'utf8')).not.toContain(API_KEY);
    }
  });
});
