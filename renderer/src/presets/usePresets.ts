// Presets from the main process, plus the problems its store found reading presets.json.
import { useCallback, useEffect, useState } from 'react';
import type { BackfillApi, StoreProblemView } from '../../../shared/ipc/contract';
import type { Preset } from '../../../shared/presets';

export function usePresets(api: BackfillApi) {
  const [presets, setPresets] = useState<Preset[] | null>(null);
  const [problems, setProblems] = useState<StoreProblemView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    const r = await api.listPresets();
    if (r.ok) {
      setPresets(r.value.presets);
      setProblems(r.value.problems);
      setError(null);
    } else setError(r.error.message);
  }, [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { presets, problems, error, reload };
}
