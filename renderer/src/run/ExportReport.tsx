// "Export report": the user picks a format here; the main process shows the save dialog and writes the file.
import { useId, useState } from 'react';
import type { BackfillApi } from '../../../shared/ipc/contract';
import { REPORT_FORMATS, REPORT_FORMAT_LABELS, type ReportFormat } from '../../../shared/ipc/history-views';

export function ExportReport({ api, runId }: { api: BackfillApi; runId: string }) {
  const id = useId();
  const [format, setFormat] = useState<ReportFormat>('html');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const exportIt = async () => {
    setBusy(true);
    setNote(null);
    const r = await api.exportReport({ runId, format });
    setBusy(false);
    if (!r.ok) setNote({ kind: 'error', text: `Could not export the report: ${r.error.message}` });
    else setNote(r.value.saved ? { kind: 'ok', text: `Report saved to ${r.value.path}` } : { kind: 'ok', text: 'Export cancelled.' });
  };

  return (
    <div className="export-report" role="group" aria-label="Export report">
      <label htmlFor={`${id}-format`}>Report format</label>
      <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
        {[...REPORT_FORMATS].reverse().map((f) => (
          <option key={f} value={f}>
            {REPORT_FORMAT_LABELS[f]}
          </option>
        ))}
      </select>
      <button type="button" disabled={busy} onClick={() => void exportIt()}>
        Export report…
      </button>
      {note && (
        <span className={note.kind === 'error' ? 'error' : 'muted'} role="status">
          {note.text}
        </span>
      )}
    </div>
  );
}
