// At start: runs that were interrupted (crash, kill, closed laptop) are offered for resume. Resume finishes only
// what is not ✓; Dismiss hides the offer for this session (the run stays in the history, resumable from there).
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { BackfillApi, RunSummaryView } from '../../../shared/ipc/contract';
import { count } from '../run/format';
import { when } from './format';

export function ResumeBanner(props: {
  api: BackfillApi;
  disabled?: boolean;
  onResume: (runId: string) => void;
  refreshKey?: number;
  offerFor?: (runId: string) => ReactNode;
}) {
  const { api, refreshKey } = props;
  const [runs, setRuns] = useState<RunSummaryView[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await api.interruptedRuns();
    if (r.ok) {
      setRuns(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [api]);
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const shown = runs.filter((r) => !dismissed.has(r.runId));
  if (error)
    return (
      <p className="warning" role="status">
        Could not check for interrupted runs: {error}
      </p>
    );
  if (shown.length === 0) return null;
  return (
    <section className="resume-banner" aria-label="Interrupted runs">
      <h2>{shown.length === 1 ? 'A run was interrupted' : `${shown.length} runs were interrupted`}</h2>
      <ul>
        {shown.map((r) => (
          <li key={r.runId}>
            <span>
              <strong>{r.table}</strong> {r.window.start} → {r.window.end}, started {when(r.startedAt)}: {count(r.succeeded)} of{' '}
              {count(r.chunks)} chunks ✓. Resume runs the other {count(r.notSucceeded)} with connection “{r.connection}” into “
              {r.destination}”.
            </span>
            <span className="buttons">
              <button type="button" className="primary" disabled={props.disabled} onClick={() => props.onResume(r.runId)}>
                Resume <span className="sr-only">run {r.runId}</span>
              </button>
              <button type="button" onClick={() => setDismissed((d) => new Set(d).add(r.runId))}>
                Dismiss <span className="sr-only">run {r.runId}</span>
              </button>
            </span>
            {props.offerFor?.(r.runId)}
          </li>
        ))}
      </ul>
    </section>
  );
}
