// `--list-runs`: past runs, newest first, from the journals the app and the CLI share.
import type { JournalStore } from '../engine/store';
import type { Output } from './printer';

export async function printRunList(store: JournalStore, io: Output): Promise<number> {
  const entries = await store.list();
  if (entries.length === 0) {
    io.out('No runs yet.');
    return 0;
  }
  io.out(
    [
      'RUN ID'.padEnd(22),
      'STARTED (UTC)'.padEnd(19),
      'STATUS'.padEnd(30),
      '✓/✗'.padEnd(9),
      'RECORDS'.padStart(9),
      'WARNINGS'.padStart(8),
      ' TABLE  WINDOW',
    ].join(' '),
  );
  for (const entry of entries) {
    if (!entry.readable) {
      io.out(`${entry.runId.padEnd(22)} unreadable journal ${entry.path}: ${entry.message}`);
      continue;
    }
    const e = entry.summary;
    const status = `${e.statusLabel}${e.mode !== 'run' ? ` (${e.mode} of ${e.parentRunId})` : ''}`;
    io.out(
      [
        e.runId.padEnd(22),
        e.startedAt.slice(0, 19).replace('T', ' ').padEnd(19),
        status.padEnd(30),
        `${e.succeeded}/${e.notSucceeded}`.padEnd(9),
        String(e.records).padStart(9),
        String(e.warnings ?? 0).padStart(8),
        ` ${e.table}  ${e.window.start} to ${e.window.end}${e.interrupted && !e.resumedBy ? '  (resume with --resume ' + e.runId + ')' : ''}`,
      ].join(' '),
    );
  }
  return 0;
}
