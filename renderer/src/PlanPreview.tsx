// What the run will do, before it runs: number of chunks, first and last window, snapshot vs windowed.
import { memo } from 'react';
import type { EventValidation } from '../../shared/event/schema';
import { previewPlan } from '../../shared/ipc/plan-preview';
import { count } from './run/format';

// Memoised: the app re-renders every ~50 ms while a run streams, and planning a year of hourly chunks on each of
// those renders kept the main thread busy (window benchmark); the plan only changes with the event.
export const PlanPreview = memo(function PlanPreview({ validation }: { validation: EventValidation }) {
  if (!validation.ok) {
    return (
      <section className="plan" aria-label="Plan">
        <h2>Plan</h2>
        <p className="muted">Fix the fields marked above to see the plan.</p>
      </section>
    );
  }
  let body;
  try {
    const p = previewPlan(validation.event);
    body =
      p.kind === 'snapshot' ? (
        <p data-testid="plan-summary">1 snapshot chunk: the endpoint has no date filter, so it is fetched once.</p>
      ) : (
        <>
          <p data-testid="plan-summary">
            <strong>{count(p.chunkCount)}</strong> {p.chunkCount === 1 ? 'chunk' : 'chunks'} of {validation.event.chunk_hours} h, windowed on {validation.event.cdc_field ?? 'the default field'}
          </p>
          <dl>
            <dt>First window</dt>
            <dd>
              {p.first.start} → {p.first.end}
            </dd>
            <dt>Last window</dt>
            <dd>
              {p.last.start} → {p.last.end}
            </dd>
          </dl>
        </>
      );
  } catch (err) {
    body = <p className="error">{(err as Error).message}</p>;
  }
  return (
    <section className="plan" aria-label="Plan">
      <h2>Plan</h2>
      {body}
    </section>
  );
});
