// Benchmark-only engine for the bridge (BRIDGE_ENGINE=synthetic): the real runner's event sequence for every
// chunk of the plan — run-started, setup-checked, per chunk "Processing…" log, chunk-started, page-fetched × pages,
// "Successfully processed…" log, chunk-done, then the CLI's summary lines and run-done — at a fixed pace, with no
// HTTP, Parquet or journal behind it. It goes through the REAL RunManager (and so its progress coalescer), which is
// what the window sees; it exists because a real 8,760-chunk run takes minutes of engine time the window bench
// does not measure.
import { planChunks } from '../../../shared/plan';
import { pendingChunk, type RunEvent, type RunRecord } from '../../../shared/run-types';
import { closingLine, runStatus, runTotals, summaryLines } from '../../../shared/summary';
import {
  runsInProcess,
  type EngineApi,
  type EngineSession,
  type RunRequest,
  type SessionOptions,
} from '../../../electron/main/core/engine-api';
import { sessionStandIn } from '../../helpers/session-stand-in';

export interface SyntheticPace {
  /** Time per chunk, ms (default 5: 8,760 chunks in about a minute). */
  chunkMs: number;
  /** page-fetched events per chunk (default 3). */
  pages: number;
  recordsPerPage: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function syntheticEngine(real: EngineApi, pace: SyntheticPace = { chunkMs: 5, pages: 3, recordsPerPage: 20 }): EngineApi {
  const openSession = async (opts: SessionOptions) => sessionStandIn(opts, 'synthetic');
  const runJournaled = async (o: RunRequest & { session: EngineSession }) => {
    const { runId, signal } = o;
    const emit = (e: RunEvent) => o.onEvent(e);
    const log = (level: 'INFO' | 'WARNING' | 'ERROR', line: string) => emit({ type: 'log', runId, level, line });
    const record: RunRecord = { runId, event: o.event, context: o.session.context, startedAt: new Date().toISOString(), chunks: [] };
    record.chunks = planChunks(o.event).chunks.map(pendingChunk);
    emit({
      type: 'run-started',
      runId,
      at: record.startedAt,
      event: o.event,
      context: record.context,
      chunks: structuredClone(record.chunks),
    });
    emit({ type: 'setup-checked', runId, at: new Date().toISOString(), ok: true });
    for (const c of record.chunks) {
      if (signal.aborted) {
        c.status = 'cancelled';
        c.error = 'Cancelled before it started';
        emit({ type: 'chunk-done', runId, result: { ...c } });
        continue;
      }
      const began = Date.now();
      log('INFO', `Processing chunk ${c.index}: ${c.start} to ${c.end}`);
      emit({ type: 'chunk-started', runId, at: new Date(began).toISOString(), index: c.index });
      for (let p = 1; p <= pace.pages; p++) {
        await sleep(pace.chunkMs / pace.pages);
        emit({ type: 'page-fetched', runId, index: c.index, pages: p, records: p * pace.recordsPerPage, requests: p, retries: 0 });
      }
      Object.assign(c, {
        status: 'success',
        pages: pace.pages,
        requests: pace.pages,
        records: pace.pages * pace.recordsPerPage,
        durationMs: Date.now() - began,
      });
      log('INFO', `Successfully processed chunk ${c.index}: ${c.records} records`);
      emit({ type: 'chunk-done', runId, result: { ...c } });
    }
    if (signal.aborted) log('WARNING', 'Run cancelled');
    for (const line of summaryLines(record.chunks)) log('INFO', line);
    const closing = closingLine(record.chunks);
    log(closing.level, closing.message);
    record.finishedAt = new Date().toISOString();
    record.status = runStatus(record.chunks);
    emit({ type: 'run-done', runId, at: record.finishedAt, status: record.status, totals: runTotals(record.chunks) });
    return { record };
  };
  return { ...real, openRun: runsInProcess(openSession, runJournaled) };
}
