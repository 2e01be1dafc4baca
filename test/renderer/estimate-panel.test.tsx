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

describe('EstimatePanel', () => {
  it('shows an estimate whose end arrived before startEstimate answered, and ignores another estimate’s events', async () => {
    let listener: ((e: EstimateEvent) => void) | undefined;
    const { api } = fakeApi({
      onEstimateEvent: (l: (e: EstimateEvent) => void) => {
        listener = l;
        return () => undefined;
      },
      startEstimate: async () => {
        listener!({ type: 'estimate-done', estimateId: 'other', estimate: { ...estimate, records: 1 } });
        listener!({ type: 'estimate-progress', estimateId: 'est-7', done: 1, total: 1, records: 12_345, requests: 1 });
        listener!({ type: 'estimate-done', estimateId: 'est-7', estimate });
        return { ok: true as const, value: { estimateId: 'est-7', chunks: 1 } };
      },
    });
    render(<EstimatePanel api={api} event={{}} eventKey="e" connection="Sandbox" canEstimate={true} />);
    await userEvent.click(screen.getByRole('button', { name: /estimate/i }));
    expect(await screen.findByTestId('estimate-records')).toHaveTextContent('12,345');
  });
});
