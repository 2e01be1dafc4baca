// Where a run stands, from its chunks: done of total, records so far, rate, elapsed and an ETA. One pass over the
// rows (8,760 for a year of hourly chunks: well under a millisecond), so it is recomputed on each render rather
// than kept in step with every event.
import type { ChunkResult } from '../../../shared/run-types';
import { chunkWarningCount } from '../../../shared/summary';
import type { RunModel } from './run-model';

export interface RunProgressFigures {
  total: number;
  /** Chunks finished (✓, ✗ or cancelled). */
  done: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Chunks ✓ that carry warnings. */
  warned: number;
  /** Finished chunks (any outcome) that carry warnings. */
  withWarnings: number;
  /** Warnings over all chunks (see chunkWarnings). */
  warnings: number;
  /** Records written by finished chunks plus those the running chunk has fetched so far. */
  records: number;
  elapsedMs: number;
  recordsPerSecond: number;
  /** Time left at the pace so far (finished chunks per elapsed time); null until one chunk is done. */
  etaMs: number | null;
  running?: ChunkResult;
}

/** A chunk's warnings as lines: the engine's structured ones when it recorded them, else its notes, plus the schema
 *  drift (columns kept as string) when no structured warning already names it. */
const KIND: Record<string, string> = {
  'schema-drift': 'schema drift',
  'cast-failure': 'cast failure',
  'outside-window': 'outside the window',
  duplicates: 'duplicates',
  retry: 'retry',
  repaged: 're-paged',
};

export function chunkWarnings(c: ChunkResult): string[] {
  const details = c.warningDetails;
  const lines =
    details && details.length > 0
      ? details.map(
          (w) =>
            `${KIND[w.kind] ? `${KIND[w.kind]}: ` : ''}${w.message}${w.count > 1 && !w.message.includes(String(w.count)) ? ` (${w.count})` : ''}`,
        )
      : c.warnings.filter((w) => !w.startsWith('restarted: '));
  const driftNamed = details?.some((w) => w.kind === 'schema-drift') ?? false;
  if (c.schemaDrift.length > 0 && !driftNamed)
    lines.push(`schema drift: ${c.schemaDrift.join(', ')} kept as string (not in the table catalog)`);
  return lines;
}

export function warningCount(c: ChunkResult): number {
  if (c.status === 'pending' || c.status === 'running') return 0;
  // One definition with the journal, History and reports (shared/summary): one per structured entry.
  return chunkWarningCount(c);
}

export function runProgress(run: RunModel, now: number): RunProgressFigures {
  const f: RunProgressFigures = {
    total: run.chunks.length,
    done: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    warned: 0,
    withWarnings: 0,
    warnings: 0,
    records: 0,
    elapsedMs: 0,
    recordsPerSecond: 0,
    etaMs: null,
  };
  for (const c of run.chunks) {
    f.records += c.records;
    if (c.status === 'running') f.running = c;
    else if (c.status !== 'pending') {
      f.done++;
      if (c.status === 'success') f.succeeded++;
      else if (c.status === 'failed') f.failed++;
      else f.cancelled++;
      const w = warningCount(c);
      f.warnings += w;
      if (w > 0) f.withWarnings++;
      if (w > 0 && c.status === 'success') f.warned++;
    }
  }
  const started = run.startedAt ? Date.parse(run.startedAt) : NaN;
  const end = run.done ? Date.parse(run.done.at) : now;
  f.elapsedMs = Number.isFinite(started) ? Math.max(0, end - started) : 0;
  f.recordsPerSecond = f.elapsedMs > 0 ? (f.records * 1000) / f.elapsedMs : 0;
  if (run.done) f.etaMs = 0;
  else if (f.done > 0 && f.elapsedMs > 0) f.etaMs = (f.elapsedMs / f.done) * (f.total - f.done);
  return f;
}
