// The progress bar the run header and the estimate share: what a screen reader is told and how far the bar is drawn
// (the estimate's own bar while it runs: estimate-panel.test.tsx).
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../renderer/src/run/ProgressBar';

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
});
