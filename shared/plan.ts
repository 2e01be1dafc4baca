// The chunk planner: [start_date, end_date) in UTC into chunk_hours windows, the last one cut at end_date.
// Snapshot endpoints (GET with no date filter) are planned as one snapshot chunk, fetched once per run.
import { Duration } from 'luxon';
import { endpointKind } from './endpoints';
import { chunkLimitProblem, MAX_CHUNKS, type BackfillEvent } from './event/schema';
export { MAX_CHUNKS };
import { formatEventDate, parseEventDate } from './event/datetime';

export interface PlannedChunk {
  /** 1-based, as the original job numbered chunks. */
  index: number;
  /** `YYYY-MM-DD HH:MM:SS` UTC, inclusive. */
  start: string;
  /** `YYYY-MM-DD HH:MM:SS` UTC, exclusive. */
  end: string;
  kind: 'window' | 'snapshot';
}

export interface Plan {
  chunks: PlannedChunk[];
  kind: 'windowed' | 'snapshot';
  totalHours: number;
}

export function planChunks(event: Pick<BackfillEvent, 'endpoint' | 'start_date' | 'end_date' | 'chunk_hours'>): Plan {
  const start = parseEventDate(event.start_date);
  const end = parseEventDate(event.end_date);
  if (!start || !end || start >= end) throw new Error('planChunks needs a validated event (start_date before end_date)');
  const totalHours = end.diff(start, 'hours').hours;
  if (endpointKind(event.endpoint) === 'snapshot-get') {
    return {
      kind: 'snapshot',
      totalHours,
      chunks: [{ index: 1, start: event.start_date, end: event.end_date, kind: 'snapshot' }],
    };
  }
  const tooMany = chunkLimitProblem(countChunks(event), event.chunk_hours);
  if (tooMany) throw new Error(tooMany);
  const step = Duration.fromObject({ hours: event.chunk_hours });
  const chunks: PlannedChunk[] = [];
  for (let s = start, i = 1; s < end; i++) {
    const next = s.plus(step);
    const e = next < end ? next : end;
    chunks.push({ index: i, start: formatEventDate(s), end: formatEventDate(e), kind: 'window' });
    s = e;
  }
  return { kind: 'windowed', totalHours, chunks };
}

/** Chunk count without materialising the plan (for live form hints). */
export function countChunks(event: Pick<BackfillEvent, 'endpoint' | 'start_date' | 'end_date' | 'chunk_hours'>): number {
  if (endpointKind(event.endpoint) === 'snapshot-get') return 1;
  const start = parseEventDate(event.start_date);
  const end = parseEventDate(event.end_date);
  if (!start || !end || start >= end) return 0;
  return Math.ceil(end.diff(start, 'hours').hours / event.chunk_hours);
}
