// What a committed chunk registers: its date= partitions (from the object URIs) after its table and columns.
import { describe, expect, it } from 'vitest';
import { partitionDatesOf, registerChunk } from '../../electron/engine/register-chunk';
import type { TableRegistry } from '../../electron/engine/types';

function recordingRegistry() {
  const calls: string[] = [];
  const registry: TableRegistry = {
    check: async () => {},
    columnTypes: async () => null,
    ensureTable: async (t, cols) => void calls.push(`ensure ${t} ${Object.keys(cols).join(',')}`),
    addPartitions: async (t, dates) => void calls.push(`partitions ${t} ${dates.join(',')}`),
  };
  return { registry, calls };
}
const signal = new AbortController().signal;
const uri = (day: string, n = 0) => `s3://b/p/t/date=${day}/w20250101T000000Z-20250102T000000Z-part-0000${n}.snappy.parquet`;

describe('registerChunk', () => {
  it('ensures the table with the chunk columns, then adds each written date once, sorted', async () => {
    const { registry, calls } = recordingRegistry();
    const dates = await registerChunk(
      registry,
      't',
      {
        records: 3,
        objects: [uri('20250102'), uri('20250101'), uri('20250102', 1)],
        warnings: [],
        schemaDrift: [],
        rowsWritten: 3,
        partitions: ['20250101', '20250102'],
        columns: { a: 'string', b: 'int' },
      },
      signal,
    );
    expect(dates).toEqual(['20250101', '20250102']);
    expect(calls).toEqual(['ensure t a,b', 'partitions t 20250101,20250102']);
  });

  it('registers nothing for a chunk that wrote nothing, and refuses objects without columns', async () => {
    const { registry, calls } = recordingRegistry();
    expect(
      await registerChunk(
        registry,
        't',
        { records: 0, objects: [], warnings: [], schemaDrift: [], rowsWritten: 0, partitions: [], columns: {} },
        signal,
      ),
    ).toEqual([]);
    await expect(
      registerChunk(
        registry,
        't',
        { records: 1, objects: [uri('20250101')], warnings: [], schemaDrift: [], rowsWritten: 1, partitions: ['20250101'], columns: {} },
        signal,
      ),
    ).rejects.toThrow('the chunk wrote 1 object(s) but reported no column types to register');
    expect(calls).toEqual([]);
    expect(partitionDatesOf(['/abs/t/date=20250105/x.parquet', 's3://b/t/other/x'])).toEqual(['20250105']);
  });
});
