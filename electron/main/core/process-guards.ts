// The main process's last line of defence. An uncaught exception or an unhandled rejection means some state may
// be wrong; carrying on could write a table from a broken process. So: log it, and stop every run safely — the
// same path as Cancel, so each chunk in flight is marked cancelled, the journal is written and the run can be
// resumed. The app stays open so the window shows what happened. No electron import: tested in Node.
import type { EventEmitter } from 'node:events';

export interface RunStopper {
  /** Aborts every run with `reason`; resolves when they have ended and their journals are written. */
  stopAll(reason: string): Promise<void>;
}

export interface ProcessGuardOptions {
  /** The process to watch (the real one in the app; an emitter in tests, where the test runner owns `process`). */
  proc?: EventEmitter;
  /** The runs to stop; undefined before the services exist. */
  runs: () => RunStopper | undefined;
  log?: (line: string) => void;
}

export function installProcessGuards(o: ProcessGuardOptions): () => void {
  const proc = o.proc ?? process;
  const log = o.log ?? ((line: string) => console.error(line));
  const onError = (kind: string) => (err: unknown) => {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`[main] ${kind}: ${text}`);
    const runs = o.runs();
    if (!runs) return;
    const reason = `Stopped: the app hit an unexpected error (${err instanceof Error ? err.message : String(err)}); resume the run from the history`;
    void runs.stopAll(reason).then(
      () => log('[main] every run was stopped and journaled after the error'),
      (e: unknown) => log(`[main] stopping the runs failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  const onException = onError('uncaught exception');
  const onRejection = onError('unhandled rejection');
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
