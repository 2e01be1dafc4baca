// Nothing half-visible: a real CLI process SIGKILLed mid-chunk, after several of the chunk's parts were uploaded,
// leaves no object of that attempt a query can see — the visible objects are exactly (byte for byte) what an
// earlier complete run of the window left — on a local folder (parts are dot-prefixed temp files until the
// commit renames them) and on Swift s3api (parts are multipart uploads completed only at commit). A resume then
// lands the window, and discards what the killed attempt had staged: no hidden file, no pending upload remains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateBucketCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { JournalStore } from '../../electron/engine/store';
import { startCli } from '../helpers/cli';
import { listFiles } from '../helpers/landed';
import { localObjects, readTable, s3Objects, type ObjectStore } from '../helpers/object-store';
import { SWIFT_HOWTO, swiftS3Env } from '../servers/swift-env';
import { tempDir } from './harness';
import { originalEvent } from '../helpers/events';

const TABLE = 'mambu_loan_transactions';
const KEY = 'kill-test-key-77c1';
const WINDOW = 'w20250101T000000Z-20250103T000000Z';
const EVENT = originalEvent({ end_date: '2025-01-03 00:00:00', chunk_hours: 48 });

let sim: Simulator;
let eventFile: string;
beforeAll(async () => {
  sim = await startSimulator({ seed: 31, auth: { kind: 'apiKey', apiKey: KEY } });
  eventFile = path.join(await tempDir('kill'), 'event.json');
  await writeFile(eventFile, JSON.stringify(EVENT));
});
afterAll(async () => sim?.close());

const env = (home: string, extra: Record<string, string> = {}) => ({
  MAMBU_BACKFILL_HOME: home,
  MAMBU_BASE_URL: sim.url,
  MAMBU_API_KEY: KEY,
  MAMBU_PAGE_SIZE: '10',
  MAMBU_REQUESTS_PER_SECOND: '50',
  MAMBU_TIMEOUT_SECONDS: '60',
  ...extra,
});

/** What a query sees: keys without a `.` or `_`-prefixed name, with their bytes. */
async function visible(store: ObjectStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await store.list(`${TABLE}/`)) {
    const name = key.split('/').pop()!;
    if (name.startsWith('.') || name.startsWith('_')) continue;
    out.set(key, Buffer.from(await store.get(key)).toString('base64'));
  }
  return out;
}

/** Complete run, then a second attempt with other part sizes killed mid-chunk once `staged()` sees ≥ 2 parts;
 *  checks the visible set is the first run's; resumes; checks the window landed once and nothing is left staged. */
async function killMidChunk(args: string[], extraEnv: Record<string, string>, store: ObjectStore, staged: () => Promise<number>) {
  sim.faults.clear();
  const first = await startCli(['--event', eventFile, ...args], env(await tempDir('home'), extraEnv)).done;
  expect(first.code, first.stderr).toBe(0);
  const before = await visible(store);
  expect(before.size).toBeGreaterThan(0);

  // Page 5 (offset 32) hangs: by then 32 records came in, i.e. four 7-row parts were finished and uploaded.
  sim.faults.add({ kind: 'delay', delayMs: 30_000, endpoint: 'loans/transactions:search', offset: 32 });
  const home = await tempDir('home');
  const { child, done } = startCli(['--event', eventFile, '--part-rows', '7', ...args], env(home, extraEnv));
  const t0 = Date.now();
  while ((await staged()) < 2) {
    if (Date.now() - t0 > 25_000) throw new Error('no part was staged in time');
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  expect((await done).signal).toBe('SIGKILL');
  sim.faults.clear();

  // The killed attempt's parts exist, staged, but nothing of it is visible: exactly the first run's objects.
  expect(await staged()).toBeGreaterThanOrEqual(2);
  const after = await visible(store);
  expect([...after.keys()]).toEqual([...before.keys()]);
  expect(after).toEqual(before);

  const [interrupted] = await new JournalStore(path.join(home, 'runs')).interrupted();
  const resumed = await startCli(['--resume', interrupted!.runId, ...args], env(home, extraEnv)).done;
  expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
  expect(await staged(), "the killed attempt's staged parts were discarded").toBe(0);
  const rows = await readTable(store, TABLE);
  const truth = sim.truth.window(
    'loans/transactions:search',
    'creationDate',
    new Date('2025-01-01T00:00:00Z'),
    new Date('2025-01-03T00:00:00Z'),
  );
  expect(rows.map((r) => r.row.encoded_key).sort()).toEqual(truth.map((t) => t.encodedKey).sort());
  expect(rows.every((r) => r.file.includes(WINDOW))).toBe(true);
}

describe('SIGKILL mid-chunk leaves no visible object of that chunk', () => {
  it('on a local folder', async () => {
    const out = await tempDir('kill-out');
    const stagedFiles = async () => (await listFiles(out)).filter((f) => /\/\.[^/]*\.staged-[0-9a-f]+$/.test(f)).length;
    await killMidChunk(['--out', out], {}, localObjects(out), stagedFiles);
    expect((await readdir(out)).sort()).toEqual([TABLE]);
  }, 120_000);

  const swift = swiftS3Env();
  it.skipIf(!swift)(
    `on Swift s3api${swift ? '' : ' — ' + SWIFT_HOWTO}`,
    async () => {
      const credentials = { accessKeyId: swift!.accessKeyId, secretAccessKey: swift!.secretAccessKey };
      const client = new S3Client({ endpoint: swift!.endpoint, region: swift!.region, forcePathStyle: true, credentials });
      const bucket = 'mambu-kill';
      await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: Error) => {
        if (!/BucketAlready/.test(e.name)) throw e;
      });
      const prefix = `kill-${Date.now()}`;
      const pending = async () =>
        ((await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: `${prefix}/` }))).Uploads ?? []).length;
      const s3env = {
        S3_RAW: bucket,
        S3_PREFIX: prefix,
        AWS_ENDPOINT_URL_S3: swift!.endpoint,
        AWS_REGION: swift!.region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
      };
      try {
        await killMidChunk(['--no-glue'], s3env, s3Objects(client, bucket, prefix), pending);
      } finally {
        client.destroy();
      }
    },
    180_000,
  );
});
