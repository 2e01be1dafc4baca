// Subscribes to run events (unsubscribing on unmount) and re-renders at most every ~50 ms, however fast events come.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackfillApi, IpcError, Result } from '../../../shared/ipc/contract';
import { applyRunEvent, emptyRun, type RunModel } from './run-model';

export type RunPhase = 'idle' | 'starting' | 'running' | 'cancelling' | 'done';

export function useRun(api: BackfillApi) {
  const model = useRef<RunModel | null>(null);
  const [, setTick] = useState(0);
  const [phase, setPhase] = useState<RunPhase>('idle');
  const [error, setError] = useState<IpcError | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const render = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setTick((t) => t + 1);
      const m = model.current;
      if (m?.done) setPhase('done');
    }, 50);
  }, []);

  useEffect(() => {
    const off = api.onRunEvents((batch) => {
      for (const e of batch) model.current = applyRunEvent(model.current, e);
      render();
    });
    return () => {
      off();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [api, render]);

  /** Starts a run (new, retry or resume) through `invoke`, which answers with the new run's id. */
  const begin = useCallback(
    async <T extends { runId: string }>(invoke: () => Promise<Result<T>>): Promise<Result<T>> => {
      setError(null);
      setPhase('starting');
      const r = await invoke();
      if (!r.ok) {
        setError(r.error);
        setPhase(model.current?.done ? 'done' : 'idle');
        return r;
      }
      // Events may have arrived before the reply; keep them if they are this run's.
      if (!model.current || model.current.runId !== r.value.runId) model.current = emptyRun(r.value.runId);
      setPhase(model.current.done ? 'done' : 'running');
      render();
      return r;
    },
    [render],
  );

  const start = useCallback(
    (req: { event: unknown; connection: string; destination: string }) => begin(() => api.startRun(req)),
    [api, begin],
  );

  const cancel = useCallback(async () => {
    const m = model.current;
    if (!m || m.done) return;
    setPhase('cancelling');
    const r = await api.cancelRun({ runId: m.runId });
    if (!r.ok) setError(r.error);
  }, [api]);

  return {
    model: model.current,
    phase,
    error,
    begin,
    start,
    cancel,
    busy: phase === 'starting' || phase === 'running' || phase === 'cancelling',
  };
}
