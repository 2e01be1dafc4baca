import { describe, expect, it } from 'vitest';
import { planChunks, countChunks } from '../../shared/plan';

const ev = (start: string, end: string, chunk_hours = 24, endpoint = 'loans:search') => ({
  start_date: start,
  end_date: end,
  chunk_hours,
  endpoint,
});

describe('chunk planner', () => {
  it("gives the original's 9 chunks for 216 hours at 24", () => {
    const p = planChunks(ev('2025-01-01 00:00:00', '2025-01-10 00:00:00'));
    expect(p.chunks).toHaveLength(9);
    expect(p.totalHours).toBe(216);
    expect(p.chunks[0]).toEqual({ index: 1, start: '2025-01-01 00:00:00', end: '2025-01-02 00:00:00', kind: 'window' });
    expect(p.chunks[8]).toEqual({ index: 9, start: '2025-01-09 00:00:00', end: '2025-01-10 00:00:00', kind: 'window' });
  });

  it('cuts the last chunk at end_date and leaves no gap or overlap', () => {
    const p = planChunks(ev('2025-01-01 06:30:00', '2025-01-03 01:00:00', 10));
    expect(p.chunks.at(-1)!.end).toBe('2025-01-03 01:00:00');
    for (let i = 1; i < p.chunks.length; i++) expect(p.chunks[i]!.start).toBe(p.chunks[i - 1]!.end);
    expect(p.chunks).toHaveLength(countChunks(ev('2025-01-01 06:30:00', '2025-01-03 01:00:00', 10)));
  });

  it('plans a year of hourly chunks, crossing a leap day in UTC', () => {
    const p = planChunks(ev('2024-01-01 00:00:00', '2025-01-01 00:00:00', 1));
    expect(p.chunks).toHaveLength(366 * 24);
    expect(p.chunks.find((c) => c.start === '2024-02-29 23:00:00')).toBeDefined();
  });

  it('plans snapshot endpoints as one chunk', () => {
    const p = planChunks(ev('2025-01-01 00:00:00', '2025-01-10 00:00:00', 24, 'users'));
    expect(p.kind).toBe('snapshot');
    expect(p.chunks).toEqual([{ index: 1, start: '2025-01-01 00:00:00', end: '2025-01-10 00:00:00', kind: 'snapshot' }]);
  });
});
