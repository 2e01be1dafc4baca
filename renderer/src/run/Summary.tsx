// The run's outcome: Complete Success / Partial Success / Complete Failure with the status number, as the CLI ends.
import { STATUS_LABEL } from '../../../shared/summary';
import type { RunModel } from './run-model';
import { count, duration } from './format';

export function Summary({ run }: { run: RunModel }) {
  const done = run.done;
  if (!done) return null;
  const t = done.totals;
  const ok = t.succeeded;
  const notOk = t.chunks - t.succeeded;
  const wall = run.startedAt ? Date.parse(done.at) - Date.parse(run.startedAt) : t.durationMs;
  const cls = done.status === 0 ? 'success' : done.status === 2 ? 'partial' : 'failure';
  return (
    <section className={`summary ${cls}`} aria-label="Run summary" role="status">
      <h2>
        {STATUS_LABEL[done.status]} <span className="status-number">(status {done.status})</span>
      </h2>
      <dl>
        <div>
          <dt>✓ succeeded</dt>
          <dd data-testid="summary-succeeded">{count(ok)}</dd>
        </div>
        <div>
          <dt>✗ not succeeded</dt>
          <dd data-testid="summary-failed">
            {count(notOk)}
            {t.cancelled > 0 ? ` (${count(t.cancelled)} cancelled)` : ''}
          </dd>
        </div>
        <div>
          <dt>Records</dt>
          <dd data-testid="summary-records">{count(t.records)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="summary-duration">{duration(Number.isFinite(wall) ? wall : t.durationMs)}</dd>
        </div>
      </dl>
      {(done.fatalError || run.setupError) && <p className="error">{done.fatalError ?? run.setupError}</p>}
      {run.context && (
        <p className="muted">
          Data in <code>{run.context.destinationUri}</code> · run {run.runId}
        </p>
      )}
    </section>
  );
}
