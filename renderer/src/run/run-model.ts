// The renderer's view of one run, built from the streamed RunEvents. Updated in place (a year of hourly chunks is
// 8,760 rows; copying them per event would be wasteful); `version` tells React something changed.
import type { ChunkResult, RunEvent, RunRecord, RunStatus, RunTotals, RunContext, RunOutcome } from '../../../shared/run-types';
import { closingLine, formatLogLine, runStatus, runTotals, summaryLines } from '../../../shared/summary';

export interface RunModel {
  runId: string;
  context?: RunContext;
  startedAt?: string;
  chunks: ChunkResult[];
  /** chunk index → position in `chunks` (a retry run may hold a subset of indices). */
  position: Map<number, number>;
  logs: string[];
  setupError?: string;
  done?: { at: string; status: RunStatus; totals: RunTotals; fatalError?: string; outcome?: RunOutcome };
  version: number;
}

export function emptyRun(runId: string): RunModel {
  return { runId, chunks: [], position: new Map(), logs: [], version: 0 };
}

/** Applies one event; returns the model to keep (a new one when a run starts). Events of another run are ignored. */
export function applyRunEvent(model: RunModel | null, e: RunEvent): RunModel | null {
  if (e.type === 'run-started') {
    // Log lines may arrive before run-started (the runner logs its plan first): keep them.
    const next = model && model.runId === e.runId ? model : emptyRun(e.runId);
    next.context = e.context;
    next.startedAt = e.at;
    next.chunks = e.chunks.map((c) => ({ ...c }));
    next.position = new Map(next.chunks.map((c, i) => [c.index, i]));
    next.version++;
    return next;
  }
  let m = model;
  if (!m || m.runId !== e.runId) {
    // The first event of a run we have not seen start (e.g. its runId arrived after a log line).
    if (m && !m.done) return m;
    m = emptyRun(e.runId);
  }
  const row = (index: number) => {
    const at = m.position.get(index);
    return at === undefined ? undefined : m.chunks[at];
  };
  switch (e.type) {
    case 'setup-checked':
      if (!e.ok) m.setupError = e.error ?? 'the setup check failed';
      break;
    case 'chunk-started': {
      const c = row(e.index);
      if (c) {
        c.status = 'running';
        c.startedAt = e.at;
        c.pages = 0;
        c.records = 0;
      }
      break;
    }
    case 'page-fetched': {
      const c = row(e.index);
      if (c && c.status === 'running') {
        c.pages = e.pages;
        c.records = e.records;
        c.requests = e.requests;
        c.retries = e.retries;
      }
      break;
    }
    case 'chunk-restarted': {
      const c = row(e.index);
      if (c) {
        c.pages = 0;
        c.records = 0;
        c.warnings = [...c.warnings, `restarted: ${e.reason}`];
      }
      break;
    }
    case 'chunk-done': {
      const at = m.position.get(e.result.index);
      if (at === undefined) {
        m.position.set(e.result.index, m.chunks.length);
        m.chunks.push({ ...e.result });
      } else m.chunks[at] = { ...e.result };
      break;
    }
    case 'log':
      m.logs.push(e.line);
      break;
    case 'run-done':
      m.done = {
        at: e.at,
        status: e.status,
        totals: e.totals,
        ...(e.fatalError ? { fatalError: e.fatalError } : {}),
        ...(e.outcome ? { outcome: e.outcome } : {}),
      };
      // Chunks still marked running were cut off (a fatal error): they did not finish.
      for (const c of m.chunks) if (c.status === 'running') c.status = 'cancelled';
      break;
  }
  m.version++;
  return m;
}

/** A past run (its journal) in the same shape as a live one, so the same table and summary show it. Journals keep
 *  outcomes, not log lines: the log is the summary block the run printed, rebuilt from its chunks. */
export function modelFromRecord(r: RunRecord): RunModel {
  const chunks = r.chunks.map((c) => ({ ...c }));
  const m: RunModel = {
    runId: r.runId,
    context: r.context,
    startedAt: r.startedAt,
    chunks,
    position: new Map(chunks.map((c, i) => [c.index, i])),
    logs: [],
    version: 1,
  };
  if (r.finishedAt !== undefined) {
    const status = r.status ?? runStatus(chunks, r.fatalError !== undefined);
    m.done = {
      at: r.finishedAt,
      status,
      totals: runTotals(chunks, r),
      ...(r.fatalError ? { fatalError: r.fatalError } : {}),
      ...(r.outcome ? { outcome: r.outcome } : {}),
    };
    const at = new Date(r.finishedAt);
    const closing = closingLine(chunks);
    m.logs = [...summaryLines(chunks).map((l) => formatLogLine(at, 'INFO', l)), formatLogLine(at, closing.level, closing.message)];
  }
  return m;
}
