// The progress bar the run header and the estimate share: what a screen reader is told and how far the bar is drawn.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { EstimateEvent } from '../../shared/ipc/contract';
import { EstimatePanel } from '../../renderer/src/estimate/EstimatePanel';
import { ProgressBar } from '../../renderer/src/run/ProgressBar';
import { fakeApi } from './fake-api';

const drawn = (bar: HTMLElement) => (bar.firstElementChild as HTMLElement).style.transform;

describe('ProgressBar', () => {
  it('tells its value and draws the share done; nothing to do draws nothing', () => {
    render(
      <>
        <ProgressBar label="Chunks done" done={3} total={12} valueText="3 of 12 chunks" />
        <ProgressBar label="Nothing" done={0} total={0} />
      </>,
    );
    const bar = screen.getByRole('progressbar', { name: 'Chunks done' });
    expect(bar).toHaveAttribute('aria-valuenow', '3');
    expect(bar).toHaveAttribute('aria-valuemax', '12');
    expect(bar).toHaveAttribute('aria-valuetext', '3 of 12 chunks');
    expect(drawn(bar)).toBe('scaleX(0.25)');
    const empty = screen.getByRole('progressbar', { name: 'Nothing' });
    expect(empty).not.toHaveAttribute('aria-valuetext');
    expect(drawn(empty)).toBe('scaleX(0)');
  });

  it('follows an estimate while it runs', async () => {
    let listener: ((e: EstimateEvent) => void) | undefined;
    const { api } = fakeApi({
      onEstimateEvent: (l: (e: EstimateEvent) => void) => {
        listener = l;
        return () => undefined;
      },
      startEstimate: async () => {
        listener!({ type: 'estimate-progress', estimateId: 'est-1', done: 2, total: 8, records: 5_000, requests: 3 });
        return { ok: true as const, value: { estimateId: 'est-1', chunks: 8 } };
      },
    });
    render(<EstimatePanel api={api} event={{}} eventKey="e" connection="Sandbox" canEstimate={true} />);
    await userEvent.click(screen.getByRole('button', { name: /estimate/i }));
    const bar = await screen.findByRole('progressbar', { name: 'Chunks estimated' });
    expect(bar).toHaveAttribute('aria-valuenow', '2');
    expect(bar).toHaveAttribute('aria-valuemax', '8');
    expect(drawn(bar)).toBe('scaleX(0.25)');
  });
});
