// "Estimate": before a run, ask Mambu for each chunk's total (one small request per chunk, under the connection's
// rate cap; cancellable) and show the expected records, requests and duration, with the largest chunks called out
// and a smaller chunk_hours suggested when one chunk would be hundreds of pages.
import { useEffect, useRef, useState } from 'react';
import type { BackfillApi, Estimate, EstimateEvent } from '../../../shared/ipc/contract';
import { count, duration } from '../run/format';
import { ProgressBar } from '../run/ProgressBar';

type State =
  | { phase: 'idle' }
  | { phase: 'running'; estimateId: string | null; done: number; total: number; records: number; cancelling?: boolean }
  | { phase: 'done'; estimate: Estimate }
  | { phase: 'failed'; error: string; cancelled: boolean };

export interface EstimatePanelProps {
  api: BackfillApi;
  event: unknown;
  /** The event as text: an estimate of another event is marked as such. */
  eventKey: string;
  connection: string;
  /** Valid event and a configured connection, and no run going. */
  canEstimate: boolean;
}

export function EstimatePanel({ api, event, eventKey, connection, canEstimate }: EstimatePanelProps) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [forKey, setForKey] = useState<string | null>(null);
  const current = useRef<string | null>(null);
  // Events that arrive while startEstimate has not answered yet (its id is not known): an estimate of a few chunks
  // can send progress, even its end, before the answer does. Kept, then replayed for the id the answer names.
  const early = useRef<EstimateEvent[] | null>(null);

  const apply = (e: EstimateEvent) => {
    if (e.type === 'estimate-progress')
      setState((s) => (s.phase === 'running' ? { ...s, done: e.done, total: e.total, records: e.records } : s));
    else if (e.type === 'estimate-done') setState({ phase: 'done', estimate: e.estimate });
    else setState({ phase: 'failed', error: e.error, cancelled: e.cancelled });
  };

  useEffect(
    () =>
      api.onEstimateEvent((e: EstimateEvent) => {
        if (current.current === null && early.current) early.current.push(e);
        else if (e.estimateId === current.current) apply(e);
      }),
    [api],
  );

  const start = async () => {
    setState({ phase: 'running', estimateId: null, done: 0, total: 0, records: 0 });
    setForKey(eventKey);
    current.current = null;
    early.current = [];
    const r = await api.startEstimate({ event, connection });
    const arrived = early.current;
    early.current = null;
    if (!r.ok) {
      setState({ phase: 'failed', error: r.error.message, cancelled: false });
      return;
    }
    const id = r.value.estimateId;
    current.current = id;
    setState((s) => (s.phase === 'running' ? { ...s, estimateId: id, total: s.total || r.value.chunks } : s));
    for (const e of arrived ?? []) if (e.estimateId === id) apply(e);
  };

  const cancel = async () => {
    if (state.phase !== 'running' || !state.estimateId) return;
    setState({ ...state, cancelling: true });
    const r = await api.cancelEstimate({ estimateId: state.estimateId });
    if (!r.ok) setState({ phase: 'failed', error: r.error.message, cancelled: false });
  };

  const stale = forKey !== null && forKey !== eventKey && state.phase === 'done';
  return (
    <section className="estimate" aria-label="Estimate">
      <div className="estimate-head">
        <h2>Estimate</h2>
        {state.phase === 'running' ? (
          <button type="button" onClick={() => void cancel()} disabled={!state.estimateId || state.cancelling}>
            {state.cancelling ? 'Cancelling…' : 'Cancel estimate'}
          </button>
        ) : (
          <button type="button" disabled={!canEstimate} onClick={() => void start()}>
            {state.phase === 'done' ? 'Estimate again' : 'Estimate'}
          </button>
        )}
      </div>
      {state.phase === 'idle' && (
        <p className="hint">Asks Mambu how many records each chunk holds (one small request per chunk) and what the run would take.</p>
      )}
      {state.phase === 'running' && (
        <div role="status" aria-label="Estimating">
          <p className="muted">
            Asking Mambu… {count(state.done)} of {count(state.total)} chunks, {count(state.records)} records so far
          </p>
          <ProgressBar label="Chunks estimated" done={state.done} total={state.total} />
        </div>
      )}
      {state.phase === 'failed' && (
        <p className={state.cancelled ? 'muted' : 'error'} role="status">
          {state.cancelled ? 'Estimate cancelled.' : `Could not estimate: ${state.error}`}
        </p>
      )}
      {state.phase === 'done' && <EstimateResult e={state.estimate} stale={stale} />}
    </section>
  );
}

function EstimateResult({ e, stale }: { e: Estimate; stale: boolean }) {
  return (
    <div role="status" aria-label="Estimate result" data-testid="estimate-result">
      {stale && <p className="warning">For the event as it was; it has changed since.</p>}
      <dl className="estimate-figures">
        <div>
          <dt>Records</dt>
          <dd data-testid="estimate-records">{count(e.records)}</dd>
        </div>
        <div>
          <dt>Requests</dt>
          <dd data-testid="estimate-requests">{count(e.runRequests)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="estimate-duration">≈ {duration(e.durationMs)}</dd>
        </div>
      </dl>
      <p className="hint">
        {count(e.chunks.length)} {e.chunks.length === 1 ? 'chunk' : 'chunks'}, {count(e.pages)} pages of {count(e.pageSize)} at ≤{' '}
        {e.requestsPerSecond} requests/s; Parquet writing not included. This estimate sent {count(e.estimateRequests)} requests.
      </p>
      {e.suggestion && (
        <p className="warning" data-testid="estimate-suggestion">
          ⚠ {e.suggestion.message}
        </p>
      )}
      {e.kind === 'windowed' && e.largest.length > 0 && (
        <>
          <h3>Largest chunks</h3>
          <ol className="largest">
            {e.largest.map((c) => (
              <li key={c.index}>
                <span className="window">
                  #{c.index} {c.start} → {c.end}
                </span>{' '}
                <strong>{c.records === null ? 'unknown' : count(c.records)}</strong> records, {count(c.pages)}{' '}
                {c.pages === 1 ? 'page' : 'pages'}
              </li>
            ))}
          </ol>
        </>
      )}
      {e.warnings.map((w) => (
        <p key={w} className="warning">
          ⚠ {w}
        </p>
      ))}
    </div>
  );
}
