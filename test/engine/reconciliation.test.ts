// Every record of a chunk accounted for (issue 8 item 6) and the paging bugs of item 7, against the real simulator,
// the real client and runner, and a local destination read back by its Parquet footers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { makeEvent, runEngine, tempDir } from '../reliability/harness';
import { landedRows } from '../helpers/landed';

const LT = 'loans/transactions:search';
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 8 });
});
afterAll(async () => sim?.close());

const local = async (name: string) => ({ kind: 'local' as const, name: 'tmp', path: await tempDir(name) });
const day = (d: string) => new Date(`${d}T00:00:00Z`);

describe('reconciliation', () => {
  it('counts the record the server returns outside the window (BETWEEN includes the end) and every other one', async () => {
    sim.faults.clear();
    const event = makeEvent({ start_date: '2025-01-01 00:00:00', end_date: '2025-01-03 00:00:00' });
    const run = await runEngine({ sim, event, destination: await local('recon-out'), runsDir: await tempDir('recon-runs') });
    for (const [i, chunk] of run.record.chunks.entries()) {
      const truth = sim.truth.window(LT, 'creationDate', day(`2025-01-0${i + 1}`), day(`2025-01-0${i + 2}`)).length;
      // The next day's first record sits exactly on midnight: BETWEEN [start, end] sends it, the window cut drops it.
      const onEnd = sim.truth.window(
        LT,
        'creationDate',
        day(`2025-01-0${i + 2}`),
        new Date(day(`2025-01-0${i + 2}`).getTime() + 1000),
      ).length;
      expect(onEnd).toBeGreaterThan(0);
      expect(chunk.status).toBe('success');
      expect(chunk.reconciliation).toEqual({
        reported: truth + onEnd,
        fetched: truth + onEnd,
        kept: truth,
        outsideWindow: onEnd,
        duplicates: 0,
        rowsWritten: truth,
      });
      expect(chunk.warningDetails).toContainEqual(expect.objectContaining({ kind: 'outside-window', count: onEnd }));
      expect(chunk.warnings.join('\n')).toMatch(new RegExp(`${onEnd} record\\(s\\) Mambu returned lie outside this chunk's window`));
    }
    // The journal keeps the ChunkResult as is.
    const journaled = run.events
      .filter((e) => e.type === 'chunk-done')
      .map((e) => (e as { result: { reconciliation?: unknown } }).result.reconciliation);
    expect(journaled).toEqual(run.record.chunks.map((c) => c.reconciliation));
  });

  it('fails the chunk with the numbers when Mambu reports a total that nothing explains', async () => {
    sim.faults.clear();
    const event = makeEvent({ start_date: '2025-01-05 00:00:00', end_date: '2025-01-06 00:00:00' });
    // Every answer for this window says one more record than it has, including the re-ask at the end.
    sim.faults.add({ kind: 'wrong-total', endpoint: LT, windowStart: '2025-01-05', times: Infinity, totalDelta: 1 });
    const run = await runEngine({ sim, event, destination: await local('recon-total'), runsDir: await tempDir('recon-runs2') });
    sim.faults.clear();
    const chunk = run.record.chunks[0]!;
    const fetched = sim.truth.window(LT, 'creationDate', day('2025-01-05'), new Date(day('2025-01-06').getTime() + 1000)).length;
    expect(chunk.status).toBe('failed');
    expect(chunk.error).toMatch(new RegExp(`Mambu reported ${fetched + 1} record\\(s\\) for .* but ${fetched} came back`));
  });

  it('accepts a total that changed while paging once the re-asked total matches', async () => {
    sim.faults.clear();
    const event = makeEvent({ start_date: '2025-01-07 00:00:00', end_date: '2025-01-08 00:00:00' });
    sim.faults.add({ kind: 'wrong-total', endpoint: LT, windowStart: '2025-01-07', offset: 0, times: 1, totalDelta: -1 });
    const run = await runEngine({ sim, event, destination: await local('recon-retotal'), runsDir: await tempDir('recon-runs3') });
    const chunk = run.record.chunks[0]!;
    expect(chunk.status).toBe('success');
    expect(chunk.reconciliation!.reported).toBe(chunk.reconciliation!.fetched);
  });
});

describe('paging bugs', () => {
  it('a server that ignores offset fails the chunk with a clear reason instead of paging forever', async () => {
    sim.faults.clear();
    sim.faults.add({ kind: 'ignore-offset', endpoint: LT, times: Infinity });
    const before = sim.requests.length;
    const event = makeEvent({ start_date: '2025-01-10 00:00:00', end_date: '2025-01-11 00:00:00' });
    const run = await runEngine({ sim, event, destination: await local('ignore-offset'), runsDir: await tempDir('io-runs') });
    sim.faults.clear();
    const chunk = run.record.chunks[0]!;
    expect(chunk.status).toBe('failed');
    expect(chunk.error).toMatch(/answered offset \d+ with the same records as the previous page: the server ignores the offset parameter/);
    expect(sim.requests.length - before).toBeLessThan(10); // the setup check, two pages (and perhaps one prefetch)
  });

  it('the cdc field in any letter case is the endpoint spelling: records land on their own birth date', async () => {
    sim.faults.clear();
    const event = makeEvent({
      table_name: 'mambu_clients',
      endpoint: 'mambu:clients:search',
      cdc_field: 'birthdate',
      start_date: '1987-04-01 00:00:00',
      end_date: '1987-05-01 00:00:00',
      chunk_hours: 24 * 30,
    });
    expect(event.cdc_field).toBe('birthDate');
    const dest = await local('birthdate');
    const run = await runEngine({ sim, event, destination: dest, runsDir: await tempDir('bd-runs') });
    expect(run.record.chunks[0]!.status).toBe('success');
    const truth = sim.truth.window('clients:search', 'birthDate', day('1987-04-01'), day('1987-05-01'));
    expect(truth.length).toBeGreaterThan(0);
    const rows = await landedRows(dest.path, 'mambu_clients');
    expect(rows.length).toBe(truth.length);
    for (const r of rows) {
      const birth = r.row.birth_date as Date | number; // DATE: the reader gives epoch ms
      const iso = new Date(birth instanceof Date ? birth.getTime() : Number(birth)).toISOString().slice(0, 10);
      expect(r.partition).toBe(iso.replaceAll('-', ''));
    }
    // Mambu's filter enum spells it `birthdate`: that is what went over the wire.
    const body = sim.requests.at(-1)!.body as { filterCriteria: Array<{ field: string }> };
    expect(body.filterCriteria[0]!.field).toBe('birthdate');
  });
});

describe('auto_schema across runs', () => {
  it("a second run keeps the types the table's files already have; a value that does not fit is counted, not a new type", async () => {
    const own = await startSimulator({ seed: 21, perDay: 12 });
    try {
      const dest = await local('sticky');
      const event = (start: string, end: string) =>
        makeEvent({ table_name: 'custom_auto', auto_schema: 'True', start_date: start, end_date: end });
      // Window A: every fee is a whole number, so the original's rules say int.
      const first = await runEngine({
        sim: own,
        event: event('2025-01-02 00:00:00', '2025-01-03 00:00:00'),
        destination: dest,
        runsDir: await tempDir('sticky-1'),
      });
      expect(first.record.chunks[0]!.status).toBe('success');
      // Window B, a later run: one fee has a fraction — alone it would infer double.
      const inB = own.truth.window(LT, 'creationDate', day('2025-01-03'), day('2025-01-04'));
      own.truth.update(LT, String(inB[3]!.encodedKey), { affectedAmounts: { ...(inB[3]!.affectedAmounts as object), feesAmount: 2.5 } });
      const second = await runEngine({
        sim: own,
        event: event('2025-01-03 00:00:00', '2025-01-04 00:00:00'),
        destination: dest,
        runsDir: await tempDir('sticky-2'),
      });
      const chunk = second.record.chunks[0]!;
      expect(chunk.status).toBe('success');
      expect(
        second.events.some((e) => e.type === 'log' && /auto_schema keeps the \d+ column types its Parquet files already have/.test(e.line)),
      ).toBe(true);
      expect(chunk.warningDetails).toContainEqual(
        expect.objectContaining({ kind: 'cast-failure', column: 'affected_amounts_fees_amount', count: 1 }),
      );
      const rows = await landedRows(dest.path, 'custom_auto');
      const fees = rows.filter((r) => r.partition === '20250103').map((r) => r.row.affected_amounts_fees_amount);
      expect(fees.filter((v) => v === null)).toHaveLength(1); // the 2.5: reported, never silently widened
      expect(fees.every((v) => v === null || Number.isInteger(v))).toBe(true);
    } finally {
      await own.close();
    }
  });
});
