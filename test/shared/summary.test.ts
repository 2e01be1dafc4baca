import { describe, expect, it } from 'vitest';
import { formatLogLine, runStatus, summaryLines } from '../../shared/summary';
import type { ChunkResult } from '../../shared/run-types';

const chunk = (index: number, status: ChunkResult['status'], records = 0, error?: string): ChunkResult => ({
  index,
  start: `2025-01-0${index} 00:00:00`,
  end: `2025-01-0${index + 1} 00:00:00`,
  kind: 'window',
  status,
  records,
  pages: 1,
  requests: 1,
  retries: 0,
  durationMs: 5,
  objects: [],
  warnings: [],
  schemaDrift: [],
  ...(error ? { error } : {}),
});

describe('summary format', () => {
  it('formats log lines like the original', () => {
    expect(formatLogLine(new Date('2025-04-07T10:15:00.123Z'), 'INFO', 'hello')).toBe('2025-04-07 10:15:00 - INFO - hello');
  });

  it("prints the original's summary block", () => {
    const lines = summaryLines([chunk(1, 'success', 10), chunk(2, 'failed', 0, 'Connection timeout'), chunk(3, 'cancelled')]);
    expect(lines).toEqual([
      '='.repeat(60),
      'PROCESSING SUMMARY: Completed 3 chunks',
      '='.repeat(60),
      'SUCCESSFUL CHUNKS: 1/3',
      '✓ Chunk 1: 2025-01-01 00:00:00 to 2025-01-02 00:00:00: 10 records',
      'FAILED CHUNKS: 2/3',
      '✗ Chunk 2: 2025-01-02 00:00:00 to 2025-01-03 00:00:00',
      'Error: Connection timeout',
      '✗ Chunk 3: 2025-01-03 00:00:00 to 2025-01-04 00:00:00',
      'Error: Cancelled',
      '='.repeat(60),
    ]);
  });

  it('computes the exit status', () => {
    expect(runStatus([chunk(1, 'success'), chunk(2, 'success')])).toBe(0);
    expect(runStatus([chunk(1, 'success'), chunk(2, 'failed')])).toBe(2);
    expect(runStatus([chunk(1, 'failed'), chunk(2, 'cancelled')])).toBe(1);
    expect(runStatus([])).toBe(1);
    expect(runStatus([chunk(1, 'success')], true)).toBe(1);
  });
});
