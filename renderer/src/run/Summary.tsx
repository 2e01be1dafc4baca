// The run's outcome: Complete Success / Partial Success / Complete Failure with the status number, as the CLI ends,
// or Cancelled when the user stopped it; with the warnings counted so a ✓ run with schema drift does not look clean.
// Duration is the run's wall time (start to end); each chunk's own time is in the table's "Chunk time".
import { STATUS_LABEL } from '../../../shared/summary';
import { count, duration } from './format';
import { runProgress, type RunProgressFigures } from './progress';
import type { RunModel } from './run-model';

/** A run the user stopped: chunks were cancelled, none failed, and nothing fatal happened. */
function wasCancelled(run: RunModel): boolean {
  const d = run.done;
  if (!d || d.fatalError || run.setupError) return false;
  // The engine records how the run ended; older journals do not say, and then only cancelled rows tell.
  if (d.outcome) return d.outcome === 'cancelled';
  return d.totals.cancelled > 0 && d.totals.failed === 0;
}

export function Summary({ run, progress }: { run: RunModel; progress?: RunProgressFigures }) {
  const done = run.done;
  if (!done) return null;
  const p = progress ?? runProgress(run, Date.now());
  const t = done.totals;
  const ok = t.succeeded;
  const notOk = t.chunks - t.succeeded;
  const wall = run.startedAt ? Date.parse(done.at) - Date.parse(run.startedAt) : t.durationMs;
  const cancelled = wasCancelled(run);
  const cls = cancelled
    ? 'cancelled'
    : done.status === 0
      ? p.warnings > 0
        ? 'success warned'
        : 'success'
      : done.status === 2
        ? 'partial'
        : 'failure';
  return (
    <section className={`summary ${cls}`} aria-label="Run summary" role="status">
      <h2>
        {cancelled ? (
          <>
            Cancelled{' '}
            <span className="status-number">
              ({count(ok)} of {count(t.chunks)} chunks ✓ before the cancel; status {done.status})
            </span>
          </>
        ) : (
          <>
            {STATUS_LABEL[done.status]} <span className="status-number">(status {done.status})</span>
            {p.warnings > 0 && (
              <span className="warning">
                {' '}
                with {count(p.warnings)} {p.warnings === 1 ? 'warning' : 'warnings'}
              </span>
            )}
          </>
        )}
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
          <dt>⚠ warnings</dt>
          <dd data-testid="summary-warnings" className={p.warnings > 0 ? 'warning' : undefined}>
            {count(p.warnings)}
            {p.withWarnings > 0 ? (
              <span className="dd-note">
                {' '}
                in {count(p.withWarnings)} {p.withWarnings === 1 ? 'chunk' : 'chunks'}
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Records</dt>
          <dd data-testid="summary-records">{count(t.records)}</dd>
        </div>
        <div>
          <dt title="Wall time of the run, from start to end">Duration (wall time)</dt>
          <dd data-testid="summary-duration">{duration(Number.isFinite(wall) ? wall : t.durationMs)}</dd>
        </div>
      </dl>
      {(done.fatalError || run.setupError) && <p className="error">{done.fatalError ?? run.setupError}</p>}
      {run.context && (
        <p className="muted">
          Data in <code>{run.context.destinationUri}</code> · run {run.runId}
          {p.warnings > 0 && <> · show the ⚠ rows with “⚠ only” below</>}
        </p>
      )}
    </section>
  );
}
