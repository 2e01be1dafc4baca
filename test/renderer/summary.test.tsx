import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { planChunks } from '../../shared/plan';
import type { ChunkResult, RunEvent } from '../../shared/run-types';
import { formatLogLine, runStatus, runTotals, summaryLines } from '../../shared/summary';
import { App } from '../../renderer/src/App';
import { ApiProvider } from '../../renderer/src/api';
import { applyRunEvent, type RunModel } from '../../renderer/src/run/run-model';
import { Summary } from '../../renderer/src/run/Summary';
import { fakeApi } from './fake-api';

const planned = planChunks(SAMPLE_EVENT).chunks;
const result = (i: number, over: Partial<ChunkResult>): ChunkResult => ({
  ...planned[i]!,
  status: 'success',
  records: 10,
  pages: 1,
  requests: 1,
  retries: 0,
  durationMs: 100,
  objects: [],
  warnings: [],
  schemaDrift: [],
  ...over,
});
const context = {
  connection: 'Sandbox',
  destination: 'Local folder',
  destinationUri: '/tmp/out',
  appVersion: '0.1.0',
  mode: 'run' as const,
};

function modelFor(results: ChunkResult[]): RunModel {
  let m: RunModel | null = null;
  m = applyRunEvent(m, {
    type: 'run-started',
    runId: 'r',
    at: '2025-04-07T10:00:00.000Z',
    event: SAMPLE_EVENT,
    context,
    chunks: results.map((r) => ({ ...r, status: 'pending' })),
  });
  for (const r of results) m = applyRunEvent(m, { type: 'chunk-done', runId: 'r', result: r });
  m = applyRunEvent(m, {
    type: 'run-done',
    runId: 'r',
    at: '2025-04-07T10:01:05.000Z',
    status: runStatus(results),
    totals: runTotals(results),
  });
  return m!;
}

describe('summary', () => {
  it('Complete Success with status 0, counts, records and duration', () => {
    render(<Summary run={modelFor(planned.map((_, i) => result(i, { records: 100 + i })))} />);
    expect(screen.getByRole('heading')).toHaveTextContent('Complete Success (status 0)');
    expect(screen.getByTestId('summary-succeeded')).toHaveTextContent('9');
    expect(screen.getByTestId('summary-failed')).toHaveTextContent('0');
    expect(screen.getByTestId('summary-records')).toHaveTextContent(String(9 * 100 + 36));
    expect(screen.getByTestId('summary-duration')).toHaveTextContent('1 m 05 s');
  });

  it('Partial Success with status 2 and the cancelled among the ✗', () => {
    const rs = planned.map((_, i) => result(i, i === 3 ? { status: 'failed', error: 'boom' } : i > 6 ? { status: 'cancelled' } : {}));
    render(<Summary run={modelFor(rs)} />);
    expect(screen.getByRole('heading')).toHaveTextContent('Partial Success (status 2)');
    expect(screen.getByTestId('summary-succeeded')).toHaveTextContent('6');
    expect(screen.getByTestId('summary-failed')).toHaveTextContent('3 (2 cancelled)');
  });

  it('Complete Failure with status 1', () => {
    render(<Summary run={modelFor(planned.map((_, i) => result(i, { status: 'failed', error: 'x', records: 0 })))} />);
    expect(screen.getByRole('heading')).toHaveTextContent('Complete Failure (status 1)');
    expect(screen.getByTestId('summary-succeeded')).toHaveTextContent('0');
  });

  it('in the app: streamed events turn rows ✓/✗, end with the summary, and the log copies the CLI lines', async () => {
    const f = fakeApi();
    const user = userEvent.setup();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { unmount } = render(
      <ApiProvider api={f.api}>
        <App />
      </ApiProvider>,
    );
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();
    expect(screen.getByLabelText('Table name (table_name)')).toBeDisabled();

    const results = planned.map((_, i) =>
      result(i, i === 4 ? { status: 'failed', error: 'HTTP 500 injected by the simulator', records: 0 } : {}),
    );
    const at = new Date('2025-04-07T10:00:00Z');
    const events: RunEvent[] = [
      {
        type: 'run-started',
        runId: 'run-1',
        at: at.toISOString(),
        event: SAMPLE_EVENT,
        context,
        chunks: results.map((r) => ({ ...r, status: 'pending', records: 0 })),
      },
      { type: 'chunk-started', runId: 'run-1', at: at.toISOString(), index: 1 },
      { type: 'page-fetched', runId: 'run-1', index: 1, pages: 1, records: 7, requests: 1, retries: 0 },
    ];
    act(() => events.forEach(f.emit));
    expect(await screen.findByText('running · 1 pages · 7 records')).toBeInTheDocument();
    const lines = summaryLines(results).map((l) => formatLogLine(at, 'INFO', l));
    act(() => {
      for (const r of results) f.emit({ type: 'chunk-done', runId: 'run-1', result: r });
      for (const line of lines) f.emit({ type: 'log', runId: 'run-1', level: 'INFO', line });
      f.emit({ type: 'run-done', runId: 'run-1', at: '2025-04-07T10:00:09.000Z', status: runStatus(results), totals: runTotals(results) });
    });
    expect(await screen.findByText('Partial Success')).toBeInTheDocument();
    expect(screen.getAllByRole('cell', { name: 'succeeded' })).toHaveLength(8);
    expect(screen.getAllByRole('cell', { name: 'failed' })).toHaveLength(1);
    expect(screen.getByText('HTTP 500 injected by the simulator')).toBeInTheDocument();
    // New log lines render in a deferred (background) render, just after the update that brought them.
    await waitFor(() => expect(screen.getByTestId('log-lines')).toHaveTextContent('PROCESSING SUMMARY: Completed 9 chunks'));
    expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled();

    await user.click(screen.getByRole('button', { name: 'Copy log' }));
    expect(writeText).toHaveBeenCalledWith(lines.join('\n') + '\n');
    expect(screen.getByText(`Copied ${lines.length} lines.`)).toBeInTheDocument();

    expect(f.listenerCount()).toBe(1);
    unmount();
    expect(f.listenerCount()).toBe(0); // the subscription is released with the window's React tree
  });

  it('Cancel asks the main process to cancel the running run', async () => {
    const f = fakeApi();
    const user = userEvent.setup();
    render(
      <ApiProvider api={f.api}>
        <App />
      </ApiProvider>,
    );
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled());
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Run' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(f.api.cancelRun).toHaveBeenCalledWith({ runId: 'run-1' });
  });

  it('shows a start error from the main process and stays runnable', async () => {
    const f = fakeApi({ startRun: vi.fn(async () => ({ ok: false as const, error: { message: 'connection "X" has no saved API key' } })) });
    const user = userEvent.setup();
    render(
      <ApiProvider api={f.api}>
        <App />
      </ApiProvider>,
    );
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('has no saved API key');
    expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled();
  });
});
