// The running run's header: chunks done of total, records so far, records per second, elapsed and ETA, and a bar.
// Ticks once a second on its own so elapsed and ETA move even while a slow chunk sends nothing.
import { useEffect, useState } from 'react';
import { count, duration } from './format';
import { ProgressBar } from './ProgressBar';
import type { RunProgressFigures } from './progress';

export function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [active, everyMs]);
  return active ? Math.max(now, Date.now()) : now;
}

export function RunProgress({ p, runId, cancelling }: { p: RunProgressFigures; runId: string; cancelling?: boolean }) {
  const rate = p.recordsPerSecond >= 100 ? count(Math.round(p.recordsPerSecond)) : p.recordsPerSecond.toFixed(1);
  return (
    <section className="run-progress" aria-label="Run progress">
      <div className="progress-head">
        <h2>{cancelling ? 'Cancelling…' : 'Running'}</h2>
        <span className="muted">run {runId}</span>
        {p.running && (
          <span className="muted now-running">
            chunk {p.running.index}: {count(p.running.pages)} pages, {count(p.running.records)} records so far
          </span>
        )}
      </div>
      <dl className="progress-figures">
        <div>
          <dt>Chunks</dt>
          <dd data-testid="progress-chunks">
            {count(p.done)} / {count(p.total)}
          </dd>
        </div>
        <div>
          <dt>Records so far</dt>
          <dd data-testid="progress-records">{count(p.records)}</dd>
        </div>
        <div>
          <dt>Records/s</dt>
          <dd data-testid="progress-rate">{rate}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd data-testid="progress-elapsed">{duration(p.elapsedMs)}</dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd data-testid="progress-eta">{p.etaMs === null ? '—' : duration(p.etaMs)}</dd>
        </div>
        {(p.failed > 0 || p.warnings > 0) && (
          <div>
            <dt>Problems</dt>
            <dd>
              {p.failed > 0 && <span className="bad">{count(p.failed)} ✗ </span>}
              {p.warnings > 0 && <span className="warning">{count(p.warnings)} ⚠</span>}
            </dd>
          </div>
        )}
      </dl>
      <ProgressBar label="Chunks done" done={p.done} total={p.total} valueText={`${p.done} of ${p.total} chunks`} />
    </section>
  );
}
