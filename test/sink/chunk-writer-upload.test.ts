// Part uploads overlap fetching: at most one in flight, a failed upload fails the chunk, commit returns only after
// every object is written, and reset waits for the dropped attempt's upload. A real local destination, with
// staging uploads slowed down or failed by a wrapper (the fault is injected, the writing is real).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChunkWriter } from '../../electron/engine/sink/chunk-writer';
import { createLocalDestination } from '../../electron/engine/sink/local';
import type { Destination } from '../../electron/engine/types';
import { BUILTIN_CATALOG } from '../../shared/catalog/tables';
import { loanTransactions, loanTxEvent, readTable, windowChunk } from './chunk-helpers';

const T = 'mambu_loan_transactions';
const DAY = ['2025-01-01 00:00:00', '2025-01-02 00:00:00'] as const;

interface Watched extends Destination {
  inFlight: number;
  maxInFlight: number;
  finished: string[];
}

async function watched(opts: { delayMs?: number; failPart?: number } = {}): Promise<Watched> {
  const real = createLocalDestination(await mkdtemp(join(tmpdir(), 'uploads-')));
  let uploads = 0;
  // Every part upload, staged (while paging) or written visible (once the commit began), is slowed or failed alike.
  const upload = async <T>(key: string, write: () => Promise<T>): Promise<T> => {
    const n = uploads++;
    d.inFlight++;
    d.maxInFlight = Math.max(d.maxInFlight, d.inFlight);
    try {
      await new Promise((r) => setTimeout(r, opts.delayMs ?? 0));
      if (n === opts.failPart) throw new Error(`PutObject ${key} failed: SlowDown (503)`);
      const out = await write();
      d.finished.push(key);
      return out;
    } finally {
      d.inFlight--;
    }
  };
  const d: Watched = {
    ...real,
    inFlight: 0,
    maxInFlight: 0,
    finished: [],
    stage: (key, body, signal) => upload(key, () => real.stage(key, body, signal)),
    put: (key, body, signal) => upload(key, () => real.put(key, body, signal)),
  };
  return d;
}

function writer(dest: Destination, partRows: number) {
  return createChunkWriter({
    event: loanTxEvent(),
    chunk: windowChunk(...DAY),
    destination: dest,
    catalog: BUILTIN_CATALOG,
    extractedAt: new Date('2025-06-01T12:00:00Z'),
    runDate: new Date('2025-06-01T12:00:00Z'),
    partRows,
    partBytes: 64 * 1024 * 1024,
    signal: new AbortController().signal,
  });
}

describe('chunk writer part uploads', () => {
  it('keeps at most one upload in flight, returns from write before it lands, and commits only after all landed', async () => {
    const dest = await watched({ delayMs: 30 });
    const w = writer(dest, 10);
    const records = loanTransactions(...DAY, 55);
    await w.write(records.slice(0, 10)); // one full part: its upload is started, not awaited
    expect(dest.inFlight).toBe(1);
    expect(dest.finished).toEqual([]);
    for (let i = 10; i < records.length; i += 10) await w.write(records.slice(i, i + 10));
    const commit = await w.commit();
    expect(dest.maxInFlight).toBe(1);
    expect(dest.inFlight).toBe(0);
    expect(commit.records).toBe(55);
    expect(commit.objects).toHaveLength(6);
    expect(dest.finished).toHaveLength(6);
    const rows = (await readTable(dest, T)).flatMap((o) => o.rows);
    expect(rows.map((r) => r.encoded_key).sort()).toEqual(records.map((r) => r.encodedKey).sort());
  });

  it('a failed upload fails the chunk: the next write or the commit throws its error', async () => {
    const dest = await watched({ failPart: 1 });
    const w = writer(dest, 10);
    const records = loanTransactions(...DAY, 45);
    const attempt = (async () => {
      for (let i = 0; i < records.length; i += 5) await w.write(records.slice(i, i + 5));
      return w.commit();
    })();
    await expect(attempt).rejects.toThrow('failed: SlowDown (503)');
    expect((await dest.list(`${T}/`, new AbortController().signal)).filter((k) => k.endsWith('.parquet'))).toEqual([]);
  });

  it('an upload of the paging that fails after the last write fails the commit before anything is published', async () => {
    const dest = await watched({ failPart: 1, delayMs: 30 });
    const w = writer(dest, 10);
    await w.write(loanTransactions(...DAY, 25)); // part 1's upload is still in flight (and fails) when the commit starts
    expect(dest.inFlight).toBe(1);
    await expect(w.commit()).rejects.toThrow('failed: SlowDown (503)');
    expect(await w.objectsWritten()).toEqual([]);
    expect((await dest.list(`${T}/`, new AbortController().signal)).filter((k) => k.endsWith('.parquet'))).toEqual([]);
  });

  it('a failure of the last part surfaces at commit, never as a ✓; what it made visible is named and a re-run replaces it', async () => {
    const dest = await watched({ failPart: 2, delayMs: 5 });
    const w = writer(dest, 10);
    const records = loanTransactions(...DAY, 25);
    await w.write(records); // parts 0 and 1 full, 5 rows left for commit's part 2
    while (dest.inFlight > 0) await new Promise((r) => setTimeout(r, 5)); // parts 0 and 1 staged
    await expect(w.commit()).rejects.toThrow('failed: SlowDown (503)');
    // The parts staged while paging were published while the last one was being staged: named, as a commit that
    // stopped midway must (run-chunk reports them), and nothing else is visible.
    const visible = (await dest.list(`${T}/`, new AbortController().signal)).filter((k) => k.endsWith('.parquet'));
    const named = (await w.objectsWritten()).map((uri) => uri.slice(uri.indexOf(`${T}/`)));
    expect(named.sort()).toEqual(visible.sort());
    expect(visible).toHaveLength(2);
    await w.dispose();
    const again = writer(dest, 10);
    await again.write(records);
    const commit = await again.commit();
    expect(commit.rowsWritten).toBe(25);
    const rows = (await readTable(dest, T)).flatMap((o) => o.rows);
    expect(rows.map((r) => r.encoded_key).sort()).toEqual(records.map((r) => r.encodedKey).sort());
  });

  it('commit publishes the parts staged while paging while the last part is finished, and writes that one visible at once', async () => {
    const dest = await watched({ delayMs: 40 });
    const stagedAtPublish: number[] = [];
    const publish = dest.publish.bind(dest);
    dest.publish = async (part, signal) => {
      stagedAtPublish.push(dest.finished.length);
      return publish(part, signal);
    };
    const stage = dest.stage.bind(dest);
    const staged: string[] = [];
    dest.stage = async (key, body, signal) => {
      staged.push(key);
      return stage(key, body, signal);
    };
    const w = writer(dest, 10);
    const records = loanTransactions(...DAY, 25);
    await w.write(records);
    while (dest.inFlight > 0) await new Promise((r) => setTimeout(r, 5)); // parts 0 and 1 staged
    const commit = await w.commit();
    expect(commit.rowsWritten).toBe(25);
    // Parts 0 and 1 were published before part 2 (the commit's) had landed; part 2 was never staged, only written.
    expect(stagedAtPublish).toEqual([2, 2]);
    expect(staged).toHaveLength(2);
    expect(dest.finished).toHaveLength(3);
    expect(commit.objects).toHaveLength(3);
  });

  it("reset waits for the dropped attempt's upload, so it cannot land over the new attempt's part of the same name", async () => {
    const dest = await watched({ delayMs: 40 });
    const w = writer(dest, 10);
    const first = loanTransactions(...DAY, 10, 1);
    await w.write(first);
    expect(dest.inFlight).toBe(1);
    await w.reset();
    expect(dest.inFlight).toBe(0);
    const again = loanTransactions(...DAY, 12, 2);
    await w.write(again);
    const commit = await w.commit();
    expect(commit.records).toBe(12);
    const rows = (await readTable(dest, T)).flatMap((o) => o.rows);
    expect(rows.map((r) => r.encoded_key).sort()).toEqual(again.map((r) => r.encodedKey).sort());
  });
});
