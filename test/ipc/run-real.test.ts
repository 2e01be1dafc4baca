// The real engine behind the real preload and handlers: the sandbox connection (in-process Mambu simulator) into a
// local folder, exactly what a newcomer's first Run does. Only `electron` is stood in for.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackfillApi } from '../../shared/ipc/contract';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { RunEvent } from '../../shared/run-types';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import { LOCAL_DESTINATION } from '../../electron/main/core/settings-store';
import { openAppBridge } from './app-bridge';
import { engineApi } from '../../electron/main/engine-adapter';

vi.mock('electron', () => import('./fake-electron'));

let page: BackfillApi;
let out: string;
let unregister: () => void;

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(p)));
    else files.push(p);
  }
  return files;
}

function collect(api: BackfillApi) {
  const seen: RunEvent[] = [];
  const off = api.onRunEvents((batch) => seen.push(...batch));
  const done = () =>
    new Promise<Extract<RunEvent, { type: 'run-done' }>>((resolve, reject) => {
      const until = Date.now() + 60_000;
      const tick = () => {
        const d = seen.find((e) => e.type === 'run-done');
        if (d) return resolve(d as Extract<RunEvent, { type: 'run-done' }>);
        if (Date.now() > until) return reject(new Error('run did not finish'));
        setTimeout(tick, 10);
      };
      tick();
    });
  return { seen, off, done };
}

beforeAll(async () => {
  const bridge = await openAppBridge(engineApi, 'mb-ipc-real-');
  ({ page, out } = bridge);
  unregister = bridge.close;
});
afterAll(() => unregister?.());

describe('real engine over the bridge', () => {
  it('with nothing configured, the sample event runs on the sandbox to Complete Success and lands Parquet', async () => {
    const settings = await page.getSettings();
    expect(settings.ok && settings.value.defaults).toEqual({ connection: SANDBOX_CONNECTION, destination: LOCAL_DESTINATION });
    const c = collect(page);
    const r = await page.startRun({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: LOCAL_DESTINATION });
    expect(r.ok).toBe(true);
    const end = await c.done();
    c.off();
    expect(end.status).toBe(0);
    const results = c.seen.filter((e): e is Extract<RunEvent, { type: 'chunk-done' }> => e.type === 'chunk-done').map((e) => e.result);
    expect(results).toHaveLength(9);
    expect(results.every((x) => x.status === 'success')).toBe(true);
    expect(end.totals.records).toBe(results.reduce((a, x) => a + x.records, 0));
    const logs = c.seen.filter((e): e is Extract<RunEvent, { type: 'log' }> => e.type === 'log').map((e) => e.line);
    expect(logs.some((l) => / - INFO - PROCESSING SUMMARY: Completed 9 chunks$/.test(l))).toBe(true);
    const files = (await walk(out)).filter((f) => f.endsWith('.parquet'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.includes(`${path.sep}mambu_loan_transactions${path.sep}`) || f.includes('mambu_loan_transactions'))).toBe(
      true,
    );
  });

  it('the Test buttons check the sandbox tenant and the local folder for real', async () => {
    const c = await page.testConnection({ name: SANDBOX_CONNECTION });
    expect(c).toEqual({ ok: true, value: { detail: expect.stringContaining('sandbox') } });
    const d = await page.testDestination({ name: LOCAL_DESTINATION });
    expect(d).toEqual({ ok: true, value: { detail: expect.stringContaining('writable') } });
  });

  it('Cancel stops a real run: the run ends with cancelled chunks', async () => {
    const c = collect(page);
    const year = { ...SAMPLE_EVENT, start_date: '2024-01-01 00:00:00', end_date: '2025-01-01 00:00:00', chunk_hours: 1 };
    const r = await page.startRun({ event: year, connection: SANDBOX_CONNECTION, destination: LOCAL_DESTINATION });
    expect(r).toMatchObject({ ok: true });
    const runId = r.ok ? r.value.runId : '';
    const until = Date.now() + 30_000;
    while (!c.seen.some((e) => e.type === 'chunk-done') && Date.now() < until) await new Promise((res) => setTimeout(res, 5));
    expect(await page.cancelRun({ runId })).toEqual({ ok: true, value: { cancelled: true } });
    const end = await c.done();
    c.off();
    expect(end.totals.cancelled).toBeGreaterThan(0);
    expect(end.totals.succeeded).toBeLessThan(8784);
    expect(end.status === 1 || end.status === 2).toBe(true);
  });
});
