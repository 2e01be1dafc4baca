// The run-at-a-glance pieces where jsdom is enough: the strip's layout maths, the progress figures, the table's
// ✗/⚠ filters and ✓-with-warnings marking, the log's level filter and search. (Drawing is checked in Chromium.)
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { planChunks } from '../../shared/plan';
import { pendingChunk, type ChunkResult } from '../../shared/run-types';
import { stripLayout } from '../../renderer/src/run/ChunkStrip';
import { ChunkTable } from '../../renderer/src/run/ChunkTable';
import { LogPane } from '../../renderer/src/run/LogPane';
import { runProgress } from '../../renderer/src/run/progress';
import { emptyRun } from '../../renderer/src/run/run-model';

const YEAR = planChunks({
  endpoint: 'loans:search',
  start_date: '2024-01-01 00:00:00',
  end_date: '2024-12-31 00:00:00',
  chunk_hours: 1,
}).chunks;

describe('chunk status strip layout', () => {
  it('fits 8,760 chunks in at most 72 px at the window width, one cell each', () => {
    for (const width of [800, 1228, 1900]) {
      const l = stripLayout(8760, width);
      expect(l.height).toBeLessThanOrEqual(72);
      expect(l.perRow * l.rows).toBeGreaterThanOrEqual(8760);
      expect(l.perRow * (l.w + l.gap)).toBeLessThanOrEqual(width + l.gap);
      expect(l.w).toBeGreaterThanOrEqual(2);
    }
  });
  it('stretches a few chunks over one row, cell i over bar i', () => {
    const l = stripLayout(9, 1228);
    expect(l.rows).toBe(1);
    expect(l.perRow).toBe(9);
    expect(9 * (l.w + l.gap)).toBeLessThanOrEqual(1228 + l.gap);
    expect(l.w).toBeGreaterThan(100);
  });
});

describe('progress figures', () => {
  it('counts done chunks, records so far, rate and an ETA from the pace so far', () => {
    const m = emptyRun('r');
    m.startedAt = '2025-01-01T00:00:00.000Z';
    m.chunks = YEAR.slice(0, 10).map((c, i) => ({
      ...pendingChunk(c),
      ...(i < 4 ? { status: 'success' as const, records: 100 } : i === 4 ? { status: 'running' as const, records: 30 } : {}),
    }));
    const p = runProgress(m, Date.parse('2025-01-01T00:00:20.000Z'));
    expect(p).toMatchObject({ total: 10, done: 4, succeeded: 4, records: 430, elapsedMs: 20_000 });
    expect(p.recordsPerSecond).toBeCloseTo(21.5);
    expect(p.etaMs).toBe(30_000); // 5 s a chunk, 6 to go
    expect(p.running?.index).toBe(5);
  });
});

describe('chunk table filters and warnings', () => {
  const rows = (): ChunkResult[] =>
    YEAR.slice(0, 200).map((c, i) => ({
      ...pendingChunk(c),
      status: i % 50 === 7 ? ('failed' as const) : ('success' as const),
      ...(i % 50 === 7 ? { error: 'HTTP 500' } : {}),
      ...(i === 3
        ? {
            warningDetails: [
              { kind: 'schema-drift' as const, count: 1, column: 'x', message: 'column x is not in the catalog; kept, typed string' },
            ],
          }
        : {}),
    }));

  it('✗ only shows the failed rows; ⚠ only the ones with warnings, marked apart from a clean ✓', () => {
    const data = rows();
    const { rerender } = render(<ChunkTable chunks={data} version={1} follow={false} filter="failed" />);
    const shown = () => screen.getAllByRole('row').filter((r) => Number(r.getAttribute('aria-rowindex')) > 1);
    expect(shown().map((r) => r.getAttribute('data-position'))).toEqual(['7', '57', '107', '157']);
    rerender(<ChunkTable chunks={data} version={1} follow={false} filter="warnings" />);
    expect(shown()).toHaveLength(1);
    const status = shown()[0]!.querySelector('.status')!;
    expect(status).toHaveAttribute('aria-label', 'succeeded with 1 warning');
    expect(status).toHaveClass('warned');
    expect(shown()[0]).toHaveTextContent('schema drift: column x is not in the catalog');
  });
});

describe('log pane', () => {
  const lines = [
    '2025-01-01 00:00:00 - INFO - Processing chunk 1/3',
    '2025-01-01 00:00:01 - WARNING - Chunk 1: schema drift, columns not in the catalog kept as string: iban',
    '2025-01-01 00:00:02 - INFO - Retry 1 of loans:search after HTTP 503, waiting 2 s',
    '2025-01-01 00:00:03 - ERROR - Chunk 2 failed: HTTP 500',
  ];
  it('colours lines by level, narrows to warnings and errors, and searches', async () => {
    render(<LogPane lines={lines} version={1} />);
    const log = screen.getByTestId('log-lines');
    expect(log.querySelectorAll('.log-line.warning')).toHaveLength(1);
    expect(log.querySelectorAll('.log-line.error')).toHaveLength(1);
    await userEvent.setup().click(screen.getByLabelText(/Warnings and errors only/));
    expect(log.querySelectorAll('.log-line')).toHaveLength(2);
    await userEvent.setup().click(screen.getByLabelText(/Warnings and errors only/));
    fireEvent.change(screen.getByLabelText('Search the log'), { target: { value: 'retry' } });
    expect(await screen.findByTestId('log-count')).toHaveTextContent('1 of 4 lines match.');
    expect(log).toHaveTextContent('Retry 1 of loans:search');
  });

  it('follows new lines while the view is at its end, and stays put once the reader scrolls up', () => {
    const grow = (n: number) => Array.from({ length: n }, (_, i) => `2025-01-01 00:00:00 - INFO - line ${i}`);
    const { rerender } = render(<LogPane lines={grow(10)} version={1} />);
    const log = screen.getByTestId('log-lines');
    // jsdom lays nothing out: the pane's geometry is given (20 px a line, 300 px high).
    Object.defineProperty(log, 'clientHeight', { configurable: true, get: () => 300 });
    Object.defineProperty(log, 'scrollHeight', { configurable: true, get: () => 20 * log.querySelectorAll('.log-line').length });
    rerender(<LogPane lines={grow(40)} version={2} />);
    expect(log.scrollTop).toBe(800);
    // The reader scrolls up: new lines do not move the view.
    log.scrollTop = 100;
    fireEvent.scroll(log);
    rerender(<LogPane lines={grow(60)} version={3} />);
    expect(log.scrollTop).toBe(100);
    // Back at the end, it follows again.
    log.scrollTop = 1200 - 300;
    fireEvent.scroll(log);
    rerender(<LogPane lines={grow(80)} version={4} />);
    expect(log.scrollTop).toBe(1600);
  });

  it('a long log shows its last 2,000 lines from the start of a block of 100, and keeps the blocks as it grows', () => {
    const long = Array.from({ length: 2150 }, (_, i) => `2025-01-01 00:00:00 - ${i % 500 === 7 ? 'ERROR' : 'INFO'} - line ${i}`);
    const { rerender } = render(<LogPane lines={long} version={1} />);
    const log = screen.getByTestId('log-lines');
    const rows = () => [...log.querySelectorAll('.log-line')].map((l) => l.textContent);
    expect(rows()).toHaveLength(2050);
    expect(rows()[0]).toMatch(/ - line 100$/);
    expect(rows().at(-1)).toMatch(/ - line 2149$/);
    expect(screen.getByText(/Showing the last/)).toHaveTextContent('Showing the last 2050 of 2150 lines; Copy log copies all.');
    const firstLine = log.querySelector('.log-line');
    // The log grows in place (as a streaming run's does): new lines join the last block, the others stay as they are.
    long.push(...Array.from({ length: 40 }, (_, i) => `2025-01-01 00:00:01 - INFO - line ${2150 + i}`));
    rerender(<LogPane lines={long} version={2} />);
    expect(rows()).toHaveLength(2090);
    expect(log.querySelector('.log-line')).toBe(firstLine);
    expect(log.querySelectorAll('.log-block')).toHaveLength(21);
    // Past the next block boundary, the oldest block goes whole.
    long.push(...Array.from({ length: 20 }, (_, i) => `2025-01-01 00:00:02 - INFO - line ${2190 + i}`));
    rerender(<LogPane lines={long} version={3} />);
    expect(rows()[0]).toMatch(/ - line 200$/);
    expect(rows()).toHaveLength(2010);
    // A filtered view still searches the whole log.
    fireEvent.click(screen.getByLabelText(/Warnings and errors only/));
    expect(rows()).toEqual([
      '2025-01-01 00:00:00 - ERROR - line 7',
      '2025-01-01 00:00:00 - ERROR - line 507',
      '2025-01-01 00:00:00 - ERROR - line 1007',
      '2025-01-01 00:00:00 - ERROR - line 1507',
      '2025-01-01 00:00:00 - ERROR - line 2007',
    ]);
  });
});
