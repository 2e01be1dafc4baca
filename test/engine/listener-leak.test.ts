// Thousands of failing chunks leave no listener behind: each chunk writer adds an abort listener to the run's
// signal and dispose() (run-chunk's finally) takes it off, failed or not. Before dispose() existed, the 11th failed
// chunk printed "MaxListenersExceededWarning: Possible EventTarget memory leak detected" on Node 20 (and Electron
// builds with its default); Node 24 no longer warns for AbortSignal by default, so the test sets the limit of 10
// back on the run's signal and also counts the listeners left on it. The real engine (session,
// runner, Mambu client, chunk writer, local destination) against the simulator; every chunk stages a part and then
// fails on its second page.
import { getEventListeners, setMaxListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { openSession } from '../../electron/engine/session';
import { runBackfill } from '../../electron/engine/runner';
import type { RunEvent } from '../../shared/run-types';
import { FAST, makeEvent, SIM_API_KEY, tempDir } from '../reliability/harness';
import { listFiles } from '../helpers/landed';

const CHUNKS = Number(process.env.LEAK_TEST_CHUNKS ?? 5_000);

let sim: Simulator;
beforeAll(async () => {
  // ~24 records per hour, so every 1-hour chunk has a second page to fail on.
  sim = await startSimulator({ seed: 5, start: '2024-01-01', end: '2024-08-01', perDay: { 'loans/transactions': 576 } });
});
afterAll(async () => sim?.close());

describe('listeners across failing chunks', () => {
  it(`${CHUNKS.toLocaleString('en-US')} failing chunks: no MaxListenersExceededWarning, nothing left staged`, async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const out = await tempDir('leak-out');
      const start = new Date('2024-01-01T00:00:00Z');
      const end = new Date(start.getTime() + CHUNKS * 3_600_000);
      const fmt = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
      const event = makeEvent({ start_date: fmt(start), end_date: fmt(end), chunk_hours: 1 });
      // Page 1 (offset 0) is served, page 2 (offset 8: pages of 10 overlap by 2) fails: 400 is not retried.
      sim.faults.add({ kind: 'status', status: 400, endpoint: 'loans/transactions:search', minOffset: 8, times: Infinity });
      // The runner without a journal (a journal rewrite per chunk would dominate 5,000 chunks' time).
      const session = await openSession({
        connection: {
          name: 'simulator',
          baseUrl: sim.url,
          authKind: 'apiKey',
          username: '',
          timezone: 'UTC',
          pageSize: 10,
          requestsPerSecond: 0,
          timeoutSeconds: 60,
        },
        secret: SIM_API_KEY,
        destination: { kind: 'local', name: 'tmp', path: out },
        connectionOverrides: FAST,
      });
      const events: RunEvent[] = [];
      const run = new AbortController();
      setMaxListeners(10, run.signal);
      const record = await runBackfill({
        event,
        source: session.source,
        destination: session.destination,
        context: session.context,
        onEvent: (e) => e.type === 'page-fetched' && events.push(e),
        signal: run.signal,
        partRows: 5,
      }).finally(() => session.close());
      expect(record.chunks).toHaveLength(CHUNKS);
      expect(record.chunks.filter((c) => c.status === 'failed')).toHaveLength(CHUNKS);
      // Each chunk had staged a part before its failure (5-row parts, 10-record first page)…
      expect(events.length).toBe(CHUNKS);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
      expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
      // …and discarded it: no object, not even a hidden one.
      expect(await listFiles(out)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      sim.faults.clear();
    }
  }, 600_000);
});
