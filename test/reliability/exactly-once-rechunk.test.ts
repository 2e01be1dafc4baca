// Exactly once whatever the chunking: three runs over one range with different chunkings — 48 h; then 6 h chunks
// inside it; then 24 h chunks shifted by 12 h (each overlapping two earlier windows partly) — leave every record
// of the range once, with the newest run's version, read back by an independent reader (parquet-wasm). On a
// local folder and on Swift s3api (real multipart uploads completed at commit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { effectiveWindow, parsePartName } from '../../electron/engine/sink/object-names';
import type { DestinationSettings } from '../../shared/settings';
import type { LandedRow } from '../helpers/landed';
import { localObjects, readTable, s3Objects, type ObjectStore } from '../helpers/object-store';
import { SWIFT_HOWTO, swiftS3Env } from '../servers/swift-env';
import { makeEvent, runEngine, tempDir } from './harness';

const TABLE = 'mambu_loan_transactions';
const ENDPOINT = 'loans/transactions:search';
const RANGE = { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-01-03T12:00:00Z') };
const RUNS = [
  { start_date: '2025-01-01 00:00:00', end_date: '2025-01-03 00:00:00', chunk_hours: 48 },
  { start_date: '2025-01-01 06:00:00', end_date: '2025-01-02 18:00:00', chunk_hours: 6 },
  { start_date: '2025-01-01 12:00:00', end_date: '2025-01-03 12:00:00', chunk_hours: 24 },
];

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 23 });
});
afterAll(async () => sim?.close());

/** A row as content (no extraction time; a null cell and a column the file lacks read alike), for comparing runs. */
const content = (rows: LandedRow[]) =>
  rows
    .map(({ row }) => {
      const { timestamp_extracted: _t, ...rest } = row;
      const cells = Object.entries(rest)
        .filter(([, v]) => v !== null)
        .sort(([a], [b]) => (a < b ? -1 : 1));
      return JSON.stringify(Object.fromEntries(cells), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    })
    .sort();

/** Runs the three chunkings into `dest`, changing one record between the second and third run; returns what the
 *  store holds then, and a single uninterrupted run's content over the whole range (the truth as of the end). */
async function threeChunkings(
  dest: () => DestinationSettings,
  store: ObjectStore,
  creds?: { accessKeyId: string; secretAccessKey: string },
) {
  const d = dest();
  const runsDir = await tempDir('rechunk-runs');
  for (const [i, r] of RUNS.entries()) {
    if (i === 2) {
      // Changed at Mambu after run 2: run 3 (whose window holds it) must land the new version, once.
      const [rec] = sim.truth.window(ENDPOINT, 'creationDate', new Date('2025-01-02T00:00:00Z'), new Date('2025-01-02T06:00:00Z'));
      sim.truth.update('loans/transactions', rec!.encodedKey as string, { notes: 'changed after run 2' });
    }
    const run = await runEngine({ sim, event: makeEvent(r), destination: d, s3Credentials: creds, runsDir, partRows: 9 });
    expect(run.record.chunks.map((c) => `${c.index}:${c.status}:${c.error ?? ''}`)).toEqual(
      run.record.chunks.map((c) => `${c.index}:success:`),
    );
  }
  const rows = await readTable(store, TABLE);
  return rows;
}

async function check(rows: LandedRow[], keys: string[]) {
  const truth = sim.truth.window(ENDPOINT, 'creationDate', RANGE.start, RANGE.end);
  expect(truth.length).toBeGreaterThan(50);
  // Every record once …
  const got = rows.map((r) => r.row.encoded_key as string);
  expect(got.length).toBe(truth.length);
  expect(new Set(got).size).toBe(truth.length);
  expect([...got].sort()).toEqual(truth.map((t) => t.encodedKey as string).sort());
  // … with the newest version …
  expect(rows.filter((r) => r.row.notes === 'changed after run 2')).toHaveLength(1);
  // … and the same content as one uninterrupted run over the whole range (types kept through the rewrites).
  const ref = await tempDir('rechunk-ref');
  const single = await runEngine({
    sim,
    event: makeEvent({ start_date: '2025-01-01 00:00:00', end_date: '2025-01-03 12:00:00', chunk_hours: 60 }),
    destination: { kind: 'local', name: 'ref', path: ref },
    runsDir: await tempDir('rechunk-ref-runs'),
  });
  expect(single.record.status).toBe(0);
  expect(content(rows)).toEqual(content(await readTable(localObjects(ref), TABLE)));
  // The names keep telling which rows an object can hold: within a partition, different windows never overlap.
  const byDay = new Map<string, Array<{ key: string; w: { start: number; end: number } }>>();
  for (const key of keys) {
    const p = parsePartName(TABLE, key)!;
    expect(p, key).toBeDefined();
    const list = byDay.get(p.day) ?? [];
    list.push({ key: p.chunkKey, w: effectiveWindow(p)! });
    byDay.set(p.day, list);
  }
  for (const list of byDay.values()) {
    for (const a of list)
      for (const b of list)
        if (a.key !== b.key) expect(a.w.start >= b.w.end || b.w.start >= a.w.end, `${a.key} overlaps ${b.key}`).toBe(true);
  }
}

describe('exactly once whatever the chunking: 48 h, then 6 h inside, then 24 h shifted by 12 h', () => {
  it('on a local folder', async () => {
    const out = await tempDir('rechunk-local');
    const store = localObjects(out);
    const rows = await threeChunkings(() => ({ kind: 'local', name: 'tmp', path: out }), store);
    const keys = await store.list(`${TABLE}/`);
    expect(
      keys.every((k) => !k.split('/').pop()!.startsWith('.')),
      'no staged file left',
    ).toBe(true);
    await check(rows, keys);
  }, 120_000);

  const swift = swiftS3Env();
  it.skipIf(!swift)(
    `on Swift s3api${swift ? '' : ' — ' + SWIFT_HOWTO}`,
    async () => {
      const creds = { accessKeyId: swift!.accessKeyId, secretAccessKey: swift!.secretAccessKey };
      const client = new S3Client({ endpoint: swift!.endpoint, region: swift!.region, forcePathStyle: true, credentials: creds });
      const bucket = 'mambu-rechunk';
      await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((e: Error) => {
        if (!/BucketAlready/.test(e.name)) throw e;
      });
      const prefix = `rechunk-${Date.now()}`;
      const store = s3Objects(client, bucket, prefix);
      const rows = await threeChunkings(
        () => ({
          kind: 's3',
          name: 'swift',
          bucket,
          prefix,
          region: swift!.region,
          profile: '',
          endpoint: swift!.endpoint,
          forcePathStyle: true,
          glue: false, // exactness of the objects is what this shows; Glue registration has its own suite
        }),
        store,
        creds,
      );
      const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: `${prefix}/` }));
      expect(uploads.Uploads ?? [], 'no multipart upload left pending').toEqual([]);
      await check(
        rows,
        (await store.list(`${TABLE}/`)).map((k) => k),
      );
      client.destroy();
    },
    300_000,
  );
});
