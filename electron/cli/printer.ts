// Prints run events as the original job's log lines: `YYYY-MM-DD HH:MM:SS - LEVEL - message`.
import { formatLogLine } from '../../shared/summary';
import type { RunEvent } from '../../shared/run-types';

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
    } else if (e.type === 'chunk-restarted') {
      o.out(formatLogLine(now(), 'WARNING', `Chunk ${e.index}: ${e.reason}; paging the chunk again from the start`));
    }
  };
}
