// Upload checksums on OpenStack Swift s3api, both ways: by default the AWS SDK's CRC32 checksum goes with every
// upload (small PutObject and multipart parts) and Swift takes them; with the destination marked "S3-compatible
// store without checksum support" (setting disableChecksums, CLI S3_DISABLE_CHECKSUMS=true) no checksum header is
// sent and uploads work too. What Swift does with checksums is recorded: it does not verify them, and it refuses
// aws-chunked streamed uploads — which is why our uploads are always whole buffers (a header, never a trailer).
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createS3Destination } from '../../electron/engine/sink/s3';
import { openSession } from '../../electron/engine/session';
import { destinationFromEnv } from '../../electron/cli/env-config';
import { SANDBOX_SETTINGS } from '../../shared/settings';
import { startSandboxTenant } from '../../electron/simulator/sandbox';
import { SWIFT_HOWTO, swiftS3Env } from '../servers/swift-env';
import { s3Options, type S3ServerCtx } from './s3-contract';

const env = swiftS3Env();
if (!env) console.warn(SWIFT_HOWTO);
const bucket = `checksums-${Date.now()}`;
const ctx = (): S3ServerCtx => ({
  endpoint: env!.endpoint,
  bucket,
  region: env!.region,
  credentials: { accessKeyId: env!.accessKeyId, secretAccessKey: env!.secretAccessKey },
});
const MiB = 1024 * 1024;

/** Records the headers of every request the client sends. */
function spy(client: S3Client): Array<Record<string, string>> {
  const seen: Array<Record<string, string>> = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { method: string; headers: Record<string, string>; query?: Record<string, string> };
      seen.push({ ...req.headers, ':method': req.method, ':query': Object.keys(req.query ?? {}).join('&') });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'testHeaderSpy', priority: 'low' },
  );
  return seen;
}
const checksumHeaders = (h: Record<string, string>) => Object.keys(h).filter((k) => k.startsWith('x-amz-checksum-'));

/** The object's SHA-256 as stored (comparing 10 MiB arrays element by element would take minutes). */
async function storedHash(client: S3Client, key: string): Promise<string> {
  const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return sha(await r.Body!.transformToByteArray());
}
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function body(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

describe.skipIf(!env)('S3 checksums on Swift s3api', () => {
  beforeAll(async () => {
    const c = new S3Client({ endpoint: env!.endpoint, region: env!.region, forcePathStyle: true, credentials: ctx().credentials });
    await c.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('default: a CRC32 checksum goes with every upload, and Swift stores the objects byte for byte', async () => {
    const d = createS3Destination(s3Options(ctx(), { prefix: 'on', multipartThresholdBytes: 5 * MiB, partSizeBytes: 5 * MiB }));
    const seen = spy(d.client);
    const small = body(1000, 1);
    const large = body(10 * MiB + 3, 2);
    await d.put('small.parquet', small, new AbortController().signal);
    await d.put('large.parquet', large, new AbortController().signal);
    // PutObject (no query) and UploadPart (partNumber&uploadId): the requests that carry object bytes.
    const uploads = seen.filter((h) => h[':method'] === 'PUT');
    expect(uploads.length).toBe(4); // 1 PutObject + 3 UploadPart
    expect(uploads.filter((h) => (h[':query'] ?? '').includes('partNumber'))).toHaveLength(3);
    for (const h of uploads) expect(checksumHeaders(h)).toEqual(['x-amz-checksum-crc32']);
    expect(seen.some((h) => h['content-encoding']?.includes('aws-chunked'))).toBe(false);
    expect(await storedHash(d.client, 'on/small.parquet')).toBe(sha(small));
    expect(await storedHash(d.client, 'on/large.parquet')).toBe(sha(large));
  });

  it('"S3-compatible store without checksum support": no checksum header is sent, and uploads work', async () => {
    const d = createS3Destination(
      s3Options(ctx(), { prefix: 'off', disableChecksums: true, multipartThresholdBytes: 5 * MiB, partSizeBytes: 5 * MiB }),
    );
    const seen = spy(d.client);
    const small = body(1000, 3);
    const large = body(10 * MiB + 3, 4);
    await d.put('small.parquet', small, new AbortController().signal);
    await d.put('large.parquet', large, new AbortController().signal);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    for (const h of seen) expect(checksumHeaders(h)).toEqual([]);
    expect(await storedHash(d.client, 'off/small.parquet')).toBe(sha(small));
    expect(await storedHash(d.client, 'off/large.parquet')).toBe(sha(large));
  });

  it('the setting reaches the S3 client from a saved destination and from S3_DISABLE_CHECKSUMS', async () => {
    const fromEnv = destinationFromEnv(
      {
        S3_RAW: bucket,
        S3_PREFIX: 'cli',
        AWS_ENDPOINT_URL_S3: env!.endpoint,
        AWS_REGION: env!.region,
        S3_FORCE_PATH_STYLE: 'true',
        S3_DISABLE_CHECKSUMS: 'true',
      },
      undefined,
      undefined,
    );
    expect(fromEnv).toMatchObject({ kind: 's3', disableChecksums: true });
    expect(destinationFromEnv({ S3_RAW: bucket }, undefined, undefined)).not.toHaveProperty('disableChecksums');
    for (const disable of [true, false]) {
      const s = await openSession({
        connection: SANDBOX_SETTINGS,
        destination: { ...(fromEnv as Extract<typeof fromEnv, { kind: 's3' }>), disableChecksums: disable },
        s3Credentials: ctx().credentials,
        startSandbox: startSandboxTenant,
      });
      try {
        const client = (s.destination as unknown as { client: S3Client }).client;
        const seen = spy(client);
        await s.destination.put(`k-${disable}.parquet`, body(100, 5), new AbortController().signal);
        expect(checksumHeaders(seen.at(-1)!)).toEqual(disable ? [] : ['x-amz-checksum-crc32']);
      } finally {
        await s.close();
      }
    }
  });

  it('what Swift does: it accepts a wrong CRC32 without checking, and refuses aws-chunked streamed uploads', async () => {
    const c = new S3Client({ endpoint: env!.endpoint, region: env!.region, forcePathStyle: true, credentials: ctx().credentials });
    await expect(
      c.send(new PutObjectCommand({ Bucket: bucket, Key: 'wrong-crc', Body: body(10, 6), ChecksumCRC32: 'AAAAAA==' })),
    ).resolves.toBeDefined();
    await expect(
      c.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'streamed', Body: Readable.from([Buffer.from('streamed body')]), ContentLength: 13 }),
      ),
    ).rejects.toThrow(/aws-chunked is not supported/);
  });
});
