import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { planChunks } from '../../shared/plan';
import { pendingChunk, type ChunkResult } from '../../shared/run-types';
import { ChunkTable, ROW_HEIGHT } from '../../renderer/src/run/ChunkTable';

// A year of hourly chunks, from the real planner.
const YEAR = planChunks({
  endpoint: 'loans:search',
  start_date: '2024-01-01 00:00:00',
  end_date: '2024-12-31 00:00:00',
  chunk_hours: 1,
}).chunks;

function rows(): ChunkResult[] {
  return YEAR.map((c) => pendingChunk(c));
}

const domRows = () => screen.getAllByRole('row').filter((r) => Number(r.getAttribute('aria-rowindex')) > 1);

describe('chunk table', () => {
  // setup.ts gives the scroll box its 480 px height (jsdom does no layout).

  it('renders 8,760 hourly chunks with only a window of rows in the DOM', () => {
    const data = rows();
    expect(data.length).toBe(8760);
    render(<ChunkTable chunks={data} version={1} follow={false} />);
    expect(screen.getByRole('table', { name: 'Chunks' })).toHaveAttribute('aria-rowcount', '8761');
    const visible = domRows();
    expect(visible.length).toBeGreaterThan(5);
    expect(visible.length).toBeLessThan(50);
    expect(within(visible[0]!).getAllByRole('cell')[0]).toHaveTextContent('1');
    // The scroll height is that of all rows, so the scrollbar is true to the run's length.
    const inner = screen.getByTestId('chunk-scroll').firstElementChild as HTMLElement;
    expect(inner.style.height).toBe(`${8760 * ROW_HEIGHT}px`);
  });

  it("shows each chunk's reconciliation on its Records cell: no record unaccounted for", () => {
    const data = rows().slice(0, 3);
    data[0] = {
      ...data[0]!,
      status: 'success',
      records: 40,
      reconciliation: { reported: 41, fetched: 41, kept: 40, outsideWindow: 1, duplicates: 0, rowsWritten: 40 },
    };
    render(<ChunkTable chunks={data} version={1} follow={false} />);
    const cells = screen.getAllByTestId('reconciliation');
    expect(cells).toHaveLength(1);
    expect(cells[0]).toHaveTextContent('40');
    expect(cells[0]).toHaveAttribute(
      'title',
      'Mambu reported 41, fetched 41, kept 40, outside the window 1, duplicates 0, rows written 40',
    );
  });

  it('renders other rows when scrolled, still only a window of them', async () => {
    render(<ChunkTable chunks={rows()} version={1} follow={false} />);
    const scroller = screen.getByTestId('chunk-scroll');
    await act(async () => {
      scroller.scrollTop = 5000 * ROW_HEIGHT;
      fireEvent.scroll(scroller);
    });
    const indices = domRows().map((r) => Number(r.getAttribute('aria-rowindex')) - 1);
    expect(indices).toContain(5001);
    expect(indices).not.toContain(1);
    expect(indices.length).toBeLessThan(50);
  });

  it('shows each status and expands an error', async () => {
    const data = rows().slice(0, 5);
    data[0] = { ...data[0]!, status: 'success', records: 1200, pages: 2, retries: 1, durationMs: 1500 };
    data[1] = {
      ...data[1]!,
      status: 'failed',
      error: 'HTTP 500 from loans:search after 5 retries: Internal Server Error (the tenant failed; retry the chunk later)',
    };
    data[2] = { ...data[2]!, status: 'running', pages: 3, records: 2500 };
    data[3] = { ...data[3]!, status: 'cancelled' };
    render(<ChunkTable chunks={data} version={1} follow={false} />);
    const [ok, bad, running, cancelled, pending] = domRows();
    expect(within(ok!).getByRole('cell', { name: 'succeeded' })).toHaveTextContent('✓');
    expect(ok).toHaveTextContent('1,200');
    expect(ok).toHaveTextContent('1.5 s');
    expect(within(bad!).getByRole('cell', { name: 'failed' })).toHaveTextContent('✗');
    expect(running).toHaveTextContent('running · 3 pages · 2,500 records');
    expect(cancelled).toHaveTextContent('cancelled');
    expect(pending).toHaveTextContent('pending');
    const show = within(bad!).getByRole('button', { name: 'Show the error of chunk 2' });
    expect(show).toHaveAttribute('aria-expanded', 'false');
    await userEvent.setup().click(show);
    const hide = screen.getByRole('button', { name: 'Hide the error of chunk 2' });
    expect(hide).toHaveAttribute('aria-expanded', 'true');
    expect(hide.parentElement!.parentElement!.style.height).toBe('140px');
  });
});
