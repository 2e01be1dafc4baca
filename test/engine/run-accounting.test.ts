// What a run reports matches what happened at the server: a failed chunk's true attempts, pages and retries, every
// retry logged with its reason and wait and counted as a warning, the setup check's requests in the totals; a
// cancel is recorded as 'cancelled'; a setup failure leaves no row pending.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { JournalStore } from '../../electron/engine/store';
import { runTotals } from '../../shared/summary';
import type { RunEvent } from '../../shared/run-types';
import { makeEvent, runEngine, tempDir } from '../reliability/harness';

let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator({ seed: 5, perDay: 25 });
});
afterEach(() => sim.close());

const logLines = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'log' ? [`${e.level} ${e.line}`] : []));

describe('run accounting', () => {
  it("counts every request the server received, and a failed chunk's true attempts and retries", async () => {
    // Chunk 2 never answers (503 every time); chunk 3's second page fails once, then works.
    sim.faults.add({
      kind: 'status',
      status: 503,
      endpoint: 'loans/transactions:search',
      windowStart: '2025-01-02T00:00:00Z',
      times: Infinity,
    });
    sim.faults.add({
      kind: 'status',
      status: 503,
      endpoint: 'loans/transactions:search',
      windowStart: '2025-01-03T00:00:00Z',
      minOffset: 1,
      times: 1,
    });
    const runsDir = await tempDir('accounting');
    const { record, journal, events } = await runEngine({
      sim,
      event: makeEvent({}),
      destination: { kind: 'local', name: 'out', path: await tempDir('out') },
      runsDir,
    });

    const [c1, c2, c3] = record.chunks;
    expect(c1!.status).toBe('success');
    expect(c2!.status).toBe('failed');
    // maxRetries 3 (FAST): 4 attempts, 3 retries, no page came back.
    expect(c2!.error).toMatch(/gave up after 4 attempts/);
    expect(c2!.requests).toBe(4);
    expect(c2!.retries).toBe(3);
    expect(c2!.pages).toBe(0);
    expect(c2!.warningDetails).toContainEqual(
      expect.objectContaining({ kind: 'retry', count: 3, message: expect.stringMatching(/3× HTTP 503/) }),
    );
    expect(c3!.status).toBe('success');
    expect(c3!.retries).toBe(1);
    expect(c3!.pages).toBeGreaterThan(1);
    expect(c3!.warningDetails).toContainEqual(expect.objectContaining({ kind: 'retry', count: 1 }));

    // Each retry is a log line with its reason and its wait.
    const retries = logLines(events).filter((l) => /retry \d of 3/.test(l));
    expect(retries).toHaveLength(4);
    expect(retries[0]).toMatch(/^WARNING Chunk 2: retry 1 of 3 \(page at offset 0\) in \d+\.\d s: .*503/);
    expect(retries[3]).toMatch(/^WARNING Chunk 3: retry 1 of 3 \(page at offset 8\) in /);

    // The warning count closes the log, so a ✓ run with warnings does not read as clean.
    expect(logLines(events).at(-1)).toMatch(/^WARNING \d+ warning\(s\) in \d of 3 chunks/);

    // The totals: what the server received, setup check included.
    const done = events.find((e) => e.type === 'run-done') as Extract<RunEvent, { type: 'run-done' }>;
    expect(done.totals.requests + done.totals.setupRequests).toBe(sim.requests.length);
    // The setup check's request is chunk 1's first page (same offset, limit and Items-Total ask): chunk 1 starts
    // from it, so that page is asked for once, and the request counts for chunk 1, not for the setup.
    expect(done.totals.setupRequests).toBe(0);
    const windowOf = (r: (typeof sim.requests)[number]) =>
      (r.body as { filterCriteria?: Array<{ value?: string }> })?.filterCriteria?.[0]?.value;
    const chunk1 = sim.requests.filter((r) => windowOf(r)?.startsWith('2025-01-01'));
    expect(sim.requests[0]).toMatchObject({ query: { offset: '0', limit: String(chunk1[1]!.query.limit), paginationDetails: 'ON' } });
    expect(chunk1.filter((r) => r.query.offset === '0')).toHaveLength(1);
    expect(c1!.requests).toBe(chunk1.length);
    expect(c1!.pages).toBe(chunk1.length);
    expect(done.totals.retries).toBe(4);
    expect(done.totals.warnings).toBeGreaterThanOrEqual(2);
    expect(done.outcome).toBe('completed');
    // Duration is the run's wall time; the chunks' own durations are summed apart.
    expect(done.totals.durationMs).toBe(Date.parse(record.finishedAt!) - Date.parse(record.startedAt));
    expect(done.totals.chunkTimeMs).toBe(record.chunks.reduce((a, c) => a + c.durationMs, 0));

    // The journal keeps it all, and History shows the warning count.
    expect(journal.setupRequests).toBe(done.totals.setupRequests);
    expect(runTotals(journal.chunks, journal)).toMatchObject({ requests: done.totals.requests, retries: 4 });
    const [summary] = await new JournalStore(runsDir).list();
    expect(summary!.readable && summary!.summary).toMatchObject({ warnings: done.totals.warnings, statusLabel: 'Partial Success' });
  });

  it('records a cancel as Cancelled, not as a failure', async () => {
    const ctrl = new AbortController();
    const runsDir = await tempDir('cancel');
    const { record, journal, events } = await runEngine({
      sim,
      event: makeEvent({ chunk_hours: 12 }),
      destination: { kind: 'local', name: 'out', path: await tempDir('out') },
      runsDir,
      signal: ctrl.signal,
      onEvent: (e) => e.type === 'chunk-done' && e.result.index === 1 && ctrl.abort(new Error('Cancelled by the user')),
    });
    expect(record.outcome).toBe('cancelled');
    expect(journal.outcome).toBe('cancelled');
    expect(record.chunks.filter((c) => c.status === 'cancelled').length).toBe(record.chunks.length - 1);
    const done = events.find((e) => e.type === 'run-done') as Extract<RunEvent, { type: 'run-done' }>;
    expect(done.outcome).toBe('cancelled');
    const [summary] = await new JournalStore(runsDir).list();
    expect(summary!.readable && summary!.summary).toMatchObject({ outcome: 'cancelled', statusLabel: 'Cancelled' });
  });

  it('marks every row when the setup check fails (an unknown endpoint): none stays pending', async () => {
    const runsDir = await tempDir('setup');
    const { record, journal } = await runEngine({
      sim,
      event: makeEvent({ endpoint: 'loan/transaction:search' }),
      destination: { kind: 'local', name: 'out', path: await tempDir('out') },
      runsDir,
    });
    expect(record.status).toBe(1);
    expect(record.fatalError).toMatch(/404|not found|unknown/i);
    for (const c of [record.chunks, journal.chunks].flat()) {
      expect(c.status).toBe('failed');
      expect(c.error).toMatch(/^Not run: the setup check failed: /);
    }
    expect(journal.setupRequests).toBe(sim.requests.length);
  });
});
