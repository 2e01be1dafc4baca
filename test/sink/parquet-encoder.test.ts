// The Parquet encoder worker: the same bytes as encoding on the main thread, a clear chunk failure when the worker
// dies mid-part, and a cancel that drops the part the worker holds.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createChunkWriter, ROW_GROUP_ROWS } from '../../electron/engine/sink/chunk-writer';
import { createLocalDestination } from '../../electron/engine/sink/local';
import { ParquetPartWriter } from '../../electron/engine/sink/parquet';
import { encodeParquet } from '../oracles/reference-parquet';
import {
  createThreadEncoder,
  createWorkerEncoder,
  defaultEncoder,
  encoderWorker,
  newPartId,
  type PartEncoder,
} from '../../electron/engine/sink/parquet-encoder';
import { fromWire, wireRows, type WireColumn } from '../../electron/engine/sink/parquet-wire';
import { ColumnBuilder } from '../../electron/engine/sink/column-builder';
import { CastReport } from '../../electron/engine/transform/cast';
import type { ChunkWriterOptions, Destination } from '../../electron/engine/types';
import { BUILTIN_CATALOG } from '../../shared/catalog/tables';
import { hyparquetSchema, readWithHyparquet, readWithParquetWasm } from './read-parquet';
import { loanTransactions, loanTxEvent, windowChunk } from './chunk-helpers';

const newDest = async () => createLocalDestination(await mkdtemp(join(tmpdir(), 'encoder-')));
const CHUNK = windowChunk('2025-01-01 00:00:00', '2025-01-02 00:00:00');

function writerOpts(dest: Destination, encoder: PartEncoder, extra: Partial<ChunkWriterOptions> = {}) {
  return {
    event: loanTxEvent(),
    chunk: CHUNK,
    destination: dest,
    catalog: BUILTIN_CATALOG,
    extractedAt: new Date('2025-06-01T12:00:00Z'),
    runDate: new Date('2025-06-01T12:00:00Z'),
    partRows: 5_000,
    partBytes: 256 * 1024 * 1024,
    signal: new AbortController().signal,
    encoder,
    ...extra,
  };
}

/** Every type the engine writes, with nulls in each typed column. */
function wireGroup(rows: number, seed: number): WireColumn[] {
  const nulls = (k: number) => Uint8Array.from({ length: rows }, (_, i) => ((i + seed) % k === 0 ? 1 : 0));
  return [
    {
      name: 'id',
      type: 'string',
      kind: 'array',
      values: Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? null : `id-${seed}-${i}`)),
    },
    { name: 'kind', type: 'string', kind: 'array', values: Array.from({ length: rows }, (_, i) => ['A', 'B', 'ü'][i % 3]!) },
    { name: 'amount', type: 'double', kind: 'f64', data: Float64Array.from({ length: rows }, (_, i) => i * 1.25 + seed), nulls: nulls(7) },
    { name: 'n', type: 'int', kind: 'i32', data: Int32Array.from({ length: rows }, (_, i) => i - 500), nulls: nulls(5) },
    {
      name: 'big',
      type: 'bigint',
      kind: 'i64',
      data: BigInt64Array.from({ length: rows }, (_, i) => BigInt(i) * 10_000_000_000n),
      nulls: nulls(3),
    },
    { name: 'day', type: 'date', kind: 'i32', data: Int32Array.from({ length: rows }, (_, i) => 20_000 + i), nulls: nulls(4) },
    {
      name: 'at',
      type: 'timestamp',
      kind: 'i64',
      data: BigInt64Array.from({ length: rows }, (_, i) => 1_735_689_600_000n + BigInt(i * 1000)),
      nulls: nulls(6),
    },
    { name: 'ok', type: 'boolean', kind: 'array', values: Array.from({ length: rows }, (_, i) => (i % 9 === 0 ? null : i % 2 === 0)) },
    utf8Column('ref', rows, (i) => (i % 13 === 0 ? null : `ref-${seed}-${i}${i % 17 === 0 ? '-ü' : ''}`)),
  ];
}

/** A string column in the chunk writer's form (UTF-8 bytes with offsets). */
function utf8Column(name: string, rows: number, value: (i: number) => string | null): WireColumn {
  const b = new ColumnBuilder(name, 'string', rows, new CastReport());
  for (let i = 0; i < rows; i++) b.set(i, value(i));
  return b.finish(rows);
}

/** Each wire column owns fresh buffers (a transfer to the worker detaches them). */
const copy = (cols: WireColumn[]): WireColumn[] =>
  cols.map((c) =>
    c.kind === 'array'
      ? { ...c, values: [...c.values] }
      : c.kind === 'utf8'
        ? { ...c, bytes: c.bytes.slice(), offsets: c.offsets.slice(), nulls: c.nulls.slice() }
        : ({ ...c, data: c.data.slice(), nulls: c.nulls.slice() } as WireColumn),
  );

async function encodeWith(encoder: PartEncoder, groups: WireColumn[][]): Promise<Uint8Array> {
  const part = newPartId();
  for (const g of groups) await encoder.rowGroup(part, copy(g), wireRows(g[0]!));
  return encoder.finish(part);
}

afterEach(() => {
  delete process.env.MAMBU_BACKFILL_PARQUET_WORKER;
});

describe('Parquet encoder', () => {
  it('one row group of ParquetPartWriter holds what the reference writer writes (read back by both readers)', async () => {
    const cols = wireGroup(300, 1).map(fromWire);
    const w = new ParquetPartWriter(cols.map((c) => ({ name: c.name, type: c.type })));
    w.writeRowGroup(cols, 300);
    const mine = w.finish();
    const ref = encodeParquet(cols, 300);
    expect(await readWithHyparquet(mine)).toEqual(await readWithHyparquet(ref));
    expect(readWithParquetWasm(mine)).toEqual(readWithParquetWasm(ref));
  });

  it('the worker writes the same bytes as the main thread, over several row groups, and the file reads back', async () => {
    const groups = [wireGroup(2000, 1), wireGroup(2000, 2), wireGroup(777, 3)];
    const inWorker = await encodeWith(createWorkerEncoder(), groups);
    const inThread = await encodeWith(createThreadEncoder(), groups);
    expect(encoderWorker()).toBeDefined();
    expect(inWorker.length).toBeGreaterThan(1000);
    expect(Buffer.from(inWorker).equals(Buffer.from(inThread))).toBe(true);
    expect(hyparquetSchema(inWorker).meta.row_groups).toHaveLength(3);
    const rows = await readWithHyparquet(inWorker);
    expect(rows).toHaveLength(4777);
    const expected = groups.flatMap((g) => {
      const cols = g.map(fromWire);
      return Array.from({ length: cols[0]!.values.length }, (_, i) => Object.fromEntries(cols.map((c) => [c.name, c.values[i]])));
    });
    const norm = (r: Record<string, unknown>) => ({
      ...r,
      at: r.at === null ? null : r.at instanceof Date ? r.at.getTime() : Number(r.at),
      day: r.day === null ? null : r.day instanceof Date ? r.day.getTime() / 86_400_000 : r.day,
    });
    expect(rows.map(norm)).toEqual(expected.map(norm));
    expect(readWithParquetWasm(inWorker).numRows).toBe(4777);
  });

  it('a chunk written through the worker is byte-identical to one written on the main thread', async () => {
    const records = loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', 2 * ROW_GROUP_ROWS + 1234);
    const out: Buffer[][] = [];
    for (const encoder of [createWorkerEncoder(), createThreadEncoder()]) {
      const dest = await newDest();
      const w = createChunkWriter(writerOpts(dest, encoder));
      for (let i = 0; i < records.length; i += 1000) await w.write(records.slice(i, i + 1000));
      const commit = await w.commit();
      expect(commit.records).toBe(records.length);
      out.push(await Promise.all(commit.objects.map((u) => readFile(u))));
    }
    expect(out[0]!.length).toBe(2); // 5,000 rows + 1,234 rows; the first part has three row groups
    expect(out[0]!.map((b) => b.length)).toEqual(out[1]!.map((b) => b.length));
    expect(out[0]!.every((b, i) => b.equals(out[1]![i]!))).toBe(true);
    expect(hyparquetSchema(new Uint8Array(out[0]![0]!)).meta.row_groups).toHaveLength(3);
  });

  it('a worker that dies mid-part fails the chunk with the cause named, and the next chunk gets a new worker', async () => {
    const dest = await newDest();
    const records = loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', ROW_GROUP_ROWS + 10);
    const w = createChunkWriter(writerOpts(dest, createWorkerEncoder()));
    await w.write(records.slice(0, ROW_GROUP_ROWS)); // one row group sent: the part is open in the worker
    const worker = encoderWorker();
    expect(worker).toBeDefined();
    await worker!.terminate();
    const failed = (async () => {
      await w.write(records.slice(ROW_GROUP_ROWS));
      return w.commit();
    })();
    await expect(failed).rejects.toThrow(
      /Parquet encoder worker failed \(it exited with code \d+\)|Parquet part \d+ is unknown to the encoder worker/,
    );
    expect(await dest.list('', new AbortController().signal)).toEqual([]);

    const again = createChunkWriter(writerOpts(dest, createWorkerEncoder()));
    await again.write(records);
    const commit = await again.commit();
    expect(commit.records).toBe(records.length);
    expect(encoderWorker()).not.toBe(worker);
  });

  it('cancel with a part in the worker drops it there; nothing is uploaded', async () => {
    const dest = await newDest();
    const ctrl = new AbortController();
    const dropped: number[] = [];
    const worker = createWorkerEncoder();
    const spy: PartEncoder = { ...worker, drop: (id) => (dropped.push(id), worker.drop(id)) };
    let opened = -1;
    spy.rowGroup = (id, cols, rows) => ((opened = id), worker.rowGroup(id, cols, rows));
    const w = createChunkWriter(writerOpts(dest, spy, { signal: ctrl.signal }));
    await w.write(loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', ROW_GROUP_ROWS + 5));
    expect(opened).toBeGreaterThan(0);
    ctrl.abort();
    expect(dropped).toEqual([opened]);
    // The worker no longer holds the part: finishing it is refused, by name.
    await expect(worker.finish(opened)).rejects.toThrow(new RegExp(`Parquet part ${opened} is unknown`));
    expect(await dest.list('', new AbortController().signal)).toEqual([]);
  });

  it('MAMBU_BACKFILL_PARQUET_WORKER=0 encodes on the main thread with the same result', async () => {
    expect(defaultEncoder().kind).toBe('worker');
    process.env.MAMBU_BACKFILL_PARQUET_WORKER = '0';
    expect(defaultEncoder().kind).toBe('thread');
    const dest = await newDest();
    const records = loanTransactions('2025-01-01 00:00:00', '2025-01-02 00:00:00', 300);
    const w = createChunkWriter({ ...writerOpts(dest, createThreadEncoder()), encoder: undefined });
    await w.write(records);
    const commit = await w.commit();
    const rows = await readWithHyparquet(new Uint8Array(await readFile(commit.objects[0]!)));
    expect(rows).toHaveLength(300);
  });
});
