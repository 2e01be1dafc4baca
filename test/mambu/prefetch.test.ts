// The pager asks for the next page while the sink is still busy with the current one (pipelining), yet never has
// two requests in flight: checked at the simulator (its request log and maxConcurrency), not by timing.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { createMambuSource } from '../../electron/engine/mambu';
import type { FetchRequest, MambuRecord, RecordSink } from '../../electron/engine/types';
import { connFor, sink } from './helpers';

const WINDOW = { start: new Date('2025-01-02T00:00:00Z'), end: new Date('2025-01-03T00:00:00Z') };
const REQ: FetchRequest = {
  endpoint: 'loans/transactions:search',
  kind: 'search',
  cdcField: 'creationDate',
  window: WINDOW,
  extraParams: '',
};

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const pageRequests = (s: Simulator) => s.requests.filter((r) => r.endpoint.endsWith(':search')).length;

async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('pager prefetch', () => {
  it('requests page n+1 while the sink still holds page n, one request in flight at a time, and lands exactly the truth', async () => {
    sim = await startSimulator({ latencyMs: 20 });
    const s = sim;
    const truth = s.truth.window('loans/transactions:search', 'creationDate', WINDOW.start, WINDOW.end);
    const got: MambuRecord[] = [];
    const seenWhileBusy: boolean[] = [];
    const sink: RecordSink = {
      async restart() {
        got.length = 0;
      },
      async records(batch, info) {
        got.push(...batch);
        const before = pageRequests(s);
        // Not the last page: the next page's request reaches the simulator before this sink call returns.
        if (info.page * 10 < truth.length) {
          await until(() => pageRequests(s) > before || pageRequests(s) > info.page, `the request after page ${info.page}`);
          seenWhileBusy.push(pageRequests(s) > info.page);
        }
      },
    };
    const stats = await createMambuSource(connFor(s, { pageSize: 10 })).fetch(REQ, sink, new AbortController().signal);
    expect(got.map((r) => r.encodedKey)).toEqual(truth.map((r) => r.encodedKey));
    expect(seenWhileBusy.length).toBeGreaterThan(2);
    expect(seenWhileBusy.every(Boolean)).toBe(true);
    expect(stats.requests).toBe(pageRequests(s));
    expect(s.maxConcurrency).toBe(1);
  });

  it("a sink error aborts the page in flight and waits for it: the error is the chunk's, nothing runs on", async () => {
    sim = await startSimulator({ latencyMs: 30 });
    const s = sim;
    const sink: RecordSink = {
      async restart() {},
      async records(_batch, info) {
        if (info.page === 2) {
          await until(() => pageRequests(s) === 3, 'the prefetched third page');
          throw new Error('upload failed: SlowDown');
        }
      },
    };
    await expect(createMambuSource(connFor(s, { pageSize: 10 })).fetch(REQ, sink, new AbortController().signal)).rejects.toThrow(
      'upload failed: SlowDown',
    );
    const after = pageRequests(s);
    await new Promise((r) => setTimeout(r, 100));
    expect(pageRequests(s)).toBe(after);
    expect(after).toBe(3);
    // The same source goes on with the next chunk; still one request at a time at the server.
    await createMambuSource(connFor(s, { pageSize: 500 })).fetch(
      REQ,
      { async restart() {}, async records() {} },
      new AbortController().signal,
    );
    expect(s.maxConcurrency).toBe(1);
  });

  it('cancel while the next page is in flight ends the fetch promptly as cancelled', async () => {
    sim = await startSimulator({ latencyMs: 2000 });
    const s = sim;
    const ctrl = new AbortController();
    const sink: RecordSink = {
      async restart() {},
      async records(_batch, info) {
        if (info.page === 1) {
          await until(() => pageRequests(s) === 2, 'the prefetched second page', 5000);
          setTimeout(() => ctrl.abort(), 10);
        }
      },
    };
    const started = Date.now();
    const err = await createMambuSource(connFor(s, { pageSize: 10, timeoutMs: 10_000 }))
      .fetch(REQ, sink, ctrl.signal)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'MambuError', cancelled: true });
    // Page 1 took one latency; the prefetched page 2 (2 s latency) was abandoned, not waited for.
    expect(Date.now() - started).toBeLessThan(3500);
    expect(pageRequests(s)).toBe(2);
    expect(s.maxConcurrency).toBe(1);
  });

  it('drift detected on a prefetched page restarts the chunk with one request in flight and lands the truth', async () => {
    sim = await startSimulator({ latencyMs: 5 });
    const s = sim;
    // Pages of 10 overlap by 2: offsets 0, 8, 16…; after serving offset 16 a record is inserted before it.
    s.faults.add({ kind: 'insert', endpoint: 'loans/transactions:search', offset: 16 });
    const got: MambuRecord[] = [];
    const restarts: string[] = [];
    const sink: RecordSink = {
      async restart(reason) {
        restarts.push(reason);
        got.length = 0;
      },
      async records(batch) {
        got.push(...batch);
        await new Promise((r) => setTimeout(r, 10)); // a busy sink: the next page is requested meanwhile
      },
    };
    const stats = await createMambuSource(connFor(s, { pageSize: 10 })).fetch(REQ, sink, new AbortController().signal);
    const truth = s.truth.window('loans/transactions:search', 'creationDate', WINDOW.start, WINDOW.end);
    expect(restarts.length).toBe(1);
    expect(stats.restarts).toBe(1);
    expect(got.map((r) => r.encodedKey).sort()).toEqual(truth.map((r) => r.encodedKey).sort());
    expect(new Set(got.map((r) => r.encodedKey)).size).toBe(got.length);
    expect(s.maxConcurrency).toBe(1);
  });

  it('asks for the next page once a full page has parsed; a full page that does not parse is asked again, with no early request', async () => {
    sim = await startSimulator({ latencyMs: 5 });
    const s = sim;
    // Page 1 arrives complete (10 records) but does not parse: no request for page 2 may start from it, and page 1
    // is asked for again; the server never sees two requests at once.
    s.faults.add({ kind: 'garbled', endpoint: 'loans/transactions:search', offset: 0 });
    const h = sink();
    const stats = await createMambuSource(connFor(s, { pageSize: 10 })).fetch(REQ, h.sink, new AbortController().signal);
    const truth = s.truth.window('loans/transactions:search', 'creationDate', WINDOW.start, WINDOW.end);
    expect(h.got.map((r) => r.encodedKey)).toEqual(truth.map((r) => r.encodedKey));
    const offsets = s.requests.filter((r) => r.endpoint.endsWith(':search')).map((r) => Number(r.query.offset));
    // 0 (garbled) → 0 (the retry) → 8 → 16 …: one request per page, plus the garbled answer.
    expect(offsets.slice(0, 4)).toEqual([0, 0, 8, 16]);
    expect(stats.retries).toBe(1);
    expect(stats.requests).toBe(stats.pages + 1);
    expect(s.maxConcurrency).toBe(1);
  });
});
