// Bad input, property-based (fast-check, seeded): the event schema never throws, every rejection names the field
// in both `field` and the message, every valid event plans; the CLI turns garbage event files into exit 1 with
// field-naming lines and never a stack trace.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EVENT_FIELDS, validateEvent, type FieldIssue } from '../../shared/event/schema';
import { ENDPOINTS } from '../../shared/endpoints';
import { countChunks, MAX_CHUNKS, planChunks } from '../../shared/plan';
import { runCli } from '../../electron/cli/run-cli';
import { runCliProcess } from '../helpers/cli';
import { tempDir } from './harness';

const SEED = 4242;
const FIELDS = new Set<string>(EVENT_FIELDS);

/** Issues are well-formed for `input`: each names a field it may name, and its message mentions that field. */
function issueProblems(input: unknown, issues: FieldIssue[]): string[] {
  const keys = input && typeof input === 'object' && !Array.isArray(input) ? Object.keys(input) : [];
  const problems: string[] = [];
  if (issues.length === 0) problems.push('rejected without any issue');
  for (const i of issues) {
    const allowed = FIELDS.has(i.field) || i.field === 'event' || keys.includes(i.field) || /^rename_columns\[\d+\]$/.test(i.field);
    if (!allowed)
      problems.push(`issue field ${JSON.stringify(i.field)} is not an event field, "event", an unknown key or rename_columns[i]`);
    const mention = i.field === 'event' ? /event/ : null;
    if (mention ? !mention.test(i.message) : !i.message.includes(i.field))
      problems.push(`message does not mention ${i.field}: ${i.message}`);
    if (typeof i.message !== 'string' || i.message.trim().length < 8)
      problems.push(`message too short for ${i.field}: ${JSON.stringify(i.message)}`);
  }
  return problems;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const fmt = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const caseOf = (s: string) => fc.constantFrom(s, s.toUpperCase(), s[0]!.toUpperCase() + s.slice(1));

/** Events the original job would accept, in their loose forms. Windows up to two years keep plans small. */
const validEvent = fc
  .record({
    ep: fc.constantFrom(...ENDPOINTS),
    prefix: fc.boolean(),
    cdcPick: fc.nat(),
    cdcBlank: fc.constantFrom(undefined, '', null),
    startMs: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }).map((m) => m - (m % 1000)),
    hours: fc.integer({ min: 1, max: 2 * 8760 }),
    extraSeconds: fc.integer({ min: 0, max: 3599 }),
    chunk: fc.integer({ min: 1, max: 8760 }),
    chunkAsString: fc.boolean(),
    auto: fc.constantFrom<unknown>(true, false, 'True', 'False', 'true', 'false', '', null),
    extra: fc.constantFrom('', 'accountState=ACTIVE', '?branchId=B1&x=y'),
    rename: fc.constantFrom([], [{ zz_custom_a: 'zz_custom_b' }]),
    table: fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/),
    rt: fc.nat(),
  })
  .chain((r) =>
    caseOf(r.ep.kind === 'search' ? 'post' : 'get').map((rt) => {
      const cdc = r.ep.dateFields.length ? r.ep.dateFields[r.cdcPick % r.ep.dateFields.length] : undefined;
      const ev: Record<string, unknown> = {
        table_name: r.table,
        endpoint: (r.prefix ? 'mambu:' : '') + r.ep.path,
        request_type: rt,
        cdc_field: r.ep.kind === 'search' ? cdc : r.ep.kind === 'windowed-get' && r.rt % 2 ? cdc : r.cdcBlank,
        start_date: fmt(r.startMs),
        end_date: fmt(r.startMs + r.hours * 3600_000 + r.extraSeconds * 1000),
        extra_params: r.extra,
        auto_schema: r.auto,
        rename_columns: r.rename,
        chunk_hours: r.chunkAsString ? String(r.chunk) : r.chunk,
      };
      return ev;
    }),
  );

describe('event schema (validateEvent), property-based', () => {
  it('arbitrary JSON values: never throws; every rejection names its fields', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...EVENT_FIELDS, 'x', '__proto__', 'constructor', ''), fc.jsonValue())),
        (v) => {
          const r = validateEvent(v);
          if (!r.ok) expect(issueProblems(v, r.issues)).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('arbitrary JS values (IPC payloads are not always JSON): never throws', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withNullPrototype: true,
          withSparseArray: true,
        }),
        (v) => {
          const r = validateEvent(v);
          if (!r.ok) expect(issueProblems(v, r.issues)).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 800 },
    );
  });

  it('mutated valid events: never throws; rejections name the mutated field', () => {
    const mutation = fc.oneof(
      fc.record({ op: fc.constant('set' as const), field: fc.constantFrom(...EVENT_FIELDS), value: fc.jsonValue() }),
      fc.record({ op: fc.constant('delete' as const), field: fc.constantFrom(...EVENT_FIELDS) }),
      fc.record({
        op: fc.constant('add' as const),
        field: fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !FIELDS.has(k)),
        value: fc.jsonValue(),
      }),
      fc.record({ op: fc.constant('string' as const), field: fc.constantFrom(...EVENT_FIELDS), value: fc.string({ maxLength: 30 }) }),
    );
    fc.assert(
      fc.property(validEvent, fc.array(mutation, { minLength: 1, maxLength: 3 }), (ev, muts) => {
        const input: Record<string, unknown> = { ...ev };
        for (const m of muts) {
          if (m.op === 'delete') delete input[m.field];
          else input[m.field] = m.value;
        }
        const r = validateEvent(input);
        if (r.ok) {
          expect(() => planChunks(r.event)).not.toThrow();
          return;
        }
        expect(issueProblems(input, r.issues)).toEqual([]);
        const required = ['table_name', 'endpoint', 'request_type', 'start_date', 'end_date'];
        for (const m of muts) {
          if (m.op === 'delete' && required.includes(m.field)) expect(r.issues.map((i) => i.field)).toContain(m.field);
          if (m.op === 'add' && m.field in input) expect(r.issues.map((i) => i.field)).toContain(m.field);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('valid events (loose forms included) are accepted and always plan: contiguous chunks covering [start, end)', () => {
    fc.assert(
      fc.property(validEvent, (ev) => {
        const r = validateEvent(ev);
        if (!r.ok) throw new Error(`valid event rejected: ${JSON.stringify(r.issues)} for ${JSON.stringify(ev)}`);
        const plan = planChunks(r.event);
        expect(plan.chunks.length).toBe(countChunks(r.event));
        expect(plan.chunks[0]!.start).toBe(r.event.start_date);
        expect(plan.chunks.at(-1)!.end).toBe(r.event.end_date);
        for (let i = 1; i < plan.chunks.length; i++) expect(plan.chunks[i]!.start).toBe(plan.chunks[i - 1]!.end);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('an event the schema accepts never makes the planner throw, however long its window (MAX_CHUNKS)', () => {
    // Twelve years in 1-hour chunks: 105,192 chunks, over the planner's MAX_CHUNKS (100,000).
    const ev = {
      table_name: 'mambu_loan_transactions',
      endpoint: 'loans/transactions:search',
      request_type: 'Post',
      cdc_field: 'creationDate',
      start_date: '2010-01-01 00:00:00',
      end_date: '2022-01-01 00:00:00',
      chunk_hours: 1,
    };
    const r = validateEvent(ev);
    if (r.ok) {
      expect(countChunks(r.event)).toBeGreaterThan(MAX_CHUNKS);
      // Either the schema rejects it (naming chunk_hours or end_date) or the planner plans it: not an exception later.
      expect(() => planChunks(r.event), 'validateEvent accepted an event that planChunks refuses').not.toThrow();
    } else {
      expect(r.issues.map((i) => i.field).some((f) => f === 'chunk_hours' || f === 'end_date' || f === 'start_date')).toBe(true);
    }
  });
});

describe('CLI with garbage event files', () => {
  const garbage = fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
    { weight: 2, arbitrary: fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)) },
    { weight: 3, arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(validEvent, fc.constantFrom(...EVENT_FIELDS), fc.jsonValue())
        .map(([ev, f, v]) => Buffer.from(JSON.stringify({ ...ev, [f]: v }))),
    },
  );
  /** Only inputs the CLI must reject (a mutation may still be a valid event). */
  const rejected = garbage.filter((b) => {
    try {
      return !validateEvent(JSON.parse(b.toString('utf8'))).ok;
    } catch {
      return true;
    }
  });
  const NAMES =
    /table_name|endpoint|request_type|cdc_field|start_date|end_date|extra_params|auto_schema|rename_columns|chunk_hours|is not an event field|the event must be a JSON object|is not valid JSON/;

  it('in-process (runCli): exit 1, every line an ERROR naming the field or the JSON problem (120 files)', async () => {
    const dir = await tempDir('garbage');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(rejected, async (bytes) => {
        const file = path.join(dir, `e${n++}.json`);
        await writeFile(file, bytes);
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(
          ['--event', file, '--dry-run'],
          { MAMBU_BACKFILL_HOME: dir },
          { out: (l) => out.push(l), err: (l) => err.push(l) },
          new AbortController().signal,
        );
        expect(code).toBe(1);
        expect(out).toEqual([]);
        expect(err.length).toBeGreaterThan(0);
        for (const line of err) {
          expect(line).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - ERROR - /);
          expect(line).toMatch(NAMES);
          expect(line).not.toMatch(/\n\s+at /);
        }
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('real process: exit 1, a field-naming message, no stack trace (4 files)', async () => {
    const dir = await tempDir('garbage-proc');
    const samples = fc.sample(rejected, { seed: SEED, numRuns: 4 });
    const results = await Promise.all(
      samples.map(async (bytes, i) => {
        const file = path.join(dir, `p${i}.json`);
        await writeFile(file, bytes);
        return runCliProcess(['--event', file], { MAMBU_BACKFILL_HOME: dir });
      }),
    );
    for (const r of results) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(NAMES);
      expect(r.stderr + r.stdout).not.toMatch(/\n\s+at |Error: .*\n.*node:|TypeError|ZodError/);
      expect(r.stdout).not.toContain('Processing chunk');
    }
  });
});
