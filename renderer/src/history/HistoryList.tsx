// Past runs, newest first: when, table, window, status, ✓/✗ counts, records, mode. A journal that could not be read
// is listed too, with why, so nothing disappears silently. Times are UTC (said in the header); Duration is the run's
// wall time; ⚠ counts warnings (schema drift, cast failures, …) so a ✓ run with them does not look clean.
import type { HistoryEntry } from '../../../shared/ipc/contract';
import { count, duration } from '../run/format';
import { MODE_LABEL, when } from './format';

export function HistoryList(props: { entries: readonly HistoryEntry[]; openedId?: string; onOpen: (runId: string) => void }) {
  if (props.entries.length === 0) return <p className="muted">No runs yet. Every run, from the app or the CLI, is listed here.</p>;
  return (
    <table className="history-table" aria-label="Past runs">
      <thead>
        <tr>
          <th scope="col">When (UTC)</th>
          <th scope="col">Table</th>
          <th scope="col">Window</th>
          <th scope="col">Status</th>
          <th scope="col" className="num" title="chunks succeeded">
            ✓
          </th>
          <th scope="col" className="num" title="chunks not succeeded">
            ✗
          </th>
          <th scope="col" className="num" title="warnings over all chunks">
            ⚠
          </th>
          <th scope="col" className="num">
            Records
          </th>
          <th scope="col" className="num" title="wall time of the run">
            Duration
          </th>
          <th scope="col">Mode</th>
          <th scope="col">
            <span className="sr-only">Open</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => {
          if (!e.readable) {
            return (
              <tr key={`bad-${e.path}`} className="unreadable">
                <td>{when(e.modifiedAt)}</td>
                <td colSpan={10} className="warning">
                  Run {e.runId}: {e.message}
                </td>
              </tr>
            );
          }
          const s = e.summary;
          const cls =
            s.outcome === 'cancelled'
              ? 'cancelled'
              : s.status === 0
                ? 'success'
                : s.status === 2
                  ? 'partial'
                  : s.status === 1
                    ? 'failure'
                    : s.interrupted
                      ? 'interrupted'
                      : '';
          return (
            <tr key={s.runId} aria-current={props.openedId === s.runId ? 'true' : undefined}>
              <td>{when(s.startedAt)}</td>
              <td>{s.table}</td>
              <td className="window">
                {s.window.start} → {s.window.end}
              </td>
              <td className={`run-status ${cls}`}>{s.statusLabel}</td>
              <td className="num">{count(s.succeeded)}</td>
              <td className="num">{count(s.notSucceeded)}</td>
              <td className={`num${s.warnings ? ' warning' : ''}`} data-testid="history-warnings">
                {s.warnings ? count(s.warnings) : '0'}
              </td>
              <td className="num">{count(s.records)}</td>
              <td className="num">{s.durationMs === undefined ? '' : duration(s.durationMs)}</td>
              <td>
                {MODE_LABEL[s.mode]}
                {s.parentRunId ? <span className="muted"> of {s.parentRunId}</span> : null}
              </td>
              <td>
                <button type="button" onClick={() => props.onOpen(s.runId)}>
                  Open{' '}
                  <span className="sr-only">
                    run {s.runId} ({s.table}, {when(s.startedAt)})
                  </span>
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
