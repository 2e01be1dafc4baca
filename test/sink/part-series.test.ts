// PartSeries takes a chunk's records one by one. A record that fills nothing is taken synchronously (no promise:
// an async call per record cost ~1 ms per page of 1,000 records, BENCHMARKS.md round 9); a record that fills a
// row group or a part hands back the promise to wait on, and only then is a part finished. The parts read back
// hold every record once, in order.
import { describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { createThreadEncoder } from '../../electron/engine/sink/parquet-encoder';
import { castBuffer, openColumn } from '../../electron/engine/sink/part-columns';
import { PartSeries, type FinishedPart } from '../../electron/engine/sink/part-series';
import { CastReport } from '../../electron/engine/transform/cast';
import { CellWalker } from '../../electron/engine/transform/cell-walker';
import { createOutputRunState } from '../../electron/engine/transform/run-state';
import type { Catalog } from '../../shared/catalog/tables';

const catalog: Catalog = { t: { id: 'string', amount: 'double' } };

function series(o: { partRows: number; rowGroupRows: number; partBytes?: number }) {
  const state = createOutputRunState({ table_name: 't', auto_schema: false, rename_columns: [] }, catalog);
  const walker = new CellWalker(state.mapper);
  const castReport = new CastReport();
  const finished: FinishedPart[] = [];
  const s = new PartSeries({
    walker,
    encoder: createThreadEncoder(),
    partRows: o.partRows,
    partBytes: o.partBytes ?? 1 << 30,
    rowGroupRows: o.rowGroupRows,
    cast: (buf) => castBuffer(buf, { walker, state, castReport, drift: new Set(), extractedMs: 0n }),
    column: (slot) => openColumn(slot, { walker, state, castReport }, o.rowGroupRows),
    finished: async (part) => void finished.push(part),
  });
  return { s, finished };
}

const record = (i: number) => ({ id: `r${i}`, amount: i / 4 });

async function rowsOf(part: FinishedPart): Promise<Array<Record<string, unknown>>> {
  const file = part.body.buffer.slice(part.body.byteOffset, part.body.byteOffset + part.body.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file, columns: ['id', 'amount'] })) as Array<Record<string, unknown>>;
}

describe('PartSeries.add', () => {
  it('returns a promise only for the record that fills a row group or a part', async () => {
    const { s, finished } = series({ partRows: 6, rowGroupRows: 2 });
    const answers: string[] = [];
    for (let i = 0; i < 13; i++) {
      const p = s.add(record(i), '20240101');
      answers.push(p === undefined ? '-' : 'P');
      if (p) await p;
    }
    await s.flushAll();
    // Rows 2, 4 fill a row group; row 6 fills the part; then again from row 8.
    expect(answers.join('')).toBe('-P-P-P-P-P-P-');
    expect(finished.map((p) => p.rows)).toEqual([6, 6, 1]);
    const rows = (await Promise.all(finished.map(rowsOf))).flat();
    expect(rows).toEqual(Array.from({ length: 13 }, (_, i) => ({ id: `r${i}`, amount: i / 4 })));
  });

  it('returns a promise when the buffered rows pass partBytes, and finishes the part then', async () => {
    const { s, finished } = series({ partRows: 1000, rowGroupRows: 1000, partBytes: 60 });
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const p = s.add(record(i), '20240101');
      answers.push(p === undefined ? '-' : 'P');
      if (p) await p;
    }
    // Each record is 30 estimated bytes: the second passes 60 and finishes a part of two rows.
    expect(answers.join('')).toBe('-P-P');
    expect(finished.map((p) => p.rows)).toEqual([2, 2]);
  });
});
