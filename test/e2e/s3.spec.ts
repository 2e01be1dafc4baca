// The S3 leg of issue 3's end-to-end run: a newcomer's sample backfill to an S3-compatible server (s3rver on
// loopback), with the destination and its access keys saved through the real handlers and chosen in the window.
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startSimulator } from '../../electron/simulator';
import { startS3rver, type S3rverHandle } from '../servers/s3rver';
import { readWithParquetWasm } from '../sink/read-parquet';
import { expect, openApp, rowStatuses, runButton, summary, test } from './fixtures';

let s3: S3rverHandle;
test.beforeEach(async () => {
  s3 = await startS3rver(['e2e-raw']);
});
test.afterEach(async () => s3?.stop());

test('the sample lands in an S3 bucket under its prefix, exactly the sandbox truth', async ({ page, bridge }) => {
  const saved = await bridge.invoke('destinations:save', {
    destination: {
      kind: 's3',
      name: 'Raw zone (s3rver)',
      bucket: 'e2e-raw',
      prefix: 'raw/zone',
      region: 'us-east-1',
      profile: '',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      glue: false,
    },
    s3Keys: s3.credentials,
  });
  expect(saved.ok).toBe(true);

  await openApp(page, bridge);
  await page.getByLabel('Destination', { exact: true }).selectOption('Raw zone (s3rver)');
  await runButton(page).click();
  await expect(summary(page)).toContainText('Complete Success (status 0)', { timeout: 60_000 });
  expect(await rowStatuses(page)).toEqual(Array(9).fill('succeeded'));

  const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: s3.credentials });
  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'e2e-raw', Prefix: 'raw/zone/mambu_loan_transactions/' }));
  const keys = (listed.Contents ?? []).map((o) => o.Key!);
  expect(keys).toHaveLength(9);
  const landed: string[] = [];
  for (const key of keys) {
    expect(key).toMatch(/^raw\/zone\/mambu_loan_transactions\/date=202501\d\d\/w\d{8}T\d{6}Z-\d{8}T\d{6}Z-part-00000\.snappy\.parquet$/);
    const body = await (await client.send(new GetObjectCommand({ Bucket: 'e2e-raw', Key: key }))).Body!.transformToByteArray();
    landed.push(...readWithParquetWasm(body).rows.map((r) => String(r.encoded_key)));
  }
  client.destroy();

  // The sandbox tenant is deterministic: the same simulator here is the ground truth.
  const sim = await startSimulator({ auth: { kind: 'none' } });
  const truth = sim.truth.window(
    'loans/transactions:search',
    'creationDate',
    new Date('2025-01-01T00:00:00Z'),
    new Date('2025-01-10T00:00:00Z'),
  );
  await sim.close();
  expect(landed.sort()).toEqual(truth.map((t) => String(t.encodedKey)).sort());
  await expect(page.getByTestId('summary-records')).toHaveText(String(truth.length));
});
