// The bridge as a React context: the app uses whatever BackfillApi it is given (the preload's window.backfill in
// Electron, the Node-backed harness in browser tests, a fake in component tests).
import { createContext, useContext, type ReactNode } from 'react';
import type { BackfillApi } from '../../shared/ipc/contract';

const ApiContext = createContext<BackfillApi | null>(null);

export function ApiProvider({ api, children }: { api: BackfillApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): BackfillApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiProvider>');
  return api;
}
