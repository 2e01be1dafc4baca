// The run history from the main process (journals of app and CLI runs), reloaded on demand.
import { useCallback, useEffect, useState } from 'react';
import type { BackfillApi, HistoryEntry } from '../../../shared/ipc/contract';

export function useHistory(api: BackfillApi, refreshKey = 0) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    const r = await api.listHistory();
    if (r.ok) {
      setEntries(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [api]);
  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);
  return { entries, error, reload };
}
