// Run journals, one per run (app or CLI), so a crash loses at most the chunk in flight and history, retry and resume
// can rely on what is on disk:
//   runs/<runId>.json          a snapshot of the RunRecord, replaced atomically (at start, at the end, on demand);
//   runs/<runId>.chunks.jsonl  one line per chunk outcome since that snapshot, appended and fsynced as each chunk
//                              ends — O(1) per chunk, where rewriting the whole record after every chunk cost O(n)
//                              (a year of hourly chunks: ~45 ms per chunk). A torn last line (a crash mid-append)
//                              is ignored: that chunk is simply not ✓, so resume runs it again.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChunkResult, RunRecord } from '../../../shared/run-types';
import type { HistoryEntry, RunSummaryView } from '../../../shared/ipc/history-views';
import { chunkWarningCount, runLabel, runStatus } from '../../../shared/summary';
import { isTempFile, readJsonFile, writeFileAtomic, type ParseResult } from './atomic-file';
import { StoreError, type StoreIssue } from './store-error';

export const JOURNAL_VERSION = 1;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const CORRUPT_NAME = /^(.+)\.json\.corrupt-[^/\\]+$/;

/** Which process writes a journal, so a run with no finishedAt can be told apart: still going, or crashed. */
export interface JournalWriter {
  pid: number;
  hostname: string;
}

/** One past run as the history lists it, and an unreadable journal as listed (kept aside): the shapes the
 *  renderer shows, defined once in shared/. */
export type RunSummary = RunSummaryView;
export type RunListEntry = HistoryEntry;

export interface JournalStoreOptions {
  /** Defaults to this process. Tests set another to stand for a crashed process. */
  writer?: JournalWriter;
  now?: () => Date;
}

export function isValidRunId(runId: string): boolean {
  return RUN_ID.test(runId);
}

type JournalOp = { kind: 'snapshot'; record: RunRecord } | { kind: 'append'; line: string };

export class JournalStore {
  private readonly writer: JournalWriter;
  /** Per journal file: operations not yet started, and the one running. Writes to one run never overlap. */
  private readonly queues = new Map<string, { ops: Array<JournalOp & { done: Deferred }>; running: Promise<void> | null }>();

  constructor(
    readonly runsDir: string,
    private readonly opts: JournalStoreOptions = {},
  ) {
    this.writer = opts.writer ?? { pid: process.pid, hostname: os.hostname() };
  }

  pathOf(runId: string): string {
    if (!isValidRunId(runId)) {
      throw new StoreError(
        'invalid',
        `"${runId}" is not a run id: expected letters, digits, ".", "_" or "-" (as listed by the run history)`,
      );
    }
    return path.join(this.runsDir, `${runId}.json`);
  }

  /** Writes a new journal; a run id already on disk is a conflict (run ids are never reused). */
  async create(record: RunRecord): Promise<string> {
    const file = this.pathOf(record.runId);
    const exists = await fs.access(file).then(
      () => true,
      () => false,
    );
    if (exists || this.queues.has(file)) {
      throw new StoreError('conflict', `A journal for run ${record.runId} already exists at ${file}; run ids are never reused.`, {
        path: file,
      });
    }
    await this.update(record);
    return file;
  }

  /** Replaces the snapshot with `record` and folds the chunk log into it. The record is serialised when its write
   *  starts, and while writes are queued only the newest snapshot is kept: callers must not mutate a record after
   *  handing it over (the journal observer builds a new one per change). Resolves once a snapshot at least as new
   *  as this one is on disk. */
  update(record: RunRecord): Promise<void> {
    const file = this.pathOf(record.runId);
    const q = this.queue(file);
    const pendingSnapshot = q.ops.find((op) => op.kind === 'snapshot');
    if (pendingSnapshot && pendingSnapshot.kind === 'snapshot' && q.ops.at(-1) === pendingSnapshot) {
      pendingSnapshot.record = record;
      return pendingSnapshot.done.promise;
    }
    return this.enqueue(file, { kind: 'snapshot', record });
  }

  /** Records one chunk's outcome durably (appended and fsynced), without rewriting the run. */
  appendChunk(runId: string, result: ChunkResult): Promise<void> {
    const file = this.pathOf(runId);
    return this.enqueue(file, { kind: 'append', line: JSON.stringify({ chunk: result }) + '\n' });
  }

  /** Resolves when every update and append issued so far for this run is on disk. */
  async flushed(runId: string): Promise<void> {
    const q = this.queues.get(this.pathOf(runId));
    if (!q) return;
    await Promise.allSettled([q.running, ...q.ops.map((op) => op.done.promise)]);
  }

  private queue(file: string) {
    let q = this.queues.get(file);
    if (!q) {
      q = { ops: [], running: null };
      this.queues.set(file, q);
    }
    return q;
  }

  private enqueue(file: string, op: JournalOp): Promise<void> {
    const q = this.queue(file);
    const done = deferred();
    q.ops.push({ ...op, done });
    q.running ??= this.drain(file, q);
    return done.promise;
  }

  private async drain(file: string, q: { ops: Array<JournalOp & { done: Deferred }>; running: Promise<void> | null }): Promise<void> {
    try {
      for (let op = q.ops.shift(); op; op = q.ops.shift()) {
        try {
          if (op.kind === 'snapshot') {
            await writeFileAtomic(file, JSON.stringify({ version: JOURNAL_VERSION, writer: this.writer, run: op.record }, null, 2) + '\n');
            // The snapshot holds every outcome appended before it was handed over; later appends start a new log.
            await fs.rm(chunkLogOf(file), { force: true });
          } else {
            await appendDurably(chunkLogOf(file), op.line);
          }
          op.done.resolve();
        } catch (err) {
          op.done.reject(err);
        }
      }
    } finally {
      q.running = null;
      if (q.ops.length === 0) this.queues.delete(file);
    }
  }

  /** A run by id (from the history) or by journal path (CLI `--resume PATH`). Throws StoreError not-found, corrupt
   *  (the file is moved aside) or future-version (kept). */
  async load(runIdOrPath: string): Promise<RunRecord> {
    const file = looksLikePath(runIdOrPath) ? path.resolve(runIdOrPath) : this.pathOf(runIdOrPath);
    const r = await readJournal(file);
    switch (r.status) {
      case 'ok':
        return r.value.run;
      case 'missing':
        throw new StoreError('not-found', `No run journal at ${file}. List runs to see the ids available.`, { path: file });
      case 'corrupt':
        throw new StoreError('corrupt', r.message, { path: file, movedTo: r.movedTo ?? undefined, issues: r.issues });
      case 'future-version':
        throw new StoreError('future-version', `${r.message} (${file})`, { path: file });
    }
  }

  /** Every journal, newest first. An unreadable one is moved aside once and listed as unreadable (then and on
   *  later calls, from its `.corrupt-` copy) without hiding the others. */
  async list(): Promise<RunListEntry[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.runsDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const entries: Array<{ entry: RunListEntry; sortKey: string }> = [];
    const readable: RunSummary[] = [];
    for (const name of names) {
      if (isTempFile(name)) continue;
      const file = path.join(this.runsDir, name);
      const aside = CORRUPT_NAME.exec(name);
      if (aside) {
        const modifiedAt = await mtimeIso(file);
        entries.push({
          sortKey: modifiedAt,
          entry: {
            readable: false,
            runId: aside[1]!,
            path: file,
            modifiedAt,
            message: `The journal of run ${aside[1]} could not be read and was kept aside as ${name}.`,
          },
        });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const runId = name.slice(0, -'.json'.length);
      let r: Awaited<ReturnType<typeof readJournal>>;
      try {
        r = await readJournal(file);
      } catch (e) {
        r = {
          status: 'corrupt',
          path: file,
          movedTo: null,
          issues: [],
          message: `The journal ${file} could not be read: ${(e as Error).message}`,
        };
      }
      if (r.status === 'ok') {
        const s = summarise(r.value.run, file, r.value.writer);
        readable.push(s);
        entries.push({ sortKey: s.startedAt, entry: { readable: true, summary: s } });
      } else if (r.status === 'corrupt' || r.status === 'future-version') {
        const shown = r.status === 'corrupt' && r.movedTo ? r.movedTo : file;
        const modifiedAt = await mtimeIso(shown);
        entries.push({ sortKey: modifiedAt, entry: { readable: false, runId, path: shown, modifiedAt, message: r.message } });
      }
    }
    // A run resumed by another is no longer interrupted work.
    for (const child of readable) {
      if (child.mode !== 'resume' || !child.parentRunId) continue;
      const parent = readable.find((s) => s.runId === child.parentRunId);
      if (parent && parent.finishedAt === undefined) {
        // Its journal may since have been rewritten by the resuming process (latest outcomes), whose pid says
        // nothing about the parent itself: it is neither running nor waiting for resume.
        parent.resumedBy = child.runId;
        parent.live = false;
        parent.interrupted = false;
        parent.statusLabel = 'Interrupted (resumed)';
      }
    }
    entries.sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0));
    return entries.map((e) => e.entry);
  }

  /** Runs that never finished and whose process is gone, not yet resumed: offered for resume at start. */
  async interrupted(): Promise<RunSummary[]> {
    return (await this.list()).flatMap((e) => (e.readable && e.summary.interrupted ? [e.summary] : []));
  }
}

function looksLikePath(s: string): boolean {
  return s.includes('/') || s.includes('\\') || s.toLowerCase().endsWith('.json');
}

async function mtimeIso(file: string): Promise<string> {
  try {
    return (await fs.stat(file)).mtime.toISOString();
  } catch {
    return new Date(0).toISOString();
  }
}

/** The snapshot with the chunk log since it applied. */
async function readJournal(file: string) {
  const r = await readJsonFile(file, { version: JOURNAL_VERSION, label: 'run journal', parse: parseJournal });
  if (r.status !== 'ok') return r;
  const outcomes = await readChunkLog(chunkLogOf(file));
  if (outcomes.length > 0) {
    const run = r.value.run;
    for (const c of outcomes) {
      const i = run.chunks.findIndex((x) => x.index === c.index);
      if (i >= 0) run.chunks[i] = c;
    }
    if (run.finishedAt !== undefined) run.status = runStatus(run.chunks, run.fatalError !== undefined);
  }
  return r;
}

export function chunkLogOf(journalFile: string): string {
  return journalFile.replace(/\.json$/, '.chunks.jsonl');
}

/** Outcomes appended since the snapshot. A torn or garbled LAST line is a crash mid-append and is ignored; anything
 *  else unreadable is ignored too, line by line, since the snapshot alone is a consistent (older) state. */
async function readChunkLog(file: string): Promise<ChunkResult[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: ChunkResult[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const { chunk } = JSON.parse(line) as { chunk?: ChunkResult };
      if (chunk && typeof chunk.index === 'number' && CHUNK_STATUSES.has(chunk.status)) {
        chunk.warnings ??= [];
        chunk.schemaDrift ??= [];
        out.push(chunk);
      }
    } catch {
      // torn line: the outcome it carried is lost, so that chunk runs again on resume
    }
  }
  return out;
}

async function appendDurably(file: string, line: string): Promise<void> {
  const fh = await fs.open(file, 'a', 0o600);
  try {
    await fh.appendFile(line, 'utf8');
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers that do not await (fire-and-forget observers) must not trip unhandled-rejection crashes.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function summarise(run: RunRecord, file: string, writer: JournalWriter | undefined): RunSummary {
  const succeeded = run.chunks.filter((c) => c.status === 'success').length;
  const failed = run.chunks.filter((c) => c.status === 'failed').length;
  const cancelled = run.chunks.filter((c) => c.status === 'cancelled').length;
  const finished = run.finishedAt !== undefined;
  const live = !finished && writer !== undefined && writer.hostname === os.hostname() && processAlive(writer.pid);
  const status = run.status ?? (finished ? runStatus(run.chunks, run.fatalError !== undefined) : undefined);
  return {
    runId: run.runId,
    path: file,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    table: run.event.table_name,
    endpoint: run.event.endpoint,
    window: { start: run.event.start_date, end: run.event.end_date },
    ...(status !== undefined ? { status } : {}),
    ...(run.outcome ? { outcome: run.outcome } : {}),
    statusLabel: status !== undefined ? runLabel(status, run.outcome) : live ? 'Running' : 'Interrupted',
    chunks: run.chunks.length,
    succeeded,
    notSucceeded: run.chunks.length - succeeded,
    failed,
    cancelled,
    records: run.chunks.reduce((a, c) => a + c.records, 0),
    warnings: run.chunks.reduce((a, c) => a + chunkWarningCount(c), 0),
    ...(run.finishedAt ? { durationMs: Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt)) } : {}),
    mode: run.context.mode,
    ...(run.context.parentRunId ? { parentRunId: run.context.parentRunId } : {}),
    connection: run.context.connection,
    destination: run.context.destination,
    ...(run.fatalError ? { fatalError: run.fatalError } : {}),
    live,
    interrupted: !finished && !live,
  };
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Structural check of a journal: enough that history, retry and resume never trip over a damaged file.

const CHUNK_STATUSES = new Set(['pending', 'running', 'success', 'failed', 'cancelled']);
const MODES = new Set(['run', 'retry-failed', 'resume']);

function parseJournal(envelope: Record<string, unknown>): ParseResult<{ run: RunRecord; writer?: JournalWriter }> {
  const issues: StoreIssue[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) issues.push({ field, message });
  };
  const run = envelope.run as Record<string, unknown> | undefined;
  if (!isObj(run)) return { ok: false, issues: [{ field: 'run', message: 'missing or not an object' }] };
  need(typeof run.runId === 'string' && isValidRunId(run.runId), 'run.runId', 'missing or not a run id');
  need(typeof run.startedAt === 'string', 'run.startedAt', 'missing or not a time');
  need(run.finishedAt === undefined || typeof run.finishedAt === 'string', 'run.finishedAt', 'not a time');
  need(run.status === undefined || run.status === 0 || run.status === 1 || run.status === 2, 'run.status', 'must be 0, 1 or 2');
  need(run.fatalError === undefined || typeof run.fatalError === 'string', 'run.fatalError', 'not text');
  const ev = run.event;
  need(
    isObj(ev) &&
      typeof ev.table_name === 'string' &&
      typeof ev.endpoint === 'string' &&
      typeof ev.start_date === 'string' &&
      typeof ev.end_date === 'string',
    'run.event',
    'missing or incomplete (table_name, endpoint, start_date, end_date)',
  );
  const ctx = run.context;
  need(
    isObj(ctx) &&
      typeof ctx.connection === 'string' &&
      typeof ctx.destination === 'string' &&
      typeof ctx.mode === 'string' &&
      MODES.has(ctx.mode),
    'run.context',
    'missing or incomplete (connection, destination, mode)',
  );
  if (!Array.isArray(run.chunks)) issues.push({ field: 'run.chunks', message: 'missing or not a list' });
  else {
    run.chunks.forEach((c: unknown, i) => {
      const f = `run.chunks[${i}]`;
      if (!isObj(c)) return issues.push({ field: f, message: 'not an object' });
      need(typeof c.index === 'number' && typeof c.start === 'string' && typeof c.end === 'string', f, 'missing index, start or end');
      need(typeof c.status === 'string' && CHUNK_STATUSES.has(c.status), `${f}.status`, 'not a chunk status');
      for (const n of ['records', 'pages', 'requests', 'retries', 'durationMs'] as const)
        need(typeof c[n] === 'number', `${f}.${n}`, 'not a number');
      need(Array.isArray(c.objects) && c.objects.every((o) => typeof o === 'string'), `${f}.objects`, 'not a list of URIs');
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  const w = envelope.writer;
  const writer = isObj(w) && typeof w.pid === 'number' && typeof w.hostname === 'string' ? { pid: w.pid, hostname: w.hostname } : undefined;
  const record = run as unknown as RunRecord;
  // Older writers may have left these out; readers rely on them being lists.
  for (const c of record.chunks as ChunkResult[]) {
    c.warnings ??= [];
    c.schemaDrift ??= [];
  }
  return { ok: true, value: { run: record, ...(writer ? { writer } : {}) } };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
