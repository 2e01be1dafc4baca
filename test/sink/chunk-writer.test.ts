import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChunkWriter } from '../../electron/engine/sink/chunk-writer';
import { createLocalDestination } from '../../electron/engine/sink/local';
import { createOutputRunState } from '../../electron/engine/transform/run-state';
import type { ChunkWriterOptions, Destination, MambuRecord } from '../../electron/engine/types';
import { BUILTIN_CATALOG } from '../../shared/catalog/tables';
import type { BackfillEvent } from '../../shared/event/schema';
import type { PlannedChunk } from '../../shared/plan';
import { loanTransactions, loanTxEvent, readTable, windowChunk, withoutExtracted } from './chunk-helpers';

const T = 'mambu_loan_transactions';
const newDest = async () => createLocalDestination(await mkdtemp(join(tmpdir(), 'chunks-')));

function opts(dest: Destination, event: BackfillEvent, chunk: PlannedChunk, extra: Partial<ChunkWriterOptions> = {}): ChunkWriterOptions {
  return {
    event,
    chunk,
    destination: dest,
    catalog: BUILTIN_CATALOG,
    extractedAt: new Date('2025-06-01T12:00:00Z'),
    runDate: new Date('2025-06-01T12:00:00Z'),
    partRows: 1000,
    partBytes: 64 * 1024 * 1024,
    signal: new AbortController().signal,
    ...extra,
  };
}

async function runChunk(
  dest: Destination,
  event: BackfillEvent,
  chunk: PlannedChunk,
  records: MambuRecord[],
  extra: Partial<ChunkWriterOptions> = {},
  batch = 100,
) {
  const w = createChunkWriter(opts(dest, event, chunk, extra));
  for (let i = 0; i < records.length; i += batch) await w.write(records.slice(i, i + batch));
  return w.commit();
}

const sortRows = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.encoded_key).localeCompare(String(b.encoded_key)));

describe('chunk writer', () => {
  it('a publish that fails at commit: the commit fails and the writer names exactly the parts made visible', async () => {
    const base = await newDest();
    let calls = 0;
    let puts = 0;
    // Parts are published several at a time; the second one fails after the others have had time to land. The
    // parts finished during the commit are written visible directly (put), meanwhile.
    const dest: Destination = {
      ...base,
      put: async (key, body, signal) => {
        puts++;
        return base.put(key, body, signal);
      },
      publish: async (part, signal) => {
        const n = ++calls;
        if (n === 2) {
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('publish refused');
        }
        return base.publish(part, signal);
      },
    };
    const chunk = windowChunk('2025-01-01 00:00:00', '2025-01-03 00:00:00');
    const w = createChunkWriter(opts(dest, loanTxEvent(), chunk, { partRows: 10 }));
    await w.write(loanTransactions('2025-01-01 00:00:00', '2025-01-03 00:00:00', 50));
    await expect(w.commit()).rejects.toThrow('publish refused');
    const visible = (await base.list(`${T}/`, new AbortController().signal)).filter((k) => k.endsWith('.parquet'));
    const named = (await w.objectsWritten()).map((uri) => uri.slice(uri.indexOf(`${T}/`)));
    expect(calls).toBeGreaterThan(2);
    expect(named.sort()).toEqual(visible.sort());
    expect(visible.length).toBe(calls - 1 + puts);
    await w.dispose();
  });

  it('writes deterministic Hive-partitioned names, one part series per partition', async () => {
    const dest = await newDest();
    const event = loanTxEvent();
    const chunk = windowChunk('2025-01-01 00:00:00', '2025-01-03 00:00:00');
    const commit = await runChunk(dest, event, chunk, loanTransactions('2025-01-01 00:00:00', '2025-01-03 00:00:00', 50), { partRows: 10 });
    expect(commit.records).toBe(50);
    // Read back from the six objects' footers; the columns and date= partitions a table registry must know.
    expect(commit.rowsWritten).toBe(50);
    expect(commit.partitions).toEqual(['20250101', '20250102']);
    expect(commit.columns).toMatchObject({
      encoded_key: 'string',
      creation_date: 'timestamp',
      amount: 'double',
      timestamp_extracted: 'timestamp',
    });
    const keys = await dest.list('', new AbortController().signal);
    const names = (day: string) => [0, 1, 2].map((p) => `${T}/date=${day}/w20250101T000000Z-20250103T000000Z-part-0000${p}.snappy.parquet`);
    expect(keys).toEqual([...names('20250101'), ...names('20250102')]);
    // Full parts go out as they fill; the remainders at commit, partition by partition.
    expect(commit.objects.map((u) => u.slice(dest.uri.length))).toEqual([
      names('20250101')[0],
      names('20250101')[1],
      names('20250102')[0],
      names('20250102')[1],
      names('20250101')[2],
      names('20250102')[2],
    ]);
  });

  it('transforms as the original: snake_case, flattening, cleaning, types; nulls stay null; no date column inside', async () => {
    const dest = await newDest();
    const event = loanTxEvent({ rename_columns: [{ encoded_key: 'transaction_key' }] });
    const chunk = windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00');
    const commit = await runChunk(dest, event, chunk, loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', 10));
    const [obj] = await readTable(dest, T);
    const r0 = obj!.rows[0]!;
    expect(Object.keys(r0)).toEqual([
      // catalog order (the renamed encoded_key keeps its type and place)…
      'transaction_key',
      'id',
      'creation_date',
      'value_date',
      'type',
      'amount',
      'affected_amounts_principal_amount',
      'affected_amounts_interest_amount',
      'notes',
      // …then drift sorted, engine column last
      'custom_information_0_custom_field_id',
      'custom_information_0_value',
      'timestamp_extracted',
    ]);
    expect(r0).not.toHaveProperty('date');
    expect(r0.transaction_key).toBe('8a0000000');
    expect(r0.amount).toBeNull(); // i = 0: amount null — not 0
    expect(r0.notes).toBe('line one line two');
    expect(r0.creation_date).toEqual(new Date('2025-01-01T00:00:00Z'));
    expect(r0.affected_amounts_principal_amount).toBe(0);
    expect(r0.timestamp_extracted).toEqual(new Date('2025-06-01T12:00:00Z'));
    expect(obj!.rows[1]!.amount).toBe(100.25);
    expect(commit.schemaDrift).toEqual(['custom_information_0_custom_field_id', 'custom_information_0_value']);
  });

  it('re-running a chunk replaces it exactly: same names, no duplicates, no stale parts, same content', async () => {
    const dest = await newDest();
    const event = loanTxEvent();
    const chunk = windowChunk('2025-01-01 00:00:00', '2025-01-03 00:00:00');
    const records = loanTransactions('2025-01-01 00:00:00', '2025-01-03 00:00:00', 120);
    await runChunk(dest, event, chunk, records, { partRows: 7 }); // many small parts
    const first = await readTable(dest, T);
    await runChunk(dest, event, chunk, records, { partRows: 7, extractedAt: new Date('2025-07-01T00:00:00Z') });
    const second = await readTable(dest, T);
    expect(second.map((o) => o.key)).toEqual(first.map((o) => o.key));
    expect(second.map((o) => withoutExtracted(o.rows))).toEqual(first.map((o) => withoutExtracted(o.rows)));
    expect(second[0]!.rows[0]!.timestamp_extracted).toEqual(new Date('2025-07-01T00:00:00Z'));

    // A third run with bigger parts: fewer objects, the old higher-numbered parts are gone, rows exactly once.
    const commit = await runChunk(dest, event, chunk, records, { partRows: 1000 });
    const third = await readTable(dest, T);
    expect(third.map((o) => o.key)).toEqual([
      `${T}/date=20250101/w20250101T000000Z-20250103T000000Z-part-00000.snappy.parquet`,
      `${T}/date=20250102/w20250101T000000Z-20250103T000000Z-part-00000.snappy.parquet`,
    ]);
    const all = third.flatMap((o) => o.rows);
    expect(all).toHaveLength(120);
    expect(new Set(all.map((r) => r.encoded_key)).size).toBe(120);
    expect(sortRows(withoutExtracted(all))).toEqual(sortRows(withoutExtracted(first.flatMap((o) => o.rows))));
    expect(commit.objects).toHaveLength(2);
  });

  it('reset() forgets what was written: parts from before the reset do not survive the commit', async () => {
    const dest = await newDest();
    const event = loanTxEvent();
    const chunk = windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00');
    const w = createChunkWriter(opts(dest, event, chunk, { partRows: 5 }));
    await w.write(loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', 23, 1)); // 4 parts put, 3 rows buffered
    // The last part's upload may still be in flight after write(); reset() waits for it, then discards every
    // staged part: none was ever visible, none is left behind.
    expect((await dest.list(`${T}/`, new AbortController().signal)).length).toBe(0);
    await w.reset();
    expect((await dest.list(`${T}/`, new AbortController().signal)).length).toBe(0);
    expect(await dest.listStaged(`${T}/`, new AbortController().signal)).toEqual([]);
    const again = loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', 8, 2);
    await w.write(again);
    const commit = await w.commit();
    expect(commit.records).toBe(8);
    const objs = await readTable(dest, T);
    expect(objs.map((o) => o.key.split('/').pop())).toEqual([
      'w20250101T000000Z-20250102T000000Z-part-00000.snappy.parquet',
      'w20250101T000000Z-20250102T000000Z-part-00001.snappy.parquet',
    ]);
    expect(
      objs
        .flatMap((o) => o.rows)
        .map((r) => r.encoded_key)
        .sort(),
    ).toEqual(again.map((r) => r.encodedKey).sort());
  });

  it("rowsWritten comes from the committed objects' footers: a tail read per object, never the whole file", async () => {
    const dest = await newDest();
    const reads: Array<number | undefined> = [];
    const watched: Destination = {
      ...dest,
      read: (key, signal, tail) => {
        reads.push(tail);
        return dest.read(key, signal, tail);
      },
    };
    const chunk = windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00');
    const w = createChunkWriter(opts(watched, loanTxEvent(), chunk, { partRows: 40 }));
    await w.write(loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', 100));
    const commit = await w.commit();
    expect(commit.rowsWritten).toBe(100);
    expect(reads).toEqual([65536, 65536, 65536]);
    // A footer that does not say what the chunk wrote is what reconciliation catches: corrupt one object's footer.
    const [first] = await dest.list(`${T}/`, new AbortController().signal);
    const { readFooter } = await import('../../electron/engine/transform/parquet-footer');
    await writeFile(dest.uriOf(first!), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    await expect(readFooter(dest, first!, new AbortController().signal)).rejects.toThrow(/cannot read the Parquet footer of .*part-00000/);
  });

  it('a chunk with zero records writes nothing and removes what an earlier run left', async () => {
    const dest = await newDest();
    const event = loanTxEvent();
    const chunk = windowChunk('2025-01-01 00:00:00', '2025-01-03 00:00:00');
    await runChunk(dest, event, chunk, loanTransactions('2025-01-01 00:00:00', '2025-01-03 00:00:00', 30));
    expect((await dest.list('', new AbortController().signal)).length).toBe(2);
    const w = createChunkWriter(opts(dest, event, chunk));
    const commit = await w.commit();
    expect(commit).toEqual({
      records: 0,
      objects: [],
      rowsWritten: 0,
      columns: {},
      partitions: [],
      warnings: [],
      schemaDrift: [],
      warningDetails: [],
    });
    expect(await dest.list('', new AbortController().signal)).toEqual([]);
  });

  it('re-chunking: a bigger window removes smaller windows inside it and warns about partial overlaps', async () => {
    const dest = await newDest();
    const event = loanTxEvent();
    const recs = loanTransactions('2025-01-01 00:00:00', '2025-01-03 00:00:00', 96);
    const inWin = (s: string, e: string) => recs.filter((r) => (r.creationDate as string) >= s && (r.creationDate as string) < e);
    // First run: 24-hour chunks.
    await runChunk(dest, event, windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00', 1), inWin('2025-01-01', '2025-01-02'));
    await runChunk(dest, event, windowChunk('2025-01-02 00:00:00', '2025-01-03 00:00:00', 2), inWin('2025-01-02', '2025-01-03'));
    // An unrelated window in a later partition must be left alone.
    await runChunk(
      dest,
      event,
      windowChunk('2025-01-03 00:00:00', '2025-01-04 00:00:00', 3),
      loanTransactions('2025-01-03 00:00:00', '2025-01-04 00:00:00', 5),
    );
    // Re-run with 48-hour chunks over the same period.
    const commit = await runChunk(dest, event, windowChunk('2025-01-01 00:00:00', '2025-01-03 00:00:00'), recs);
    expect(commit.warnings).toEqual([]);
    const objs = await readTable(dest, T);
    expect(objs.map((o) => o.key.replace(`${T}/`, ''))).toEqual([
      'date=20250101/w20250101T000000Z-20250103T000000Z-part-00000.snappy.parquet',
      'date=20250102/w20250101T000000Z-20250103T000000Z-part-00000.snappy.parquet',
      'date=20250103/w20250103T000000Z-20250104T000000Z-part-00000.snappy.parquet',
    ]);
    const inPeriod = objs.slice(0, 2).flatMap((o) => o.rows);
    expect(inPeriod).toHaveLength(96);
    expect(new Set(inPeriod.map((r) => r.encoded_key)).size).toBe(96);

    // A 12:00→12:00 chunk overlaps the 48-hour window and the 01-03 window only partly: both are rewritten without
    // the rows it now owns (none came back for it here), named for what remains of their windows.
    const partial = await runChunk(dest, event, windowChunk('2025-01-02 12:00:00', '2025-01-03 12:00:00'), []);
    expect(partial.warnings).toHaveLength(1);
    expect(partial.warnings[0]).toMatch(
      /2 object\(s\) of earlier runs overlapped this chunk's window partly; they were rewritten without its 27 row\(s\)/,
    );
    const after = await readTable(dest, T);
    expect(after.map((o) => o.key.replace(`${T}/`, ''))).toEqual([
      'date=20250101/w20250101T000000Z-20250103T000000Z-part-00000.snappy.parquet',
      'date=20250102/w20250102T000000Z-20250102T120000Z-part-00000.snappy.parquet',
      'date=20250103/w20250103T120000Z-20250104T000000Z-part-00000.snappy.parquet',
    ]);
    const kept = after
      .flatMap((o) => o.rows)
      .map((r) => r.encoded_key as string)
      .sort();
    const expected = [...recs, ...loanTransactions('2025-01-03 00:00:00', '2025-01-04 00:00:00', 5)]
      .filter((r) => !((r.creationDate as string) >= '2025-01-02T12' && (r.creationDate as string) < '2025-01-03T12'))
      .map((r) => r.encodedKey as string)
      .sort();
    expect(kept).toEqual(expected);
    // Same column types as before the rewrite.
    expect(after[1]!.rows[0]!.creation_date).toBeInstanceOf(Date);
    expect(typeof after[1]!.rows[0]!.affected_amounts_principal_amount).toBe('number');
  });

  it('a window strictly inside an earlier one splits it in two, named for what remains; rows without a cdc value stay', async () => {
    const dest = await newDest();
    const event = loanTxEvent();
    const recs = loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', 48);
    recs[47]!.creationDate = 'not a date'; // lands in the window's first day, owned by no window
    await runChunk(dest, event, windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00'), recs, { partRows: 30 });
    const inner = recs.filter((r) => (r.creationDate as string) >= '2025-01-01T06' && (r.creationDate as string) < '2025-01-01T12');
    expect(inner).toHaveLength(12);
    const commit = await runChunk(dest, event, windowChunk('2025-01-01 06:00:00', '2025-01-01 12:00:00'), inner);
    expect(commit.warnings.join(' ')).toMatch(
      /2 object\(s\) of earlier runs overlapped this chunk's window partly; they were rewritten without its 12 row\(s\)/,
    );
    const objs = await readTable(dest, T);
    expect(objs.map((o) => [o.key.split('/').pop(), o.rows.length])).toEqual([
      ['w20250101T000000Z-20250101T060000Z-part-00000.snappy.parquet', 12],
      ['w20250101T000000Z-20250101T060000Z-part-00001.snappy.parquet', 1], // part 1 held the 'not a date' record
      ['w20250101T060000Z-20250101T120000Z-part-00000.snappy.parquet', 12],
      ['w20250101T120000Z-20250102T000000Z-part-00000.snappy.parquet', 6],
      ['w20250101T120000Z-20250102T000000Z-part-00001.snappy.parquet', 17],
    ]);
    const keys = objs.flatMap((o) => o.rows.map((r) => r.encoded_key));
    expect(keys).toHaveLength(48);
    expect(new Set(keys).size).toBe(48);
  });

  it('leaves objects it did not name, and says so', async () => {
    const dest = await newDest();
    await dest.put(`${T}/date=20250101/3f2a9c.snappy.parquet`, new Uint8Array([1]), new AbortController().signal);
    const commit = await runChunk(
      dest,
      loanTxEvent(),
      windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00'),
      loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', 3),
    );
    expect(commit.warnings.some((w) => /1 object\(s\) not named by mambu-backfill.*3f2a9c\.snappy\.parquet/.test(w))).toBe(true);
    expect(await dest.list(`${T}/`, new AbortController().signal)).toContain(`${T}/date=20250101/3f2a9c.snappy.parquet`);
  });

  it('flushes parts while writing, so memory stays bounded by partRows / partBytes', async () => {
    const dest = await newDest();
    const sizes: number[] = [];
    const counting: Destination = {
      ...dest,
      stage: async (key, body, signal) => {
        sizes.push(body.byteLength);
        return dest.stage(key, body, signal);
      },
    };
    const event = loanTxEvent();
    const chunk = windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00');
    const w = createChunkWriter(opts(counting, event, chunk, { partRows: 10 }));
    const recs = loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', 95);
    await w.write(recs.slice(0, 50));
    expect(sizes).toHaveLength(5); // flushed during write, not held until commit
    await w.write(recs.slice(50));
    expect(sizes).toHaveLength(9);
    await w.commit();
    const objs = await readTable(dest, T);
    expect(objs.map((o) => o.rows.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);

    // The byte budget alone also forces parts out (a record here is a few hundred bytes).
    const dest2 = await newDest();
    const w2 = createChunkWriter(opts(dest2, event, chunk, { partRows: 1_000_000, partBytes: 4000 }));
    await w2.write(recs);
    const flushedDuringWrite = (await dest2.listStaged('', new AbortController().signal)).length;
    expect(flushedDuringWrite).toBeGreaterThan(3);
    const c2 = await w2.commit();
    expect(c2.records).toBe(95);
    const rows2 = (await readTable(dest2, T)).flatMap((o) => o.rows);
    expect(rows2).toHaveLength(95);
  });

  it('reports cast failures as warnings (value → null) and never silently', async () => {
    const dest = await newDest();
    const recs = loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', 4);
    recs[1]!.amount = 'n/a';
    recs[2]!.amount = 'also bad';
    recs[3]!.valueDate = 'yesterday';
    const commit = await runChunk(dest, loanTxEvent(), windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00'), recs);
    expect(commit.warnings).toEqual([
      expect.stringMatching(
        /^column amount: 2 value\(s\) could not be read as double and were written as null \(the column stays double\)/,
      ),
      expect.stringMatching(/^column value_date: 1 value\(s\) could not be read as timestamp /),
    ]);
    // Never a value in a warning: banking data.
    expect(JSON.stringify(commit)).not.toMatch(/n\/a|also bad|yesterday/);
    expect(commit.warningDetails?.filter((d) => d.kind === 'cast-failure').map(({ column, count }) => [column, count])).toEqual([
      ['amount', 2],
      ['value_date', 1],
    ]);
    const rows = (await readTable(dest, T))[0]!.rows;
    expect(rows.map((r) => r.amount)).toEqual([null, null, null, 100.75]);
    expect(rows[3]!.value_date).toBeNull();
  });

  it('fails the chunk naming both source fields when two map to one column', async () => {
    const dest = await newDest();
    const w = createChunkWriter(opts(dest, loanTxEvent(), windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00')));
    await expect(w.write([{ creationDate: '2025-01-01T01:00:00Z', valueDate: 'x', value_date: 'y' }])).rejects.toThrowError(
      /source fields valueDate and value_date both map to column value_date/,
    );
  });

  it('auto_schema: inferred types stick for the whole run, so every part agrees', async () => {
    const dest = await newDest();
    const event = loanTxEvent({ auto_schema: 'True', table_name: 'custom_table' });
    const state = createOutputRunState(event, BUILTIN_CATALOG);
    const c1 = await runChunk(
      dest,
      event,
      windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00'),
      [{ creationDate: '2025-01-01T01:00:00Z', score: 1, flag: true, day: '2025-01-01', label: null }],
      { state },
    );
    expect(c1.schemaDrift).toEqual([]);
    const c2 = await runChunk(
      dest,
      event,
      windowChunk('2025-01-02 00:00:00', '2025-01-03 00:00:00'),
      [{ creationDate: '2025-01-02T01:00:00Z', score: 'high', flag: false, day: '2025-01-02', label: 'x' }],
      { state },
    );
    expect(c2.warnings).toEqual([expect.stringMatching(/^column score: 1 value\(s\) could not be read as int /)]);
    const objs = await readTable(dest, 'custom_table');
    expect(objs[0]!.rows[0]).toMatchObject({
      score: 1,
      flag: true,
      day: new Date('2025-01-01T00:00:00Z'),
      creation_date: new Date('2025-01-01T01:00:00Z'),
    });
    expect(objs[0]!.rows[0]).not.toHaveProperty('label'); // all-null and undecided: left out of that part
    expect(objs[1]!.rows[0]).toMatchObject({ score: null, flag: false, label: 'x' });
    expect(state.types.inferredTypes()).toEqual({
      creation_date: 'timestamp',
      day: 'date',
      flag: 'boolean',
      label: 'string',
      score: 'int',
    });
  });

  it('shares run state between chunks of one run by default (same event object)', async () => {
    const dest = await newDest();
    const event = loanTxEvent({ auto_schema: true, table_name: 'custom_table' });
    await runChunk(dest, event, windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00'), [
      { creationDate: '2025-01-01T01:00:00Z', n: 1 },
    ]);
    const c2 = await runChunk(dest, event, windowChunk('2025-01-02 00:00:00', '2025-01-03 00:00:00'), [
      { creationDate: '2025-01-02T01:00:00Z', n: 'text' },
    ]);
    expect(c2.warnings).toEqual([expect.stringMatching(/^column n: 1 value\(s\) could not be read as int/)]);
  });

  it('snapshot chunks go to the run date partition under the snapshot key', async () => {
    const dest = await newDest();
    const v = (await import('../../shared/event/schema')).validateEvent({
      table_name: 'mambu_users',
      endpoint: 'users',
      request_type: 'Get',
      start_date: '2025-01-01 00:00:00',
      end_date: '2025-01-10 00:00:00',
    });
    if (!v.ok) throw new Error('bad event');
    const snap: PlannedChunk = { index: 1, start: '2025-01-01 00:00:00', end: '2025-01-10 00:00:00', kind: 'snapshot' };
    const commit = await runChunk(dest, v.event, snap, [{ encodedKey: 'u1', username: 'ann', creationDate: '2020-01-01T00:00:00Z' }], {
      runDate: new Date('2025-06-01T23:59:59Z'),
    });
    expect(commit.objects.map((u) => u.slice(dest.uri.length))).toEqual(['mambu_users/date=20250601/snapshot-part-00000.snappy.parquet']);
  });

  it('records without a readable cdc value are kept (first partition of the window) and reported', async () => {
    const dest = await newDest();
    const commit = await runChunk(dest, loanTxEvent(), windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00'), [
      { encodedKey: 'k', id: '1' },
    ]);
    expect(commit.records).toBe(1);
    expect(commit.warnings).toEqual([
      expect.stringMatching(/1 record\(s\) had no readable creationDate date; they were written to partition date=20250101/),
    ]);
  });
});
