// The reliability invariant, checked after every run: each chunk is either ✓ with exactly the simulator's records
// for its window in the destination (by key: none missing, none twice, nothing from another window), or not ✓
// with an error that names its cause. Object names are parsed here, independently of the engine's own code, and
// the rows are decoded by an independent Parquet reader.
import type { BackfillEvent } from '../../shared/event/schema';
import { endpointInfo } from '../../shared/endpoints';
import type { ChunkResult, RunRecord } from '../../shared/run-types';
import type { Simulator } from '../../electron/simulator';
import { readTable, type ObjectStore } from './object-store';

export interface InvariantInput {
  run: Pick<RunRecord, 'chunks'> & Partial<Pick<RunRecord, 'fatalError' | 'status'>>;
  store: ObjectStore;
  table: string;
  sim: Simulator;
  event: BackfillEvent;
  /** What a ✗ chunk's error (or the run's fatal error) must match to "name the cause". Default: any non-empty
   *  sentence. A function can expect a different cause per chunk. */
  cause?: RegExp | ((chunk: ChunkResult | undefined) => RegExp);
  /** Column holding the record key in the Parquet rows. */
  keyColumn?: string;
}

export interface InvariantReport {
  violations: string[];
  succeeded: number;
  notSucceeded: number;
  /** Records compared against the truth in ✓ chunks. */
  recordsChecked: number;
  /** Objects found for windows whose chunk is not ✓ (parts flushed before the failure; a retry replaces them). */
  leftoverObjectsOfFailedChunks: string[];
}

const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const PART = /^date=(\d{8})\/(snapshot|w(\d{8}T\d{6}Z)-(\d{8}T\d{6}Z))-part-(\d{5,})\.snappy\.parquet$/;

function stampOf(eventDate: string): string {
  // `2025-01-02 06:00:00` (UTC) → `20250102T060000Z`
  return eventDate.replace(/[-:]/g, '').replace(' ', 'T') + 'Z';
}

export function windowOf(chunk: Pick<ChunkResult, 'start' | 'end'>): { start: Date; end: Date } {
  const d = (s: string) => new Date(s.replace(' ', 'T') + 'Z');
  return { start: d(chunk.start), end: d(chunk.end) };
}

function keyOf(r: Record<string, unknown>, ...cols: string[]): string | undefined {
  for (const c of cols) {
    const v = r[c];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return String(v);
  }
  return undefined;
}

function utcDay(v: unknown): string | undefined {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

function getPath(r: Record<string, unknown>, dotted: string): unknown {
  let cur: unknown = r;
  for (const p of dotted.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

function sample(list: string[]): string {
  return list.slice(0, 5).join(', ') + (list.length > 5 ? `, … (${list.length})` : '');
}

const VAGUE = /^(undefined|null|\[object Object\]|Error|error|failed)?$/;

export async function checkInvariant(input: InvariantInput): Promise<InvariantReport> {
  const { run, store, table, sim, event } = input;
  const keyColumn = input.keyColumn ?? 'encoded_key';
  const violations: string[] = [];
  const causeFor = (c: ChunkResult | undefined) => (typeof input.cause === 'function' ? input.cause(c) : input.cause);
  const endpoint = event.endpoint;
  const cdc = event.cdc_field ?? endpointInfo(endpoint)?.defaultCdc ?? null;

  // Everything in the destination for this table, grouped by the window its name says it holds.
  const rows = await readTable(store, table);
  const byWindow = new Map<string, { files: Set<string>; rows: typeof rows }>();
  for (const r of rows) {
    const m = PART.exec(r.file);
    if (!m) {
      violations.push(`object ${r.file} is not named <date=…>/<window>-part-N.snappy.parquet`);
      continue;
    }
    const wk = m[2]!;
    if (m[3] && (!STAMP.test(m[3]) || !STAMP.test(m[4]!))) violations.push(`object ${r.file} has an unreadable window`);
    let g = byWindow.get(wk);
    if (!g) byWindow.set(wk, (g = { files: new Set(), rows: [] }));
    g.files.add(r.file);
    g.rows.push(r);
  }
  // Objects with no rows still count as objects (an empty part would be a bug of its own).
  for (const key of await store.list(`${table}/`)) {
    const file = key.slice(table.length + 1);
    const m = PART.exec(file);
    if (m && !byWindow.has(m[2]!)) byWindow.set(m[2]!, { files: new Set([file]), rows: [] });
    else if (m) byWindow.get(m[2]!)!.files.add(file);
  }

  const chunkWindows = new Set<string>();
  let succeeded = 0;
  let recordsChecked = 0;
  const leftover: string[] = [];
  const seenAnywhere = new Map<string, string>();

  for (const c of run.chunks) {
    const wk = c.kind === 'snapshot' ? 'snapshot' : `w${stampOf(c.start)}-${stampOf(c.end)}`;
    chunkWindows.add(wk);
    const landed = byWindow.get(wk) ?? { files: new Set<string>(), rows: [] };
    const label = `chunk ${c.index} (${c.start} to ${c.end})`;
    if (c.status !== 'success') {
      const message = c.status === 'pending' && run.fatalError ? run.fatalError : c.error;
      const cause = causeFor(c);
      if (c.status === 'pending' && !run.fatalError) {
        violations.push(`${label} is still pending in a finished run (neither ✓ nor ✗)`);
      } else if (message === undefined || VAGUE.test(message.trim())) {
        violations.push(`${label} is ${c.status} without a message naming the cause (got ${JSON.stringify(message)})`);
      } else if (cause && !cause.test(message)) {
        violations.push(`${label} is ${c.status} but its message does not name the cause ${cause}: ${message}`);
      }
      if (run.fatalError && landed.files.size > 0) {
        violations.push(`${label}: the setup check failed, yet objects were written: ${sample([...landed.files])}`);
      }
      leftover.push(...[...landed.files].map((f) => `${table}/${f}`));
      continue;
    }
    succeeded++;
    const truth =
      c.kind === 'snapshot' ? sim.truth.snapshot(endpoint) : sim.truth.window(endpoint, cdc!, windowOf(c).start, windowOf(c).end);
    const want = new Map<string, Record<string, unknown>>();
    for (const t of truth) want.set(keyOf(t, 'encodedKey', 'id')!, t);
    const counts = new Map<string, number>();
    for (const r of landed.rows) {
      const k = keyOf(r.row, keyColumn, 'id');
      if (k === undefined) {
        violations.push(`${label}: a row in ${r.file} has no ${keyColumn}`);
        continue;
      }
      counts.set(k, (counts.get(k) ?? 0) + 1);
      const other = seenAnywhere.get(k);
      if (other && other !== wk) violations.push(`${label}: record ${k} also landed in window ${other}`);
      seenAnywhere.set(k, wk);
      // The partition is the UTC day of the record's cdc value (the truth's, not the row's: an independent check).
      const t = want.get(k);
      if (t && cdc && c.kind !== 'snapshot') {
        const day = utcDay(getPath(t, cdc));
        if (day && day !== r.partition) violations.push(`${label}: record ${k} is in date=${r.partition}, its ${cdc} is on ${day}`);
      }
    }
    const missing = [...want.keys()].filter((k) => !counts.has(k));
    const extra = [...counts.keys()].filter((k) => !want.has(k));
    const twice = [...counts.entries()].filter(([, n]) => n > 1).map(([k, n]) => `${k}×${n}`);
    if (missing.length)
      violations.push(`${label} is ✓ but ${missing.length} of the simulator's ${want.size} records are missing: ${sample(missing)}`);
    if (extra.length) violations.push(`${label} is ✓ but holds ${extra.length} records that are not in its window: ${sample(extra)}`);
    if (twice.length) violations.push(`${label} is ✓ but holds records twice: ${sample(twice)}`);
    if (c.records !== landed.rows.length)
      violations.push(`${label} reports ${c.records} records, the destination holds ${landed.rows.length}`);
    const listed = new Set(c.objects.map((u) => u.split('/').slice(-2).join('/')));
    const actual = new Set([...landed.files].map((f) => f.split('/').slice(-2).join('/')));
    const notListed = [...actual].filter((f) => !listed.has(f));
    const notThere = [...listed].filter((f) => !actual.has(f));
    if (notListed.length) violations.push(`${label}: objects in the destination the chunk does not list: ${sample(notListed)}`);
    if (notThere.length) violations.push(`${label}: objects the chunk lists that are not in the destination: ${sample(notThere)}`);
    recordsChecked += want.size;
  }

  for (const [wk, g] of byWindow) {
    if (!chunkWindows.has(wk)) violations.push(`objects of window ${wk} belong to no chunk of the run: ${sample([...g.files])}`);
  }
  if (run.fatalError) {
    const cause = causeFor(undefined);
    if (cause && !cause.test(run.fatalError)) violations.push(`the run's fatal error does not name the cause ${cause}: ${run.fatalError}`);
  }
  return { violations, succeeded, notSucceeded: run.chunks.length - succeeded, recordsChecked, leftoverObjectsOfFailedChunks: leftover };
}

/** checkInvariant, throwing one error that lists every violation. */
export async function assertInvariant(input: InvariantInput, context = ''): Promise<InvariantReport> {
  const report = await checkInvariant(input);
  if (report.violations.length > 0) {
    throw new Error(`invariant violated${context ? ` (${context})` : ''}:\n  - ${report.violations.join('\n  - ')}`);
  }
  return report;
}
