// The estimate panel follows one estimate by the id startEstimate answers with; the main process may send that
// estimate's progress, even its end, before the answer arrives (a small estimate of a fast tenant). Those events
// must not be lost: the panel keeps them and replays the ones of its id.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Estimate, EstimateEvent } from '../../shared/ipc/contract';
import { EstimatePanel } from '../../renderer/src/estimate/EstimatePanel';
import { fakeApi } from './fake-api';

const estimate: Estimate = {
  kind: 'windowed',
  endpoint: 'loans/transactions:search',
  chunkHours: 24,
  pageSize: 1000,
  requestsPerSecond: 5,
  chunks: [],
  records: 12_345,
  pages: 13,
  runRequests: 14,
  estimateRequests: 1,
  observedLatencyMs: 80,
  durationMs: 2_800,
  largest: [],
  warnings: [],
};

/** A BackfillApi whose startEstimate first has `before` send events to the panel, then answers with the estimate's id. */
function estimatingApi(answer: { estimateId: string; chunks: number }, before: (send: (e: EstimateEvent) => void) => void) {
  let listener: ((e: EstimateEvent) => void) | undefined;
  return fakeApi({
    onEstimateEvent: (l: (e: EstimateEvent) => void) => {
      listener = l;
      return () => undefined;
    },
    startEstimate: async () => {
      before((e) => listener!(e));
      return { ok: true as const, value: answer };
    },
  });
}

describe('EstimatePanel', () => {
  it('shows an estimate whose end arrived before startEstimate answered, and ignores another estimate’s events', async () => {
    const { api } = estimatingApi({ estimateId: 'est-7', chunks: 1 }, (send) => {
      send({ type: 'estimate-done', estimateId: 'other', estimate: { ...estimate, records: 1 } });
      send({ type: 'estimate-progress', estimateId: 'est-7', done: 1, total: 1, records: 12_345, requests: 1 });
      send({ type: 'estimate-done', estimateId: 'est-7', estimate });
    });
    render(<EstimatePanel api={api} event={{}} eventKey="e" connection="Sandbox" canEstimate={true} />);
    await userEvent.click(screen.getByRole('button', { name: /estimate/i }));
    expect(await screen.findByTestId('estimate-records')).toHaveTextContent('12,345');
  });

  it('shows its progress bar while it runs', async () => {
    const { api } = estimatingApi({ estimateId: 'est-1', chunks: 8 }, (send) =>
      send({ type: 'estimate-progress', estimateId: 'est-1', done: 2, total: 8, records: 5_000, requests: 3 }),
    );
    render(<EstimatePanel api={api} event={{}} eventKey="e" connection="Sandbox" canEstimate={true} />);
    await userEvent.click(screen.getByRole('button', { name: /estimate/i }));
    const bar = await screen.findByRole('progressbar', { name: 'Chunks estimated' });
    expect(bar).toHaveAttribute('aria-valuenow', '2');
    expect(bar).toHaveAttribute('aria-valuemax', '8');
    expect((bar.firstElementChild as HTMLElement).style.transform).toBe('scaleX(0.25)');
  });
});
