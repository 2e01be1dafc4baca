// Glue registration and the Mambu key from Secrets Manager, end to end through the real CLI: the simulator (with
// API-key auth) as Mambu, s3rver as S3, the Glue and Secrets Manager stand-ins reached by the CLI's real AWS SDK
// clients through AWS_ENDPOINT_URL_GLUE / AWS_ENDPOINT_URL_SECRETS_MANAGER.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { runCliProcess } from '../helpers/cli';
import { s3Objects } from '../helpers/object-store';
import { listFiles } from '../helpers/landed';
import { readWithParquetWasm } from '../sink/read-parquet';
import { startS3rver, type S3rverHandle } from '../servers/s3rver';
import { startGlueStandIn, type GlueStandIn } from '../servers/glue-stand-in';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../servers/secrets-manager-stand-in';
import { SWIFT_HOWTO, swiftS3Env } from '../servers/swift-env';
import { originalEvent } from '../helpers/events';

const API_KEY = 'glue-e2e-Key/3c2b+1a0=ffee';
const BUCKET = 'glue-e2e';
const TABLE = 'mambu_loan_transactions';
const ENDPOINT = 'loans/transactions:search';
const EVENT = originalEvent();

let sim: Simulator;
let s3: S3rverHandle;
let glue: GlueStandIn;
let sm: SecretsManagerStandIn;
let client: S3Client;
let dir: string;
let eventFile: string;
let n = 0;

beforeAll(async () => {
  sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: API_KEY }, perDay: 6 });
  s3 = await startS3rver([BUCKET]);
  glue = await startGlueStandIn({ databases: ['datalake_raw', 'analytics', 'swift_raw'] });
  sm = await startSecretsManagerStandIn({
    'prod/mambu': { secretString: JSON.stringify({ MAMBU_API_KEY: API_KEY }) },
    'prod/bad-json': { secretString: `MAMBU_API_KEY=${API_KEY}` },
    'prod/no-key': { secretString: JSON.stringify({ MAMBU_PASSWORD: API_KEY }) },
  });
  client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: s3.credentials });
  dir = await mkdtemp(path.join(tmpdir(), 'glue-e2e-'));
  eventFile = path.join(dir, 'event.json');
  await writeFile(eventFile, JSON.stringify(EVENT));
});
afterAll(async () => {
  client?.destroy();
  await Promise.all([sim?.close(), s3?.stop(), glue?.close(), sm?.close()]);
});

/** A fresh prefix and home per run; AWS through the stand-ins; the Mambu key given directly unless overridden. */
function env(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MAMBU_BACKFILL_HOME: path.join(dir, `home-${++n}`),
    MAMBU_BASE_URL: sim.url,
    MAMBU_API_KEY: API_KEY,
    MAMBU_REQUESTS_PER_SECOND: '50',
    S3_RAW: BUCKET,
    S3_PREFIX: prefix,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_GLUE: glue.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    ...extra,
  };
}

/** Athena's name for the Arrow type parquet-wasm reads a column as. */
function athenaOf(arrowType: string): string {
  if (arrowType === 'Utf8' || arrowType === 'LargeUtf8') return 'string';
  if (arrowType === 'Float64') return 'double';
  if (arrowType === 'Int32') return 'int';
  if (arrowType === 'Int64') return 'bigint';
  if (arrowType === 'Bool') return 'boolean';
  if (arrowType.startsWith('Date')) return 'date';
  if (arrowType.startsWith('Timestamp')) return 'timestamp';
  return `?${arrowType}`;
}

/** Every column of every object under the table, with its type as an independent reader sees it. */
async function landedColumns(prefix: string): Promise<{ days: string[]; types: Map<string, string> }> {
  const store = s3Objects(client, BUCKET, prefix);
  const types = new Map<string, string>();
  const days = new Set<string>();
  for (const key of await store.list(`${TABLE}/`)) {
    days.add(/\/date=(\d{8})\//.exec(key)![1]!);
    for (const f of readWithParquetWasm(await store.get(key)).fields) {
      const t = athenaOf(f.type);
      expect(types.get(f.name) ?? t, `${f.name} has one type in every object`).toBe(t);
      types.set(f.name, t);
    }
  }
  return { days: [...days].sort(), types };
}

describe('Glue Data Catalog registration', () => {
  it("creates the table with the run's typed columns, registers its partitions once across re-runs, then adds a new column", async () => {
    const prefix = 'raw/created';
    const ops = () => glue.calls.map((c) => c.operation);
    const r1 = await runCliProcess(['--event', eventFile], env(prefix));
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stdout).toContain(`table ${TABLE} and 1 partition(s) registered in the data catalog`);

    const t = glue.table('datalake_raw', TABLE)!;
    const def = t.def as { StorageDescriptor: { Location: string }; PartitionKeys: unknown; TableType: string };
    expect(def.StorageDescriptor.Location).toBe(`s3://${BUCKET}/${prefix}/${TABLE}/`);
    expect(def.PartitionKeys).toEqual([{ Name: 'date', Type: 'string' }]);
    expect(def.TableType).toBe('EXTERNAL_TABLE');
    const landed = await landedColumns(prefix);
    expect(landed.days).toEqual(['20250101', '20250102', '20250103']);
    // The table's columns are exactly the written files' columns, with the same types.
    expect(new Map(glue.columns('datalake_raw', TABLE))).toEqual(landed.types);
    expect(landed.types.get('amount')).toBe('double');
    expect(landed.types.get('timestamp_extracted')).toBe('timestamp');
    expect(glue.partitionValues('datalake_raw', TABLE)).toEqual(landed.days);
    for (const p of t.partitions.values()) {
      const sd = p.StorageDescriptor as { Location: string };
      expect(sd.Location).toBe(`s3://${BUCKET}/${prefix}/${TABLE}/date=${(p.Values as string[])[0]}/`);
    }
    expect(ops().filter((o) => o === 'CreateTable')).toHaveLength(1);

    // The same window again: nothing new to register, nothing registered twice, still exit 0.
    const before = glue.calls.length;
    const r2 = await runCliProcess(['--event', eventFile], env(prefix));
    expect(r2.code, r2.stderr).toBe(0);
    const again = glue.calls.slice(before);
    expect(again.filter((c) => c.operation === 'CreateTable' || c.operation === 'UpdateTable')).toEqual([]);
    expect(again.filter((c) => c.operation === 'BatchCreatePartition')).toHaveLength(3);
    expect(glue.partitionValues('datalake_raw', TABLE)).toEqual(['20250101', '20250102', '20250103']);

    // A record of the window now carries a field no earlier write had: the table gains exactly that column,
    // appended, and no existing column changes type.
    const columnsBefore = glue.columns('datalake_raw', TABLE);
    const rec = sim.truth.window(ENDPOINT, 'creationDate', new Date('2025-01-02T00:00:00Z'), new Date('2025-01-03T00:00:00Z'))[0]!;
    sim.truth.update(ENDPOINT, String(rec.encodedKey), { glueEvolutionNote: 'added later' });
    const r3 = await runCliProcess(['--event', eventFile], env(prefix));
    expect(r3.code, r3.stderr).toBe(0);
    expect(glue.columns('datalake_raw', TABLE)).toEqual([...columnsBefore, ['glue_evolution_note', 'string']]);
    expect(new Map(glue.columns('datalake_raw', TABLE))).toEqual((await landedColumns(prefix)).types);
    expect(glue.partitionValues('datalake_raw', TABLE)).toEqual(['20250101', '20250102', '20250103']);
  }, 120_000);

  it('GLUE_DATABASE chooses the database; --no-glue and a local folder register nothing', async () => {
    const r = await runCliProcess(['--event', eventFile], env('raw/analytics', { GLUE_DATABASE: 'analytics' }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Tables and partitions are registered in Glue database analytics (--no-glue turns this off)');
    expect(glue.partitionValues('analytics', TABLE)).toEqual(['20250101', '20250102', '20250103']);

    const before = glue.calls.length;
    const off = await runCliProcess(['--event', eventFile, '--no-glue'], env('raw/no-glue'));
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).not.toContain('Glue database');
    expect((await landedColumns('raw/no-glue')).days).toHaveLength(3);
    const local = await runCliProcess(['--event', eventFile, '--out', path.join(dir, 'local-out')], env('unused'));
    expect(local.code, local.stderr).toBe(0);
    expect(glue.calls.slice(before)).toEqual([]);
  }, 120_000);

  it('a missing database or an unreachable catalog fails the setup check before chunk 1, writing nothing', async () => {
    const missing = await runCliProcess(['--event', eventFile], env('raw/missing-db', { GLUE_DATABASE: 'no_such_db' }));
    expect(missing.code).toBe(1);
    expect(missing.stdout).not.toContain('Processing chunk');
    expect(missing.stderr).toMatch(
      /Setup check failed, no chunk was run: Glue database "no_such_db" does not exist.*GLUE_DATABASE.*--no-glue/,
    );
    expect(await s3Objects(client, BUCKET, 'raw/missing-db').list('')).toEqual([]);

    const gone = await startGlueStandIn();
    await gone.close();
    const down = await runCliProcess(['--event', eventFile], env('raw/glue-down', { AWS_ENDPOINT_URL_GLUE: gone.url }));
    expect(down.code).toBe(1);
    expect(down.stdout).not.toContain('Processing chunk');
    expect(down.stderr).toMatch(
      /Setup check failed, no chunk was run: the Glue Data Catalog is not reachable \(GetDatabase\): ECONNREFUSED/,
    );
    expect(await s3Objects(client, BUCKET, 'raw/glue-down').list('')).toEqual([]);

    const bad = await runCliProcess(['--event', eventFile], env('raw/bad-db', { GLUE_DATABASE: 'no such db' }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('GLUE_DATABASE must be a Glue database name');
  }, 120_000);

  it('a partition Glue refuses fails the chunk (its objects stay, unregistered); --retry-failed registers it', async () => {
    glue.addDatabase('refusing');
    glue.failNext('BatchCreatePartition', 'ResourceNumberLimitExceededException', 'Number of partitions exceeds the limit', 1);
    const e = env('raw/refused', { GLUE_DATABASE: 'refusing' });
    const r = await runCliProcess(['--event', eventFile], e);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'Error processing chunk 1: the chunk\'s objects are written but not registered in the data catalog: BatchCreatePartition mambu_loan_transactions in Glue database "refusing" failed: ResourceNumberLimitExceededException',
    );
    expect(glue.partitionValues('refusing', TABLE)).toEqual(['20250102', '20250103']);
    const runId = /Run (\S+):/.exec(r.stdout)![1]!;
    const retry = await runCliProcess(['--retry-failed', runId], e);
    expect(retry.code, retry.stderr).toBe(0);
    expect(glue.partitionValues('refusing', TABLE)).toEqual(['20250101', '20250102', '20250103']);
  }, 120_000);
});

const swift = swiftS3Env();
describe.skipIf(!swift)(`Glue registration with OpenStack Swift as S3${swift ? '' : ' — ' + SWIFT_HOWTO}`, () => {
  it("registers the table at the Swift bucket's location and one partition per landed date= folder", async () => {
    const bucket = 'glue-e2e-swift';
    const sw = new S3Client({
      endpoint: swift!.endpoint,
      region: swift!.region,
      forcePathStyle: true,
      credentials: { accessKeyId: swift!.accessKeyId, secretAccessKey: swift!.secretAccessKey },
    });
    await sw.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: Error) => {
      if (!/BucketAlready/.test(e.name)) throw e;
    });
    const prefix = `raw/swift-${Date.now()}`;
    const r = await runCliProcess(
      ['--event', eventFile],
      env(prefix, {
        S3_RAW: bucket,
        AWS_ENDPOINT_URL_S3: swift!.endpoint,
        AWS_REGION: swift!.region,
        AWS_ACCESS_KEY_ID: swift!.accessKeyId,
        AWS_SECRET_ACCESS_KEY: swift!.secretAccessKey,
        GLUE_DATABASE: 'swift_raw',
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    const keys = await s3Objects(sw, bucket, prefix).list(`${TABLE}/`);
    const days = [...new Set(keys.map((k) => /\/date=(\d{8})\//.exec(k)![1]!))].sort();
    expect(days).toEqual(['20250101', '20250102', '20250103']);
    expect(glue.partitionValues('swift_raw', TABLE)).toEqual(days);
    expect((glue.table('swift_raw', TABLE)!.def as { StorageDescriptor: { Location: string } }).StorageDescriptor.Location).toBe(
      `s3://${bucket}/${prefix}/${TABLE}/`,
    );
    sw.destroy();
  }, 120_000);
});

describe('the Mambu key from AWS Secrets Manager (MAMBU_PASSWORD_NAME)', () => {
  const noKey = (extra: Record<string, string>) => {
    const e = env('unused', extra);
    delete (e as Record<string, string | undefined>).MAMBU_API_KEY;
    return e;
  };

  it('a run with MAMBU_PASSWORD_NAME and no key reads the key from the secret', async () => {
    const out = path.join(dir, 'sm-out');
    const e = noKey({ MAMBU_PASSWORD_NAME: 'prod/mambu' });
    const r = await runCliProcess(['--event', eventFile, '--out', out, '--report', path.join(out, 'report.html')], e);
    expect(r.code, r.stderr).toBe(0);
    // Nothing the run wrote (journal, report, Parquet) holds the key.
    const written = [
      ...(await listFiles(e.MAMBU_BACKFILL_HOME!)).map((f) => path.join(e.MAMBU_BACKFILL_HOME!, f)),
      ...(await listFiles(out)).map((f) => path.join(out, f)),
    ];
    expect(written.some((f) => f.endsWith('.html'))).toBe(true);
    for (const f of written) expect((await readFile(f)).includes(Buffer.from(API_KEY)), f).toBe(false);
    expect(sm.calls.filter((c) => c.operation === 'GetSecretValue').map((c) => c.input.SecretId)).toContain('prod/mambu');
    // The simulator only answers with that key: every data request carried it.
    expect(sim.requests.filter((q) => q.endpoint === ENDPOINT).every((q) => q.auth === 'apiKey')).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(API_KEY);
  }, 120_000);

  const failures: Array<[string, RegExp]> = [
    ['prod/missing', /AWS Secrets Manager secret "prod\/missing" \(MAMBU_PASSWORD_NAME\) was not found/],
    ['prod/bad-json', /AWS Secrets Manager secret "prod\/bad-json" \(MAMBU_PASSWORD_NAME\) is not valid JSON/],
    ['prod/no-key', /AWS Secrets Manager secret "prod\/no-key" \(MAMBU_PASSWORD_NAME\) has no key MAMBU_API_KEY/],
  ];
  for (const [id, message] of failures) {
    it(`${id}: exit 1 before any request, naming the secret and never its value`, async () => {
      const requests = sim.requests.length;
      const r = await runCliProcess(['--event', eventFile, '--out', path.join(dir, 'sm-fail')], noKey({ MAMBU_PASSWORD_NAME: id }));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Setup failed, no chunk was run: /);
      expect(r.stderr).toMatch(message);
      expect(r.stdout + r.stderr).not.toContain(API_KEY);
      expect(sim.requests.length).toBe(requests);
    });
  }

  it('a key given directly wins over MAMBU_PASSWORD_NAME (Secrets Manager is not asked)', async () => {
    const calls = sm.calls.length;
    const r = await runCliProcess(
      ['--event', eventFile, '--out', path.join(dir, 'direct')],
      env('unused', { MAMBU_PASSWORD_NAME: 'prod/missing' }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(sm.calls.length).toBe(calls);
  }, 120_000);
});
