// Loads the settings view from the main process (never any secret: only "saved"/"missing").
import { useCallback, useEffect, useState } from 'react';
import type { BackfillApi, IpcError, SettingsView } from '../../../shared/ipc/contract';

export function useSettings(api: BackfillApi) {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const reload = useCallback(async () => {
    const r = await api.getSettings();
    if (r.ok) {
      setSettings(r.value);
      setError(null);
    } else setError(r.error);
  }, [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { settings, error, reload };
}
