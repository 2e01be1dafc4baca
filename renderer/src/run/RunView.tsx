// One run: its progress while it runs (the summary once done), the status strip and the records chart, the chunk
// table and the log. The same view for the live run and for a run opened from the history.
import { forwardRef, useCallback, useState, type ReactNode } from 'react';
import { ChunkStrip } from './ChunkStrip';
import { ChunkTable, matchesFilter, type RowFilter } from './ChunkTable';
import { count } from './format';
import { LogPane } from './LogPane';
import { runProgress } from './progress';
import { RecordsChart } from './RecordsChart';
import type { RunModel } from './run-model';
import { RunProgress, useNow } from './RunProgress';
import { Summary } from './Summary';

export interface RunViewProps {
  run: RunModel;
  actions?: ReactNode;
  note?: ReactNode;
  cancelling?: boolean;
}

export const RunView = forwardRef<HTMLDivElement, RunViewProps>(function RunView({ run, actions, note, cancelling }, ref) {
  const [follow, setFollow] = useState(true);
  const [filter, setFilter] = useState<RowFilter>('all');
  const [jump, setJump] = useState<{ position: number; seq: number } | undefined>();
  const live = !run.done && !!run.startedAt;
  const now = useNow(live);
  const p = runProgress(run, now);

  // Stable between renders, so the memoised strip and chart skip renders where only the version would not change.
  const chunks = run.chunks;
  const pick = useCallback(
    (position: number) => {
      // A row the filter hides is shown with all the others; following would pull the view away again.
      const c = chunks[position];
      if (c && !matchesFilter(c, filter)) setFilter('all');
      setFollow(false);
      setJump((j) => ({ position, seq: (j?.seq ?? 0) + 1 }));
    },
    [chunks, filter],
  );

  return (
    <div className="run-view" ref={ref} data-run={run.runId}>
      {run.done ? <Summary run={run} progress={p} /> : <RunProgress p={p} runId={run.runId} cancelling={cancelling} />}
      {actions && <div className="run-actions">{actions}</div>}
      {run.chunks.length > 0 && (
        <section className="overview" aria-label="Chunk overview">
          <ChunkStrip chunks={run.chunks} version={run.version} onPick={pick} />
          <RecordsChart chunks={run.chunks} version={run.version} onPick={pick} />
        </section>
      )}
      <section className="chunks" aria-label="Chunks">
        <div className="chunks-head">
          <h2>Chunks</h2>
          <div className="segmented" role="radiogroup" aria-label="Show rows">
            {(
              [
                ['all', `All ${count(p.total)}`],
                ['failed', `✗ only ${count(p.failed + p.cancelled)}`],
                ['warnings', `⚠ only ${count(p.withWarnings)}`],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className={filter === value ? 'on' : ''}>
                <input type="radio" name={`rows-${run.runId}`} value={value} checked={filter === value} onChange={() => setFilter(value)} />{' '}
                {label}
              </label>
            ))}
          </div>
          <label className="inline">
            <input type="checkbox" checked={follow} disabled={filter !== 'all'} onChange={(e) => setFollow(e.target.checked)} /> Follow the
            running chunk
          </label>
        </div>
        <ChunkTable chunks={run.chunks} version={run.version} follow={follow && filter === 'all'} filter={filter} jump={jump} />
      </section>
      {note}
      <LogPane lines={run.logs} version={run.version} />
    </div>
  );
});
