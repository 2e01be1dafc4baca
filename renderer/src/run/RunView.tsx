// One run's outcome: the summary, the chunk table and the log. The same view for the live run and for a run opened
// from the history.
import { useState, type ReactNode } from 'react';
import { ChunkTable } from './ChunkTable';
import { LogPane } from './LogPane';
import type { RunModel } from './run-model';
import { Summary } from './Summary';

export function RunView({ run, actions, note }: { run: RunModel; actions?: ReactNode; note?: ReactNode }) {
  const [follow, setFollow] = useState(true);
  return (
    <>
      {run.done && <Summary run={run} />}
      {actions && <div className="run-actions">{actions}</div>}
      <section className="chunks" aria-label="Chunks">
        <div className="chunks-head">
          <h2>Chunks</h2>
          <label className="inline">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow the running chunk
          </label>
        </div>
        <ChunkTable chunks={run.chunks} version={run.version} follow={follow} />
      </section>
      {note}
      <LogPane lines={run.logs} version={run.version} />
    </>
  );
}
