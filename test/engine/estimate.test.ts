// The estimate against the simulator: each chunk's total is what the simulator holds for the window, the page
// count is what the pager really requests, one request per chunk (one in flight), and a cancel stops it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMambuSource } from '../../electron/engine/mambu';
import { estimateBackfill, pagesFor, suggestChunkHours } from '../../electron/engine/estimate';
import { fetchRequestFor } from '../../electron/engine/runner';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { validateEvent, type BackfillEvent } from '../../shared/event/schema';
import { planChunks } from '../../shared/plan';
import sample from '../../shared/samples/loan-transactions.json';
import { connFor, sink } from '../mambu/helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 11, perDay: 130 });
});
afterAll(() => sim.close());

function event(over: Partial<Record<keyof BackfillEvent, unknown>> = {}): BackfillEvent {
  const v = validateEvent({ ...sample, ...over });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.event;
}

describe('estimate', () => {
  it("reports each chunk's total as the simulator holds it, and the pages the run then really requests", async () => {
    const source = createMambuSource(connFor(sim, { pageSize: 40 }));
    const ev = event();
    const before = sim.requests.length;
    const progress: number[] = [];
    const est = await estimateBackfill({
      event: ev,
      source,
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p.done),
    });
    const sent = sim.requests.slice(before);

    const plan = planChunks(ev).chunks;
    expect(est.chunks).toHaveLength(plan.length);
    expect(progress).toEqual(plan.map((c) => c.index));
    // One request per chunk, each with paginationDetails=ON and limit=1, never two at once.
    expect(est.estimateRequests).toBe(plan.length);
    expect(sent).toHaveLength(plan.length);
    for (const r of sent) expect(r.query).toMatchObject({ paginationDetails: 'ON', limit: '1' });
    expect(sim.maxConcurrency).toBe(1);

    let truthTotal = 0;
    for (const c of est.chunks) {
      const req = fetchRequestFor(ev, plan[c.index - 1]!);
      // Mambu's BETWEEN includes both ends: Items-Total counts a record exactly at the window's end too (the run
      // fetches it, then cuts it as outside the half-open window).
      const end = new Date(req.window!.end.getTime() + 1);
      const truth = sim.truth.window('loans/transactions', 'creationDate', req.window!.start, end).length;
      truthTotal += truth;
      expect(c.records, `chunk ${c.index}`).toBe(truth);
      // The pager, paging that chunk for real, asks exactly the estimated number of pages and fetches that many.
      const s = sink();
      const stats = await source.fetch(req, s.sink, new AbortController().signal);
      expect(stats.pages, `chunk ${c.index} pages`).toBe(c.pages);
      expect(stats.records + stats.outsideWindow + stats.duplicatesDropped).toBe(truth);
    }
    expect(est.records).toBe(truthTotal);
    expect(est.records).toBeGreaterThan(1000);
    expect(est.pages).toBe(est.chunks.reduce((a, c) => a + c.pages, 0));
    expect(est.runRequests).toBe(est.pages + 1);
    expect(est.largest[0]!.records).toBe(Math.max(...est.chunks.map((c) => c.records!)));
    expect(est.largest.length).toBe(5);
    // At 1000 requests per second the local simulator's latency sets the pace.
    expect(est.durationMs).toBeGreaterThanOrEqual(est.runRequests);
    expect(est.suggestion).toBeUndefined();
  });

  it('prices the run at the connection rate and suggests a smaller chunk_hours for chunks of hundreds of pages', async () => {
    const source = createMambuSource(connFor(sim, { pageSize: 2, requestsPerSecond: 1000 }));
    const ev = event({ end_date: '2025-01-04 00:00:00', chunk_hours: 72 });
    const est = await estimateBackfill({ event: ev, source, signal: new AbortController().signal });
    // pageSize 2 (the smallest that detects drift): pages overlap by one record, so each page moves one record on
    // and the page at the last record is the short one that ends the chunk: one page per record (one if empty).
    for (const c of est.chunks) expect(c.pages).toBe(Math.max(1, c.records!));
    expect(est.suggestion).toBeDefined();
    expect(est.suggestion!.largestPages).toBe(est.largest[0]!.pages);
    expect(est.suggestion!.chunkHours).toBe(suggestChunkHours(72, est.largest[0]!.pages));
    expect(est.suggestion!.chunkHours).toBeLessThan(72);
    expect(est.suggestion!.message).toMatch(/chunk_hours \d+/);

    const slow = createMambuSource(connFor(sim, { pageSize: 1000, requestsPerSecond: 2 }));
    const e2 = await estimateBackfill({
      event: event({ end_date: '2025-01-02 00:00:00' }),
      source: slow,
      signal: new AbortController().signal,
    });
    // 1 chunk of <1000 records: 1 page + the setup check, at 2 requests per second.
    expect(e2.runRequests).toBe(2);
    expect(e2.durationMs).toBe(1000);
    expect(e2.requestsPerSecond).toBe(2);
  });

  it('asks a snapshot endpoint once', async () => {
    const source = createMambuSource(connFor(sim, { pageSize: 10 }));
    const before = sim.requests.length;
    const ev = event({ table_name: 'mambu_users', endpoint: 'users', request_type: 'Get', cdc_field: '' });
    const est = await estimateBackfill({ event: ev, source, signal: new AbortController().signal });
    expect(sim.requests.length - before).toBe(1);
    expect(est.kind).toBe('snapshot');
    expect(est.records).toBe(sim.truth.snapshot('users').length);
    expect(est.chunks[0]!.pages).toBe(pagesFor(est.records, 10));
  });

  it('stops at once when cancelled, sending nothing more', async () => {
    const source = createMambuSource(connFor(sim, { pageSize: 50, requestsPerSecond: 20 }));
    const ctrl = new AbortController();
    const ev = event({ chunk_hours: 1 });
    const before = sim.requests.length;
    const run = estimateBackfill({ event: ev, source, signal: ctrl.signal, onProgress: (p) => p.done === 3 && ctrl.abort() });
    await expect(run).rejects.toThrow(/cancel/i);
    await new Promise((r) => setTimeout(r, 150));
    expect(sim.requests.length - before).toBe(3);
  });
});

describe('pagesFor', () => {
  it("follows the pager's overlap and its one short page after a full one", () => {
    expect(pagesFor(0, 1000)).toBe(1);
    expect(pagesFor(999, 1000)).toBe(1);
    expect(pagesFor(1000, 1000)).toBe(2); // the full page is followed by an empty one
    // overlap 10 at 1000: page 2 starts at offset 990
    expect(pagesFor(1989, 1000)).toBe(2);
    expect(pagesFor(1990, 1000)).toBe(3);
  });
});
