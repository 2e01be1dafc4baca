// Estimate over IPC, through the real preload, handlers and engine (sandbox tenant): progress streams on
// estimate:event, the result's totals are the tenant's truth, one estimate per window, and a cancel stops it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { EstimateEvent } from '../../shared/estimate';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import { engineApi } from '../../electron/main/engine-adapter';
import { startSimulator } from '../../electron/simulator';
import { openAppBridge, type AppBridge } from './app-bridge';

vi.mock('electron', () => import('./fake-electron'));

let app: AppBridge;
beforeAll(async () => {
  app = await openAppBridge(engineApi, 'mb-ipc-estimate-');
});
afterAll(() => app?.close());

async function until(events: EstimateEvent[], id: string) {
  await vi.waitFor(() => expect(events.some((e) => e.estimateId === id && e.type !== 'estimate-progress')).toBe(true), {
    timeout: 60_000,
    interval: 20,
  });
  return events.filter((e) => e.estimateId === id);
}

describe('estimate over IPC', () => {
  it("streams progress and ends with the sandbox tenant's totals", async () => {
    const events: EstimateEvent[] = [];
    const off = app.page.onEstimateEvent((e) => events.push(e));
    const r = await app.page.startEstimate({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.chunks).toBe(9);
    const mine = await until(events, r.value.estimateId);
    off();
    const progress = mine.filter((e) => e.type === 'estimate-progress');
    expect(progress.map((e) => e.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const done = mine.at(-1)!;
    if (done.type !== 'estimate-done') throw new Error(JSON.stringify(done));
    // The sandbox tenant is deterministic: a fresh one is the truth (Mambu's BETWEEN counts both ends).
    const sim = await startSimulator({ auth: { kind: 'none' } });
    try {
      const truth = done.estimate.chunks.map(
        (c) =>
          sim.truth.window(
            'loans/transactions',
            'creationDate',
            new Date(c.start.replace(' ', 'T') + 'Z'),
            new Date(Date.parse(c.end.replace(' ', 'T') + 'Z') + 1),
          ).length,
      );
      expect(done.estimate.chunks.map((c) => c.records)).toEqual(truth);
      expect(done.estimate.records).toBe(truth.reduce((a, b) => a + b, 0));
    } finally {
      await sim.close();
    }
    expect(done.estimate.estimateRequests).toBe(9);
    expect(done.estimate.largest).toHaveLength(5);
  });

  it('refuses a second estimate in the same window and a malformed payload; a cancel ends it as cancelled', async () => {
    const events: EstimateEvent[] = [];
    const off = app.page.onEstimateEvent((e) => events.push(e));
    // 90 days of hourly chunks: long enough to still be running when cancelled.
    const long = { ...SAMPLE_EVENT, start_date: '2024-12-01 00:00:00', end_date: '2025-03-01 00:00:00', chunk_hours: 1 };
    const r = await app.page.startEstimate({ event: long, connection: SANDBOX_CONNECTION });
    if (!r.ok) throw new Error(r.error.message);
    const twice = await app.page.startEstimate({ event: long, connection: SANDBOX_CONNECTION });
    expect(!twice.ok && twice.error.message).toMatch(/already running in this window/);
    const bad = await app.page.startEstimate({ event: long } as never);
    expect(!bad.ok && bad.error.issues?.[0]?.field).toBe('connection');
    expect(await app.page.cancelEstimate({ estimateId: 'estimate-other' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await app.page.cancelEstimate({ estimateId: r.value.estimateId })).toEqual({ ok: true, value: { cancelled: true } });
    const mine = await until(events, r.value.estimateId);
    off();
    expect(mine.at(-1)).toEqual({ type: 'estimate-failed', estimateId: r.value.estimateId, cancelled: true, error: 'Estimate cancelled' });
    expect(mine.filter((e) => e.type === 'estimate-progress').length).toBeLessThan(2160);
  });
});
