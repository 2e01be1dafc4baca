// Crash and resume through the real CLI process: SIGKILL at chosen points (mid-page, mid-upload, between chunks,
// right when a chunk's journal write starts, before chunk 1 finished, during a resume), then `--resume RUN` (the
// run the journal folder offers for resume). Afterwards the destination equals an uninterrupted run's (same object
// set, same content apart from timestamp_extracted), every journal loads, and the last run has every chunk ✓.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { JournalStore } from '../../electron/engine/store';
import type { RunRecord } from '../../shared/run-types';
import { startCli, type CliResult } from '../helpers/cli';
import { comparable, landedRows, listFiles } from '../helpers/landed';
import { readTable, s3Objects } from '../helpers/object-store';
import { startSlowProxy, type SlowProxy } from '../helpers/slow-proxy';
import { startS3rver, type S3rverHandle } from '../servers/s3rver';
import { prng, tempDir } from './harness';
import { originalEvent } from '../helpers/events';

const TABLE = 'mambu_loan_transactions';
const KEY = 'crash-test-key-0d9e';
const EVENT = originalEvent({ end_date: '2025-01-05 00:00:00', chunk_hours: 12 });
const CHUNKS = 8;
const tally = { kills: 0, resumes: 0 };

let sim: Simulator;
let eventFile: string;
let baseline: { files: string[]; rows: string[] };

const env = (home: string, extra: Record<string, string> = {}) => ({
  MAMBU_BACKFILL_HOME: home,
  MAMBU_BASE_URL: sim.url,
  MAMBU_API_KEY: KEY,
  MAMBU_PAGE_SIZE: '10',
  MAMBU_REQUESTS_PER_SECOND: '50',
  MAMBU_TIMEOUT_SECONDS: '5',
  ...extra,
});

function windowStart(chunk: number): string {
  return new Date(Date.UTC(2025, 0, 1) + (chunk - 1) * 12 * 3600_000).toISOString().replace('.000Z', '+00:00');
}

/** Makes page `page` (offset 8·page) of chunk `chunk` hang for `ms`: the kill lands while it is in flight. */
function holdPage(chunk: number, page: number, ms = 3000) {
  return sim.faults.add({
    kind: 'delay',
    delayMs: ms,
    endpoint: 'loans/transactions:search',
    windowStart: windowStart(chunk),
    offset: page * 8,
  });
}

async function until(cond: () => boolean | Promise<boolean>, exited: () => boolean, what: string, timeoutMs = 20_000) {
  const t0 = Date.now();
  for (;;) {
    if (await cond()) return;
    if (exited()) throw new Error(`the CLI exited before: ${what}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Starts the CLI, waits for `when`, SIGKILLs it (after `extraDelayMs`), and checks it really died by the kill. */
async function killAt(
  args: string[],
  e: Record<string, string>,
  when: (out: () => string) => boolean | Promise<boolean>,
  what: string,
  extraDelayMs = 0,
): Promise<CliResult> {
  const { child, done } = startCli(args, e);
  let stdout = '';
  child.stdout!.on('data', (d: string) => (stdout += d));
  let exited = false;
  void done.then(() => (exited = true));
  await until(
    () => when(() => stdout),
    () => exited,
    what,
  );
  if (extraDelayMs > 0) await new Promise((r) => setTimeout(r, extraDelayMs));
  child.kill('SIGKILL');
  const r = await done;
  expect(r.signal, `${what}: killed, not finished (stdout: ${r.stdout.slice(-300)} stderr: ${r.stderr})`).toBe('SIGKILL');
  tally.kills++;
  return r;
}

async function journalIds(home: string): Promise<string[]> {
  const names = await readdir(path.join(home, 'runs')).catch(() => [] as string[]);
  return names.filter((n) => /^[\w.-]+\.json$/.test(n)).map((n) => n.replace(/\.json$/, ''));
}

/** Every journal in the folder loads; returns them. */
async function loadAll(home: string): Promise<RunRecord[]> {
  const store = new JournalStore(path.join(home, 'runs'));
  const out: RunRecord[] = [];
  for (const id of await journalIds(home)) out.push(await store.load(id));
  return out;
}

/** The run the journal folder offers for resume (exactly one), resumed to the end. */
async function resume(
  home: string,
  e: Record<string, string>,
  extraArgs: string[] = [],
): Promise<{ runId: string; result: CliResult; record: RunRecord }> {
  const store = new JournalStore(path.join(home, 'runs'));
  await loadAll(home);
  const offered = await store.interrupted();
  expect(
    offered.map((s) => s.runId),
    'exactly one run is offered for resume',
  ).toHaveLength(1);
  const before = new Set(await journalIds(home));
  const { done } = startCli(['--resume', offered[0]!.runId, ...extraArgs], e);
  const result = await done;
  tally.resumes++;
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const created = (await journalIds(home)).filter((id) => !before.has(id));
  expect(created).toHaveLength(1);
  const record = await store.load(created[0]!);
  return { runId: created[0]!, result, record };
}

async function expectBaseline(out: string, home: string, last: RunRecord) {
  expect(last.chunks.map((c) => c.status)).toEqual(Array(CHUNKS).fill('success'));
  expect(last.finishedAt).toBeTruthy();
  expect(last.status).toBe(0);
  await loadAll(home);
  expect(await new JournalStore(path.join(home, 'runs')).interrupted(), 'nothing is left to resume').toEqual([]);
  expect(await listFiles(out), 'same object set as an uninterrupted run').toEqual(baseline.files);
  expect(comparable(await landedRows(out, TABLE)), 'same content as an uninterrupted run').toEqual(baseline.rows);
}

beforeAll(async () => {
  sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: KEY } });
  const dir = await tempDir('crash');
  eventFile = path.join(dir, 'event.json');
  await writeFile(eventFile, JSON.stringify(EVENT));
  const out = await tempDir('baseline');
  const { done } = startCli(['--event', eventFile, '--out', out], env(await tempDir('home')));
  const r = await done;
  expect(r.code, r.stderr).toBe(0);
  baseline = { files: await listFiles(out), rows: comparable(await landedRows(out, TABLE)) };
  const truth = sim.truth.window(
    'loans/transactions:search',
    'creationDate',
    new Date('2025-01-01T00:00:00Z'),
    new Date('2025-01-05T00:00:00Z'),
  );
  expect(baseline.rows).toHaveLength(truth.length);
});
afterAll(async () => {
  await sim?.close();
  console.log(`[crash/resume] ${tally.kills} SIGKILLs, ${tally.resumes} resumes`);
});

describe('SIGKILL, then --resume: the destination equals an uninterrupted run', () => {
  it('mid-page (a page of chunk 3 in flight)', async () => {
    sim.faults.clear();
    const out = await tempDir('out');
    const home = await tempDir('home');
    const held = holdPage(3, 1);
    await killAt(['--event', eventFile, '--out', out], env(home), () => held.hits > 0, 'page 2 of chunk 3 requested');
    const [parent] = await loadAll(home);
    // Chunk 1 is journaled ✓; chunk 3 (in flight) and later are not. Chunk 2 may still be pending: the journal
    // lags one write behind (journal-durability.test.ts).
    expect(parent!.chunks[0]!.status).toBe('success');
    expect(parent!.chunks.slice(2).every((c) => c.status === 'pending')).toBe(true);
    const { record, result } = await resume(home, env(home));
    expect(result.stdout.match(/Processing chunk /g)!.length).toBe(parent!.chunks.filter((c) => c.status !== 'success').length);
    await expectBaseline(out, home, record);
  });

  it('before its first chunk finished', async () => {
    sim.faults.clear();
    const out = await tempDir('out');
    const home = await tempDir('home');
    const held = holdPage(1, 1);
    await killAt(
      ['--event', eventFile, '--out', out],
      env(home),
      async () => held.hits > 0 && (await journalIds(home)).length > 0,
      'chunk 1 page 2 requested',
    );
    const [parent] = await loadAll(home);
    expect(parent!.chunks.every((c) => c.status === 'pending')).toBe(true);
    const { record } = await resume(home, env(home));
    await expectBaseline(out, home, record);
  });

  it('between chunks (chunk 5 waiting on its first page, chunk 4 journaled)', async () => {
    sim.faults.clear();
    const out = await tempDir('out');
    const home = await tempDir('home');
    const held = holdPage(5, 0);
    await killAt(['--event', eventFile, '--out', out], env(home), () => held.hits > 0, 'chunk 5 requested');
    const { record } = await resume(home, env(home));
    await expectBaseline(out, home, record);
  });

  it('during a resume, then a second resume', async () => {
    sim.faults.clear();
    const out = await tempDir('out');
    const home = await tempDir('home');
    const first = holdPage(2, 1);
    await killAt(['--event', eventFile, '--out', out], env(home), () => first.hits > 0, 'chunk 2 in flight');
    const offered = await new JournalStore(path.join(home, 'runs')).interrupted();
    expect(offered).toHaveLength(1);
    const second = holdPage(6, 2);
    await killAt(['--resume', offered[0]!.runId], env(home), () => second.hits > 0, 'resume: chunk 6 in flight');
    const runs = await loadAll(home);
    expect(runs).toHaveLength(2);
    const { record, result } = await resume(home, env(home));
    expect(record.context.mode).toBe('resume');
    // Only what was still not ✓ ran: chunks 6, 7 and 8.
    expect(result.stdout.match(/Processing chunk (\d+)/g)).toEqual(['Processing chunk 6', 'Processing chunk 7', 'Processing chunk 8']);
    await expectBaseline(out, home, record);
  });

  it('right as a chunk outcome is being journaled (seeded random chunk and kill delay, 4 iterations)', async () => {
    const rnd = prng(0xc0ffee);
    // Two lanes at a time (2 cores; these iterations set no simulator faults, so they can share it).
    const plans = Array.from({ length: 4 }, () => ({ k: 1 + Math.floor(rnd() * (CHUNKS - 2)), delay: Math.floor(rnd() * 6) }));
    sim.faults.clear();
    const lane = async (i: number) => {
      const { k, delay } = plans[i]!;
      const out = await tempDir('out');
      const home = await tempDir('home');
      // The log line is printed just before chunk-done, whose handler starts the journal write.
      await killAt(
        ['--event', eventFile, '--out', out],
        env(home),
        (o) => o().includes(`Successfully processed chunk ${k}:`),
        `chunk ${k} done (+${delay} ms)`,
        delay,
      );
      const runs = await loadAll(home);
      expect(runs, `iteration ${i}: the journal loads`).toHaveLength(1);
      const ok = runs[0]!.chunks.filter((c) => c.status === 'success').length;
      expect(ok, `iteration ${i}: no chunk after ${k + 1} is ✓`).toBeLessThanOrEqual(k + 1);
      const { record } = await resume(home, env(home));
      await expectBaseline(out, home, record);
    };
    for (let i = 0; i < plans.length; i += 2) await Promise.all([lane(i), lane(i + 1)]);
  });
});

describe('SIGKILL mid-upload to S3 (s3rver behind a slow proxy), then --resume', () => {
  let s3: S3rverHandle;
  let proxy: SlowProxy;
  let client: S3Client;
  const BUCKET = 'crash';
  beforeAll(async () => {
    s3 = await startS3rver([BUCKET]);
    // Chunk 3's part uploads take 1.5 s: the process is killed while one is in flight.
    proxy = await startSlowProxy(
      s3.endpoint,
      (req) => req.method === 'PUT' && /w20250102T000000Z-\S*-part-\d+\.snappy\.parquet/.test(req.url ?? ''),
      1500,
    );
    client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: s3.credentials });
  });
  afterAll(async () => {
    client?.destroy();
    await proxy?.close();
    await s3?.stop();
  });
  const s3env = (prefix: string, endpoint: string) => ({
    S3_RAW: BUCKET,
    S3_PREFIX: prefix,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  });

  it('an upload of chunk 3 in flight (parts of 7 rows)', async () => {
    sim.faults.clear();
    const base = await startCli(['--event', eventFile, '--part-rows', '7', '--no-glue'], {
      ...env(await tempDir('home')),
      ...s3env('baseline', s3.endpoint),
    }).done;
    expect(base.code, base.stderr).toBe(0);
    const expected = await readTable(s3Objects(client, BUCKET, 'baseline'), TABLE);

    const home = await tempDir('home');
    const e = { ...env(home), ...s3env('crashed', proxy.endpoint) };
    const partsOf = (chunk: string) => proxy.held.filter((h) => h.includes(chunk)).length;
    proxy.armed = true;
    const killed = await killAt(
      ['--event', eventFile, '--part-rows', '7', '--no-glue'],
      e,
      () => partsOf('w20250102T000000Z') > 0,
      'an upload of chunk 3 in flight',
    );
    proxy.armed = false;
    expect(killed.stdout).toContain('Processing chunk 3:');
    const [parent] = await loadAll(home);
    // The chunk in flight (3) and later ones are not ✓. (Whether chunk 2 is already journaled is timing-dependent:
    // see journal-durability.test.ts for the engine bug that makes the journal lag one write behind.)
    expect(parent!.chunks.slice(2).every((c) => c.status === 'pending')).toBe(true);
    const { record } = await resume(home, e, ['--part-rows', '7', '--no-glue']);
    expect(record.chunks.every((c) => c.status === 'success')).toBe(true);
    const got = await readTable(s3Objects(client, BUCKET, 'crashed'), TABLE);
    const filesOf = (rows: typeof got) => [...new Set(rows.map((r) => r.file))];
    expect(filesOf(got), 'same object set').toEqual(filesOf(expected));
    expect(comparable(got), 'same content').toEqual(comparable(expected));
    expect(await new JournalStore(path.join(home, 'runs')).interrupted()).toEqual([]);
  }, 90_000);
});

describe("resume keeps the run's part layout", () => {
  it('a run with --part-rows 7, killed, resumed without repeating --part-rows, leaves the same object set', async () => {
    // The journal does not record --part-rows, so a resume writes its chunks in default-size parts: same rows,
    // different objects than the uninterrupted run (and than the chunks the first attempt wrote).
    sim.faults.clear();
    const base = await tempDir('base7');
    const b = await startCli(['--event', eventFile, '--out', base, '--part-rows', '7'], env(await tempDir('home'))).done;
    expect(b.code, b.stderr).toBe(0);
    const out = await tempDir('out');
    const home = await tempDir('home');
    const held = holdPage(4, 1);
    await killAt(['--event', eventFile, '--out', out, '--part-rows', '7'], env(home), () => held.hits > 0, 'chunk 4 in flight');
    await resume(home, env(home));
    expect(await listFiles(out)).toEqual(await listFiles(base));
  });
});
