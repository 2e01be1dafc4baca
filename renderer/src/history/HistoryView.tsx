// The History tab: the list of past runs and, below it, the run opened in the same table and summary view as a
// live run, with Retry failed / Resume and Export report.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { BackfillApi, HistoryEntry } from '../../../shared/ipc/contract';
import { ExportReport } from '../run/ExportReport';
import { modelFromRecord, type RunModel } from '../run/run-model';
import { RunView } from '../run/RunView';
import { HistoryList } from './HistoryList';

export interface HistoryViewProps {
  api: BackfillApi;
  entries: readonly HistoryEntry[] | null;
  error: string | null;
  onReload: () => void | Promise<void>;
  /** A run is going in this window: retry and resume wait. */
  busy: boolean;
  onRetry: (runId: string) => void;
  onResume: (runId: string) => void;
  /** Changes when a run ended, so the opened run shows its latest outcomes. */
  refreshKey?: number;
  /** What to show beside Retry/Resume of a run (e.g. the offer to add its destination). */
  offerFor?: (runId: string) => ReactNode;
}

export function HistoryView({ api, entries, error, onReload, busy, onRetry, onResume, refreshKey, offerFor }: HistoryViewProps) {
  const [openedId, setOpenedId] = useState<string | null>(null);
  const [opened, setOpened] = useState<RunModel | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const openedRef = useRef<string | null>(null);

  const open = useCallback(
    async (runId: string) => {
      openedRef.current = runId;
      setOpenedId(runId);
      const r = await api.getRun({ runId });
      if (r.ok) {
        setOpened(modelFromRecord(r.value));
        setOpenError(null);
      } else {
        setOpened(null);
        setOpenError(r.error.message);
      }
    },
    [api],
  );
  // Re-read the opened run when a run ended (a retry writes its outcomes into its parent).
  useEffect(() => {
    if (openedRef.current) void open(openedRef.current);
  }, [refreshKey, open]);

  const summary = entries?.flatMap((e) => (e.readable && e.summary.runId === openedId ? [e.summary] : []))[0];
  const canRetry = !!opened?.done && opened.chunks.some((c) => c.status !== 'success');
  const canResume = !!summary?.interrupted;

  return (
    <main className="history" aria-label="Run history">
      <section>
        <div className="chunks-head">
          <h2>Run history</h2>
          <button type="button" onClick={() => void onReload()}>
            Refresh
          </button>
        </div>
        {error && (
          <p className="error" role="alert">
            Could not list the runs: {error}
          </p>
        )}
        {entries ? (
          <HistoryList entries={entries} openedId={openedId ?? undefined} onOpen={(id) => void open(id)} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
      {openError && (
        <p className="error" role="alert">
          Could not open run {openedId}: {openError}
        </p>
      )}
      {opened && (
        <div className="opened-run" aria-label={`Run ${opened.runId}`} role="region">
          <h2>
            Run {opened.runId}
            {opened.context?.parentRunId ? (
              <span className="muted">
                {' '}
                ({opened.context.mode} of {opened.context.parentRunId})
              </span>
            ) : null}
          </h2>
          {!opened.done && (
            <p className="warning">
              {summary?.statusLabel ?? 'Not finished'}: {opened.chunks.filter((c) => c.status === 'success').length} of{' '}
              {opened.chunks.length} chunks ✓.
            </p>
          )}
          <RunView
            run={opened}
            actions={
              <>
                {canRetry && (
                  <button type="button" className="primary" disabled={busy} onClick={() => onRetry(opened.runId)}>
                    Retry failed ({opened.chunks.filter((c) => c.status !== 'success').length})
                  </button>
                )}
                {canResume && (
                  <button type="button" className="primary" disabled={busy} onClick={() => onResume(opened.runId)}>
                    Resume
                  </button>
                )}
                {busy && (canRetry || canResume) && <span className="muted">A run is in progress; wait for it to finish.</span>}
                <ExportReport api={api} runId={opened.runId} />
                {offerFor?.(opened.runId)}
              </>
            }
            note={
              <p className="muted">The journal keeps each chunk's outcome, not the log: the log shows the summary block rebuilt from it.</p>
            }
          />
        </div>
      )}
    </main>
  );
}
