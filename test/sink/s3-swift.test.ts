// The faithful server: OpenStack Swift + s3api (real SigV4 checks, real multipart, real error codes).
// Start it with test/servers/swift/start.sh; without it this suite skips and says how.
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createS3Destination } from '../../electron/engine/sink/s3';
import { SWIFT_HOWTO, swiftS3Env } from '../servers/swift-env';
import { s3DestinationContract, s3Options, type S3ServerCtx } from './s3-contract';

const env = swiftS3Env();
if (!env) console.warn(SWIFT_HOWTO);
const bucket = `backfill-${Date.now()}`;
const ctx = (): S3ServerCtx => ({
  endpoint: env!.endpoint,
  bucket,
  region: env!.region,
  credentials: { accessKeyId: env!.accessKeyId, secretAccessKey: env!.secretAccessKey },
});

describe.skipIf(!env)(`S3 destination on Swift s3api${env ? '' : ' — ' + SWIFT_HOWTO}`, () => {
  beforeAll(async () => {
    const res = await fetch(`${env!.endpoint}/healthcheck`).catch((e: unknown) => {
      throw new Error(`Swift s3api env found but ${env!.endpoint} does not answer (${String(e)}); re-run test/servers/swift/start.sh`);
    });
    expect(res.ok).toBe(true);
    const c = new S3Client({ endpoint: env!.endpoint, region: env!.region, forcePathStyle: true, credentials: ctx().credentials });
    await c.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  s3DestinationContract(ctx);

  it('multipart objects carry a multipart ETag (the parts were real parts)', async () => {
    const d = createS3Destination(
      s3Options(ctx(), { prefix: 'mp-etag', multipartThresholdBytes: 5 * 1024 * 1024, partSizeBytes: 5 * 1024 * 1024 }),
    );
    await d.put('x.bin', new Uint8Array(10 * 1024 * 1024 + 1), new AbortController().signal);
    const head = await d.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'mp-etag/x.bin' }));
    expect(head.ETag).toMatch(/-3"$/);
  });

  it('rejects a wrong secret with a clear message, before anything is written', async () => {
    const d = createS3Destination(s3Options(ctx(), { credentials: { accessKeyId: env!.accessKeyId, secretAccessKey: 'wrong-secret' } }));
    const err = await d.check(new AbortController().signal).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(
      new RegExp(
        `^S3 rejected the credentials for bucket ${bucket} \\((SignatureDoesNotMatch|InvalidAccessKeyId|AccessDenied)\\): check AWS_ACCESS_KEY_ID/AWS_PROFILE`,
      ),
    );
    expect(err?.message).not.toContain('wrong-secret');
    await expect(d.put('k', new Uint8Array([1]), new AbortController().signal)).rejects.toThrowError(/S3 rejected the credentials/);
  });

  it('rejects an unknown access key with a clear message', async () => {
    const d = createS3Destination(s3Options(ctx(), { credentials: { accessKeyId: 'nobody:none', secretAccessKey: 'x' } }));
    await expect(d.check(new AbortController().signal)).rejects.toThrowError(/S3 rejected the credentials for bucket/);
  });
});
