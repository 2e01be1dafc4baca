// Shared pieces of the IPC tests: a real AES-GCM cipher standing in for the OS keyring, temp folders, and a
// scripted engine that honours the runner's contract (RunEvent order, cancel via the signal, summary log lines).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EncryptionStatus } from '../../shared/ipc/contract';
import { planChunks } from '../../shared/plan';
import { pendingChunk, type ChunkResult, type RunEvent, type RunRecord } from '../../shared/run-types';
import { closingLine, runStatus, runTotals, summaryLines } from '../../shared/summary';
import { destinationUri } from '../../shared/settings';
import {
  runsInProcess,
  type CheckResult,
  type EngineApi,
  type EngineSession,
  type RunRequest,
  type SessionOptions,
} from '../../electron/main/core/engine-api';
import { journalObserver } from '../../electron/engine/store';
import type { SecretCipher } from '../../electron/main/core/secret-store';
import type { Dialogs, FileFilter } from '../../electron/main/core/save-dialog';
import { sessionStandIn } from '../helpers/session-stand-in';

export const tempDir = (prefix: string) => mkdtemp(path.join(os.tmpdir(), prefix));

/** The main-owned save dialog, answered without a person: a file in `folder` named as main suggested (or the
 *  answer set by `answer`, e.g. undefined = the user cancelled). Records what main asked. */
export function recordingDialogs(folder: string) {
  const asked: Array<{ defaultName: string; filters: FileFilter[] }> = [];
  let answer: ((defaultName: string) => string | undefined) | null = null;
  const dialogs: Dialogs = {
    async chooseSavePath(defaultName, filters) {
      asked.push({ defaultName, filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })) });
      return answer ? answer(defaultName) : path.join(folder, path.basename(defaultName));
    },
  };
  return {
    dialogs,
    asked,
    /** Overrides the next answers (null restores the default). */
    answerWith(fn: ((defaultName: string) => string | undefined) | null) {
      answer = fn;
    },
  };
}

/** AES-256-GCM with a random key: a real cipher, so the file test can prove no plaintext is written. */
export function aesCipher(
  status: EncryptionStatus = { available: true, backend: 'test-aes', detail: 'test' },
): SecretCipher & { setStatus(s: EncryptionStatus): void } {
  const key = randomBytes(32);
  let st = status;
  return {
    setStatus: (s) => (st = s),
    status: async () => st,
    async encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(bytes) {
      const b = Buffer.from(bytes);
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

export interface ScriptOptions {
  pagesPerChunk: number;
  /** Chunk indices that fail (like a simulator-injected 500). */
  failing?: number[];
  /** Wait between pages, so cancel lands mid-chunk. */
  pageDelayMs?: number;
  /** A testConnection error that echoes the secret (some HTTP stacks print headers). */
  echoSecretInErrors?: boolean;
}

/**
 * An EngineApi that follows electron/engine/runner.ts's contract without Mambu or Parquet: the bridge, the run
 * manager and the renderer-facing stream are what these tests exercise. The real engine is run by run-real.test.ts.
 * Journaling is the real one: the scripted events go through the store's journalObserver, as runJournaled does.
 */
export function scriptedEngine(o: ScriptOptions) {
  const sessions: SessionOptions[] = [];
  const closed: number[] = [];
  const emitted: RunEvent[] = [];
  const openSession = async (opts: SessionOptions) => {
    sessions.push(opts);
    const n = sessions.length;
    return sessionStandIn(opts, 'test', async () => void closed.push(n));
  };
  const runJournaled = async (j: RunRequest & { session: EngineSession }) => {
    const context = j.parent ? { ...j.session.context, parentRunId: j.parent.runId } : j.session.context;
    const journal = journalObserver(
      j.store,
      { runId: j.runId, event: j.event, context, startedAt: new Date().toISOString(), chunks: [] },
      { parent: j.parent, onError: j.onJournalError },
    );
    const record = await runScripted({
      runId: j.runId,
      event: j.event,
      context,
      signal: j.signal,
      only: j.only,
      previous: j.parent?.chunks,
      onEvent: (e) => {
        journal(e);
        j.onEvent(e);
      },
    });
    await journal.flush();
    return { record, parent: journal.parent };
  };
  const engine: EngineApi = {
    openRun: runsInProcess(openSession, runJournaled),
    // Estimates need a real Mambu source: the tests of them use the app's engine (estimate.test.ts).
    estimate: () => Promise.reject(new Error('the scripted engine does not estimate')),
    async testConnection({ connection, secret }): Promise<CheckResult> {
      if (connection.baseUrl.includes('bad'))
        return { ok: false, error: `401 Unauthorized${o.echoSecretInErrors && secret ? ` (apikey: ${secret})` : ''}` };
      return { ok: true, detail: `reached ${connection.baseUrl || 'sandbox'}` };
    },
    async testDestination({ destination }): Promise<CheckResult> {
      return { ok: true, detail: `${destinationUri(destination)} is writable` };
    },
  };

  async function runScripted(opts: {
    runId: string;
    event: RunRequest['event'];
    context: RunRecord['context'];
    signal: AbortSignal;
    onEvent: (e: RunEvent) => void;
    only?: readonly number[];
    previous?: readonly ChunkResult[];
  }): Promise<RunRecord> {
    const runId = opts.runId;
    const emit = (e: RunEvent) => {
      emitted.push(e);
      opts.onEvent(e);
    };
    const log = (level: 'INFO' | 'WARNING' | 'ERROR', m: string) => emit({ type: 'log', runId, level, line: m });
    const startedAt = new Date().toISOString();
    const previous = new Map((opts.previous ?? []).map((c) => [c.index, c]));
    const only = opts.only ? new Set(opts.only) : null;
    const chunks: ChunkResult[] = planChunks(opts.event).chunks.map((c) =>
      only && !only.has(c.index) && previous.has(c.index) ? structuredClone(previous.get(c.index)!) : pendingChunk(c),
    );
    emit({ type: 'run-started', runId, at: startedAt, event: opts.event, context: opts.context, chunks: structuredClone(chunks) });
    log('INFO', `Processing ${chunks.length} chunks`);
    for (const c of chunks) {
      if (only && !only.has(c.index)) continue;
      if (opts.signal.aborted) {
        c.status = 'cancelled';
        emit({ type: 'chunk-done', runId, result: { ...c } });
        continue;
      }
      const t0 = Date.now();
      emit({ type: 'chunk-started', runId, at: new Date().toISOString(), index: c.index });
      for (let p = 1; p <= o.pagesPerChunk; p++) {
        if (opts.signal.aborted) break;
        if (o.pageDelayMs) await new Promise((r) => setTimeout(r, o.pageDelayMs));
        c.pages = p;
        c.requests = p;
        c.records = p * 100;
        emit({ type: 'page-fetched', runId, index: c.index, pages: p, records: c.records, requests: p, retries: 0 });
      }
      c.durationMs = Date.now() - t0;
      if (opts.signal.aborted) {
        c.status = 'cancelled';
        c.error = 'Cancelled';
      } else if (o.failing?.includes(c.index)) {
        c.status = 'failed';
        c.records = 0;
        c.error = `HTTP 500 from ${opts.event.endpoint}: injected failure`;
      } else c.status = 'success';
      emit({ type: 'chunk-done', runId, result: { ...c } });
      log(c.status === 'success' ? 'INFO' : 'ERROR', `Chunk ${c.index}: ${c.status}`);
    }
    for (const l of summaryLines(chunks)) log('INFO', l);
    const closing = closingLine(chunks);
    log(closing.level, closing.message);
    const status = runStatus(chunks);
    // Like the runner: a stopped run is 'cancelled', whatever its status number.
    const outcome = opts.signal.aborted ? ('cancelled' as const) : ('completed' as const);
    emit({ type: 'run-done', runId, at: new Date().toISOString(), status, totals: runTotals(chunks), outcome });
    return { runId, event: opts.event, context: opts.context, startedAt, finishedAt: new Date().toISOString(), chunks, status, outcome };
  }
  /** `options` stays live: a test may change `failing` between runs (a fixed tenant before a retry). */
  return { engine, sessions, closed, emitted, options: o };
}
