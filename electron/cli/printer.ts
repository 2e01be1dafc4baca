// Prints run events as the original job's log lines: `YYYY-MM-DD HH:MM:SS - LEVEL - message`.
import { formatLogLine } from '../../shared/summary';
import type { RunEvent } from '../../shared/run-types';
import { reconciliationLine } from '../engine/run-chunk';

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

export function createPrinter(o: Output, now: () => Date = () => new Date()) {
  return (e: RunEvent) => {
    if (e.type === 'log') {
      const line = formatLogLine(now(), e.level, e.line);
      (e.level === 'ERROR' ? o.err : o.out)(line);
    } else if (e.type === 'page-fetched') {
      // The original's per-page line.
      o.out(formatLogLine(now(), 'INFO', `Chunk ${e.index}: page ${e.pages}, accumulated ${e.records} records`));
    } else if (e.type === 'chunk-done' && e.result.reconciliation) {
      // Every record accounted for, in one compact line per chunk.
      const r = e.result.reconciliation;
      const level = e.result.status === 'success' ? 'INFO' : 'ERROR';
      (level === 'ERROR' ? o.err : o.out)(formatLogLine(now(), level, `Chunk ${e.result.index} reconciliation: ${reconciliationLine(r)}`));
    } else if (e.type === 'chunk-restarted') {
      o.out(formatLogLine(now(), 'WARNING', `Chunk ${e.index}: ${e.reason}; paging the chunk again from the start`));
    }
  };
}
