// What the run will do, before it runs: number of chunks, first and last window, snapshot vs windowed, and exactly
// where the objects will land (the destination dropdown names it; this spells out the partition folders).
import { memo } from 'react';
import type { DestinationView } from '../../shared/ipc/contract';
import type { EventValidation } from '../../shared/event/schema';
import { previewPlan } from '../../shared/ipc/plan-preview';
import { count } from './run/format';

// Memoised: the app re-renders every ~50 ms while a run streams, and planning a year of hourly chunks on each of
// those renders kept the main thread busy (window benchmark); the plan only changes with the event.
/** `YYYY-MM-DD HH:MM:SS` → `YYYYMMDD`, the day of the Hive partition. */
const day = (t: string) => t.slice(0, 10).replaceAll('-', '');

/** The partition folder(s) a run writes: `s3://bucket/prefix/table/date=…/` or `<folder>/table/date=…/`. */
function targetFolders(d: DestinationView, table: string, first: string, last: string | null): { base: string; days: string } {
  const base =
    d.kind === 's3'
      ? `s3://${d.bucket}/${d.prefix ? d.prefix.replace(/\/+$/, '') + '/' : ''}${table}/`
      : `${d.path.replace(/[\\/]+$/, '')}${d.path.includes('\\') && !d.path.includes('/') ? '\\' : '/'}${table}/`;
  return { base, days: last && last !== first ? `date=${first}/ … date=${last}/` : `date=${first}/` };
}

function lastDay(endExclusive: string): string {
  const t = new Date(endExclusive.replace(' ', 'T') + 'Z');
  return Number.isNaN(t.getTime()) ? day(endExclusive) : new Date(t.getTime() - 1000).toISOString().slice(0, 10).replaceAll('-', '');
}

export const PlanPreview = memo(function PlanPreview({
  validation,
  destination,
}: {
  validation: EventValidation;
  destination?: DestinationView;
}) {
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
            <strong>{count(p.chunkCount)}</strong> {p.chunkCount === 1 ? 'chunk' : 'chunks'} of {validation.event.chunk_hours} h, windowed
            on {validation.event.cdc_field ?? 'the default field'}
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
    if (destination) {
      const e = validation.event;
      const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      const t =
        p.kind === 'snapshot'
          ? targetFolders(destination, e.table_name, today, null)
          : targetFolders(destination, e.table_name, day(e.start_date), lastDay(e.end_date));
      body = (
        <>
          {body}
          <p className="plan-target">
            <span className="muted">Writes to</span>{' '}
            <code data-testid="plan-target">
              {t.base}
              {t.days}
            </code>
            <span className="hint">
              {p.kind === 'snapshot'
                ? ' One partition, the run date (UTC).'
                : ` One folder per UTC day of ${e.cdc_field ?? 'the cdc field'}; records land in the day of their own date.`}
            </span>
          </p>
        </>
      );
    }
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
