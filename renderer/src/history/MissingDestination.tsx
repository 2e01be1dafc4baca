// Retry or Resume of a run (often a CLI run) whose destination location matches no saved destination: say where it
// wrote and offer to add that location as a destination, then continue — shown beside the button that was pressed.
import { useState } from 'react';
import type { BackfillApi, MissingDestination } from '../../../shared/ipc/contract';

export function MissingDestinationOffer({
  api,
  missing,
  mode,
  onAdded,
  onDismiss,
}: {
  api: BackfillApi;
  missing: MissingDestination;
  mode: 'retry' | 'resume';
  onAdded: () => void;
  onDismiss: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = missing.suggested.name;
  const add = async () => {
    setBusy(true);
    setError(null);
    const r = await api.saveDestination({ destination: missing.suggested });
    setBusy(false);
    if (r.ok) onAdded();
    else setError(`Could not add the destination: ${r.error.message}`);
  };
  return (
    <div className="missing-destination warning" role="alert" data-testid="missing-destination">
      <p>
        Run {missing.runId} wrote to <code>{missing.uri}</code>, and no saved destination points there.
      </p>
      <span className="buttons">
        <button type="button" className="primary" disabled={busy} onClick={() => void add()}>
          Add “{name}” and {mode}
        </button>
        <button type="button" onClick={onDismiss}>
          Not now
        </button>
      </span>
      {error && <p className="error">{error}</p>}
    </div>
  );
}
