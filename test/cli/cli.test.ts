// Issue 2's "done when", end to end through the real CLI process: simulator → engine → Parquet → folder/S3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { logMessages, runCliProcess, ROOT } from '../helpers/cli';
import { comparable, landedRows, listFiles } from '../helpers/landed';
import { swiftS3Env, SWIFT_HOWTO } from '../servers/swift-env';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { readWithParquetWasm } from '../sink/read-parquet';

const SAMPLE = path.join(ROOT, 'shared/samples/loan-transactions.json');
const WINDOW = { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-01-10T00:00:00Z') };
const API_KEY = 'cli-test-key-5f1c2b7e9d';

let tmp: string;
const dir = async (name: string) => mkdtemp(path.join(tmp, name + '-'));

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mb-cli-'));
});

describe('mambu-backfill --sandbox', () => {
  let out: string;
  let home: string;
  let truthKeys: string[];
  let firstRun: Awaited<ReturnType<typeof runCliProcess>>;

  beforeAll(async () => {
    // The sandbox tenant is deterministic: the same simulator, started here, is the ground truth.
    const sim = await startSimulator({ auth: { kind: 'none' } });
    truthKeys = sim.truth.window('loans/transactions:search', 'creationDate', WINDOW.start, WINDOW.end).map((r) => String(r.encodedKey));
    await sim.close();
    out = await dir('out');
    home = await dir('home');
    firstRun = await runCliProcess(['--sandbox', '--event', SAMPLE, '--out', out], { MAMBU_BACKFILL_HOME: home });
  });

  it("prints the original's log lines and summary with 9 ✓ chunks and exits 0", () => {
    expect(firstRun.stderr).toBe('');
    expect(firstRun.code).toBe(0);
    const msgs = logMessages(firstRun.stdout).map((l) => l.message);
    expect(msgs).toContain('Starting Mambu API data extraction process');
    expect(msgs).toContain('Full date range to process: 2025-01-01 00:00:00+00:00 to 2025-01-10 00:00:00+00:00');
    expect(msgs).toContain('Total duration: 216.00 hours to be processed in 24-hour chunks');
    const rule = '='.repeat(60);
    const at = msgs.indexOf('PROCESSING SUMMARY: Completed 9 chunks');
    expect(msgs[at - 1]).toBe(rule);
    expect(msgs[at + 1]).toBe(rule);
    expect(msgs[at + 2]).toBe('SUCCESSFUL CHUNKS: 9/9');
    const ticks = msgs.slice(at + 3, at + 12);
    ticks.forEach((m, i) => {
      const d = (n: number) => `2025-01-${String(n).padStart(2, '0')} 00:00:00`;
      expect(m).toMatch(new RegExp(`^✓ Chunk ${i + 1}: ${d(i + 1)} to ${d(i + 2)}: \\d+ records$`));
    });
    expect(msgs[at + 12]).toBe('FAILED CHUNKS: 0/9');
    expect(msgs[at + 13]).toBe(rule);
    const total = ticks.reduce((a, m) => a + Number(/: (\d+) records$/.exec(m)![1]), 0);
    expect(total).toBe(truthKeys.length);
    expect(msgs).toContain(`[Success] Process completed successfully with ${truthKeys.length} records processed`);
  });

  it("lands exactly the simulator's records in date= partitions, read by an independent reader", async () => {
    const rows = await landedRows(out, 'mambu_loan_transactions');
    const keys = rows.map((r) => String(r.row.encoded_key));
    expect(keys.length).toBe(truthKeys.length);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...truthKeys].sort());
    for (const { partition, row } of rows) {
      const created = row.creation_date instanceof Date ? row.creation_date : new Date(Number(row.creation_date));
      expect(created.toISOString().slice(0, 10).replace(/-/g, '')).toBe(partition);
      expect(row.timestamp_extracted).toBeTruthy();
    }
  });

  it('leaves identical content on a second run', async () => {
    const before = comparable(await landedRows(out, 'mambu_loan_transactions'));
    const filesBefore = await listFiles(out);
    const again = await runCliProcess(['--sandbox', '--event', SAMPLE, '--out', out], { MAMBU_BACKFILL_HOME: home });
    expect(again.code).toBe(0);
    expect(await listFiles(out)).toEqual(filesBefore);
    expect(comparable(await landedRows(out, 'mambu_loan_transactions'))).toEqual(before);
  });

  it('journals every run and lists it', async () => {
    const runs = await readdir(path.join(home, 'runs'));
    expect(runs.filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(2);
    const list = await runCliProcess(['--list-runs'], { MAMBU_BACKFILL_HOME: home });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Complete Success .* 9\/0 /);
  });

  it('--catalog adds column types: a declared column is no longer drift; a bad catalog exits 1 naming it', async () => {
    const catalog = path.join(tmp, 'catalog.json');
    await writeFile(
      catalog,
      JSON.stringify({ mambu_loan_transactions: { payment_details_payer_iban: 'string', payment_details_reference: 'string' } }),
    );
    const r = await runCliProcess(['--sandbox', '--event', SAMPLE, '--out', await dir('cat'), '--catalog', catalog], {
      MAMBU_BACKFILL_HOME: home,
    });
    expect(r.code).toBe(0);
    expect(firstRun.stdout).toContain('schema drift');
    expect(r.stdout).not.toContain('payment_details_payer_iban');

    await writeFile(catalog, JSON.stringify({ mambu_loan_transactions: { amount: 'decimal(10,2)' } }));
    const bad = await runCliProcess(['--sandbox', '--event', SAMPLE, '--out', await dir('cat-bad'), '--catalog', catalog], {
      MAMBU_BACKFILL_HOME: home,
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/mambu_loan_transactions.*amount|amount.*mambu_loan_transactions/);
    expect(bad.stdout).not.toContain('Processing chunk');
  });

  it('writes to a folder the run names when no destination is given', async () => {
    const cwdHome = await dir('home2');
    const r = await runCliProcess(['--sandbox', '--event', path.join(ROOT, 'shared/samples/users.json')], { MAMBU_BACKFILL_HOME: cwdHome });
    expect(r.code).toBe(0);
    const runLine = logMessages(r.stdout).find((l) => l.message.startsWith('Run '))!.message;
    const folder = /→ (.*mambu-backfill-output\/[\w-]+)\/?$/.exec(runLine)?.[1];
    expect(folder, runLine).toBeTruthy();
    const rows = await landedRows(folder!, 'mambu_users');
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.partition)).size).toBe(1);
  });
});

describe('mambu-backfill against a configured tenant', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: API_KEY } });
  });
  afterAll(async () => sim?.close());

  const env = (home: string, extra: Record<string, string> = {}) => ({
    MAMBU_BACKFILL_HOME: home,
    MAMBU_BASE_URL: sim.url,
    MAMBU_API_KEY: API_KEY,
    MAMBU_REQUESTS_PER_SECOND: '50',
    ...extra,
  });

  it('a permanently failing window gives ✗ for that chunk only, exit 2; --retry-failed then completes it', async () => {
    const out = await dir('fail-out');
    const home = await dir('fail-home');
    sim.faults.clear();
    sim.faults.add({
      kind: 'status',
      status: 500,
      endpoint: 'loans/transactions:search',
      windowStart: '2025-01-05T00:00:00+00:00',
      times: Infinity,
    });
    const r = await runCliProcess(['--event', SAMPLE, '--out', out], env(home, { MAMBU_MAX_RETRIES: '1' }));
    expect(r.code).toBe(2);
    const msgs = logMessages(r.stdout + r.stderr).map((l) => l.message);
    expect(msgs).toContain('SUCCESSFUL CHUNKS: 8/9');
    expect(msgs).toContain('FAILED CHUNKS: 1/9');
    expect(msgs).toContain('✗ Chunk 5: 2025-01-05 00:00:00 to 2025-01-06 00:00:00');
    const err = msgs[msgs.indexOf('✗ Chunk 5: 2025-01-05 00:00:00 to 2025-01-06 00:00:00') + 1]!;
    expect(err).toMatch(/^Error: .*500/);
    const partitions = new Set((await landedRows(out, 'mambu_loan_transactions')).map((x) => x.partition));
    expect(partitions.has('20250105')).toBe(false);
    expect(partitions.size).toBe(8);

    // The secret never reaches output or journals.
    expect(r.stdout + r.stderr).not.toContain(API_KEY);
    for (const f of await readdir(path.join(home, 'runs'))) {
      expect(await readFile(path.join(home, 'runs', f), 'utf8')).not.toContain(API_KEY);
    }

    // Retry failed: only chunk 5 runs again; the destination ends with exactly the truth.
    sim.faults.clear();
    const runId = (await readdir(path.join(home, 'runs'))).find((f) => f.endsWith('.json'))!.replace(/\.json$/, '');
    const retry = await runCliProcess(['--retry-failed', runId], env(home));
    expect(retry.code).toBe(0);
    const retryMsgs = logMessages(retry.stdout).map((l) => l.message);
    expect(retryMsgs.filter((m) => m.startsWith('Processing chunk '))).toEqual([
      'Processing chunk 5: 2025-01-05 00:00:00+00:00 to 2025-01-06 00:00:00+00:00',
    ]);
    expect(retryMsgs).toContain('SUCCESSFUL CHUNKS: 9/9');
    const rows = await landedRows(out, 'mambu_loan_transactions');
    const truth = sim.truth.window('loans/transactions:search', 'creationDate', WINDOW.start, WINDOW.end);
    expect(rows.map((x) => String(x.row.encoded_key)).sort()).toEqual(truth.map((t) => String(t.encodedKey)).sort());
  });

  it('a bad event exits 1 naming the field, before any request', async () => {
    const bad = path.join(tmp, 'bad-event.json');
    await writeFile(bad, JSON.stringify({ ...JSON.parse(await readFile(SAMPLE, 'utf8')), start_date: '2025-01-32 00:00:00' }));
    const before = sim.requests.length;
    const r = await runCliProcess(['--event', bad, '--out', await dir('bad')], env(await dir('bad-home')));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      / - ERROR - Invalid event: start_date is not a real calendar date and time; expected e\.g\. 2025-01-31 00:00:00/,
    );
    expect(sim.requests.length).toBe(before);
  });

  it('wrong Mambu credentials exit 1 before chunk 1 with a clear reason', async () => {
    const r = await runCliProcess(
      ['--event', SAMPLE, '--out', await dir('cred')],
      env(await dir('cred-home'), { MAMBU_API_KEY: 'wrong-key-123' }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('Processing chunk');
    expect(r.stderr).toMatch(/Setup check failed, no chunk was run: .*401/);
    expect(r.stdout + r.stderr).not.toContain('wrong-key-123');
  });

  it('--dry-run prints the plan without a request', async () => {
    const before = sim.requests.length;
    const r = await runCliProcess(['--event', SAMPLE, '--dry-run'], env(await dir('dry-home')));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Plan: 9 chunks of 24 hours over 216.00 hours');
    expect(sim.requests.length).toBe(before);
  });

  const swift = swiftS3Env();
  describe.skipIf(!swift)(`to S3 (OpenStack Swift s3api)${swift ? '' : ' — ' + SWIFT_HOWTO}`, () => {
    const s3env = (extra: Record<string, string> = {}) => ({
      S3_RAW: 'mambu-cli-test',
      S3_PREFIX: 'raw/zone',
      AWS_ENDPOINT_URL_S3: swift!.endpoint,
      AWS_REGION: swift!.region,
      AWS_ACCESS_KEY_ID: swift!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: swift!.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      ...extra,
    });

    it('lands the sample in the bucket under the prefix, exactly the truth', async () => {
      const s3 = new S3Client({
        endpoint: swift!.endpoint,
        region: swift!.region,
        forcePathStyle: true,
        credentials: { accessKeyId: swift!.accessKeyId, secretAccessKey: swift!.secretAccessKey },
      });
      await s3.send(new CreateBucketCommand({ Bucket: 'mambu-cli-test' })).catch((e: Error) => {
        if (!/BucketAlready/.test(e.name)) throw e;
      });
      const r = await runCliProcess(['--event', SAMPLE, '--no-glue'], { ...env(await dir('s3ok-home')), ...s3env() });
      expect(r.code, r.stderr).toBe(0);
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'mambu-cli-test', Prefix: 'raw/zone/mambu_loan_transactions/' }));
      const keys = (listed.Contents ?? []).map((o) => o.Key!);
      expect(keys).toHaveLength(9);
      expect(
        keys.every((k) =>
          /^raw\/zone\/mambu_loan_transactions\/date=202501\d\d\/w\d{8}T\d{6}Z-\d{8}T\d{6}Z-part-00000\.snappy\.parquet$/.test(k),
        ),
      ).toBe(true);
      const landed: string[] = [];
      for (const key of keys) {
        const obj = await s3.send(new GetObjectCommand({ Bucket: 'mambu-cli-test', Key: key }));
        landed.push(...readWithParquetWasm(await obj.Body!.transformToByteArray()).rows.map((row) => String(row.encoded_key)));
      }
      const truth = sim.truth.window('loans/transactions:search', 'creationDate', WINDOW.start, WINDOW.end);
      expect(landed.sort()).toEqual(truth.map((t) => String(t.encodedKey)).sort());
      s3.destroy();
    });

    it('wrong S3 credentials exit 1 before chunk 1 with a clear reason', async () => {
      const r = await runCliProcess(['--event', SAMPLE, '--no-glue'], {
        ...env(await dir('s3bad-home')),
        ...s3env({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' }),
      });
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('Processing chunk');
      expect(r.stderr).toMatch(/Setup check failed, no chunk was run: .*credentials/i);
      expect(r.stdout + r.stderr).not.toContain('not-the-secret');
    });

    it('a missing bucket exits 1 before chunk 1 naming the bucket', async () => {
      const r = await runCliProcess(['--event', SAMPLE, '--no-glue'], {
        ...env(await dir('s3nob-home')),
        ...s3env({ S3_RAW: 'no-such-bucket-here' }),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no-such-bucket-here/);
      expect(r.stdout).not.toContain('Processing chunk');
    });
  });
});
