// An S3 bucket + prefix as destination (AWS or an S3-compatible store). Small bodies go in one PutObject,
// large ones through lib-storage's multipart Upload. Request checksums are the SDK's default (CRC32 on every
// upload, verified by S3); a destination marked "S3-compatible store without checksum support" turns them down
// to "only when an operation requires them", for stores that reject or mangle the x-amz-checksum headers.
// Bodies are always whole buffers, so a checksum travels as a header, never as an aws-chunked trailer.
// A chunk's parts are staged as multipart uploads completed only at commit (s3-staging.ts).
import { createHash, randomBytes } from 'node:crypto';
import {
  GetObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { awsClientOptions } from '../aws/client-options';
import type { Destination } from '../types';
import { abortError, assertRelativeKey } from './keys';
import { describeS3Error, S3DestinationError } from './s3-errors';
import { s3Staging } from './s3-staging';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3DestinationOptions {
  bucket: string;
  /** Key prefix under the bucket, without leading/trailing "/"; may be empty. */
  prefix?: string;
  /** Default: the SDK's (AWS_REGION, the profile's region). */
  region?: string;
  /** A named profile (static keys, assume-role or SSO). Default: the SDK's default credential chain. */
  profile?: string;
  /** S3-compatible endpoint, e.g. http://127.0.0.1:9000. The SDK also honours AWS_ENDPOINT_URL_S3. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Explicit keys (from the app's secret store); otherwise the credential chain. */
  credentials?: S3Credentials;
  /** Bodies at least this large use multipart upload. Default 16 MiB. */
  multipartThresholdBytes?: number;
  /** Multipart part size (S3's minimum is 5 MiB). Default 8 MiB. */
  partSizeBytes?: number;
  /** SDK attempts per request (throttling, 5xx, dropped connections), with its exponential backoff. Default 5. */
  maxAttempts?: number;
  /** An S3-compatible store without checksum support: send checksums only where an operation requires them. */
  disableChecksums?: boolean;
  /** Keys per ListObjectsV2 page (S3's maximum and default is 1000; tests shrink it to exercise paging). */
  listPageSize?: number;
}

const MiB = 1024 * 1024;

/** How long the setup check's probe object may take to be removed once the check has failed or was cancelled. */
const PROBE_CLEANUP_MS = 10_000;

export function createS3Destination(opts: S3DestinationOptions): Destination & { readonly client: S3Client } {
  const bucket = opts.bucket;
  const prefix = (opts.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const root = prefix ? `${prefix}/` : '';
  const threshold = opts.multipartThresholdBytes ?? 16 * MiB;
  const partSize = Math.max(opts.partSizeBytes ?? 8 * MiB, 5 * MiB);
  const endpointName =
    opts.endpoint ||
    process.env.AWS_ENDPOINT_URL_S3 ||
    process.env.AWS_ENDPOINT_URL ||
    `s3.${opts.region || process.env.AWS_REGION || '<region>'}.amazonaws.com`;

  const config: S3ClientConfig = {
    ...awsClientOptions(),
    ...(opts.disableChecksums ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    maxAttempts: opts.maxAttempts ?? 5,
    retryMode: 'standard',
    followRegionRedirects: true,
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.forcePathStyle ? { forcePathStyle: true } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
  if (opts.credentials) {
    config.credentials = {
      accessKeyId: opts.credentials.accessKeyId,
      secretAccessKey: opts.credentials.secretAccessKey,
      ...(opts.credentials.sessionToken ? { sessionToken: opts.credentials.sessionToken } : {}),
    };
  } else if (opts.profile) {
    // env → SSO/ini for this profile → process → container/instance metadata.
    config.credentials = fromNodeProviderChain({ profile: opts.profile, clientConfig: awsClientOptions() }); // SSO/STS via the proxy too
  }
  const client = new S3Client(config);
  const fullKey = (key: string) => root + key;
  const uriOf = (key: string) => `s3://${bucket}/${fullKey(key)}`;

  async function call<T>(operation: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    if (signal.aborted) throw abortError(signal);
    try {
      return await fn();
    } catch (err) {
      if (signal.aborted) throw abortError(signal);
      throw describeS3Error(err, { bucket, operation, endpoint: endpointName });
    }
  }

  async function putObject(key: string, body: Uint8Array, signal: AbortSignal): Promise<void> {
    const Key = fullKey(key);
    if (body.byteLength < threshold) {
      await call(`PutObject ${uriOf(key)}`, signal, () =>
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key,
            Body: body,
            ContentLength: body.byteLength,
            ContentType: 'application/vnd.apache.parquet',
          }),
          { abortSignal: signal },
        ),
      );
      return;
    }
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key, Body: body, ContentType: 'application/vnd.apache.parquet' },
      partSize,
      queueSize: 2,
      leavePartsOnError: false,
    });
    const onAbort = () => void upload.abort().catch(() => undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await call(`multipart upload ${uriOf(key)}`, signal, () => upload.done());
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  // DeleteObjects must carry Content-MD5 on many S3-compatible stores (Swift s3api answers 400 "Missing required
  // header for this request: Content-MD5"); the SDK now sends a CRC32 checksum instead. AWS accepts either.
  function withContentMd5(cmd: DeleteObjectsCommand): DeleteObjectsCommand {
    cmd.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { headers?: Record<string, string>; body?: unknown };
        if (req.headers && (typeof req.body === 'string' || req.body instanceof Uint8Array)) {
          req.headers['content-md5'] = createHash('md5').update(req.body).digest('base64');
        }
        return next(args);
      },
      { step: 'build', name: 'mambuBackfillContentMd5', priority: 'low' },
    );
    return cmd;
  }

  async function deleteKeys(keys: string[], signal: AbortSignal): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const out = await call(`DeleteObjects in s3://${bucket}/${root}`, signal, () =>
        client.send(
          withContentMd5(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((k) => ({ Key: fullKey(k) })), Quiet: true } }),
          ),
          { abortSignal: signal },
        ),
      );
      const failed = (out.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (failed.length > 0) {
        const first = failed[0]!;
        throw describeS3Error(
          {
            Code: first.Code ?? 'DeleteFailed',
            message: `${failed.length} object(s) not deleted, e.g. ${first.Key}: ${first.Message ?? ''}`,
          },
          { bucket, operation: `DeleteObjects in s3://${bucket}/${root}`, endpoint: endpointName },
        );
      }
    }
  }

  async function headBucket(signal: AbortSignal): Promise<void> {
    try {
      await call(`HeadBucket s3://${bucket}`, signal, () =>
        client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal }),
      );
    } catch (err) {
      // HEAD responses carry no error body (403/404 only): ask again with a GET to learn the real code.
      if (err instanceof S3DestinationError && (err.status === 403 || err.status === 404 || err.status === 400)) {
        await call(`ListObjectsV2 s3://${bucket}/${root}`, signal, () =>
          client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: root, MaxKeys: 1 }), { abortSignal: signal }),
        );
      }
      throw err;
    }
  }

  async function deleteObject(key: string, signal: AbortSignal): Promise<void> {
    await call(`DeleteObject ${uriOf(key)}`, signal, () =>
      client.send(new DeleteObjectCommand({ Bucket: bucket, Key: fullKey(key) }), { abortSignal: signal }),
    );
  }

  const staging = s3Staging({ client, bucket, fullKey, uriOf, call, partSize });

  return {
    uri: `s3://${bucket}/${root}`,
    client,
    uriOf,

    // HeadBucket and the probe's PutObject go out at once (one round trip, not two, before Mambu is asked
    // anything): the bucket's error is still the one reported when both fail, and a probe written in spite of a
    // failed HeadBucket (a policy with PutObject but not ListBucket) is removed again. The DeleteObject follows the
    // PutObject: it proves the run may remove the objects a re-run supersedes.
    async check(signal) {
      const probe = `_mambu_backfill_probe/${Date.now()}-${randomBytes(4).toString('hex')}`;
      // A probe that was written is removed whatever became of the check, a cancel included: with its own short
      // deadline, not the run's (possibly aborted) signal.
      const removeProbe = () => deleteObject(probe, AbortSignal.timeout(PROBE_CLEANUP_MS)).catch(() => undefined);
      const [bucketOk, written] = await Promise.allSettled([
        headBucket(signal),
        putObject(probe, new TextEncoder().encode('probe'), signal),
      ]);
      if (bucketOk.status === 'rejected') {
        if (written.status === 'fulfilled') await removeProbe();
        throw bucketOk.reason;
      }
      if (written.status === 'rejected') throw written.reason;
      try {
        await deleteObject(probe, signal);
      } catch (err) {
        if (signal.aborted) await removeProbe();
        throw err;
      }
    },

    async put(key, body, signal) {
      assertRelativeKey(key);
      await putObject(key, body, signal);
      return uriOf(key);
    },

    async stage(key, body, signal) {
      assertRelativeKey(key);
      return staging.stage(key, body, signal);
    },

    async publish(staged, signal) {
      assertRelativeKey(staged.key);
      return staging.publish(staged, signal);
    },

    discard: (staged, signal) => staging.discard(staged, signal),
    listStaged: (listPrefix, signal) => staging.listStaged(root, listPrefix, signal),

    async read(key, signal, tail, knownSize) {
      assertRelativeKey(key);
      const get = async (range: string | undefined) => {
        const out = await call(`GetObject ${uriOf(key)}`, signal, () =>
          client.send(new GetObjectCommand({ Bucket: bucket, Key: fullKey(key), ...(range ? { Range: range } : {}) }), {
            abortSignal: signal,
          }),
        );
        const bytes = await call(`GetObject ${uriOf(key)}`, signal, () => out.Body!.transformToByteArray());
        return { bytes, range: /^bytes (\d+)-(\d+)\/(\d+)$/.exec(out.ContentRange ?? '') };
      };
      const suffix = tail !== undefined ? `bytes=-${Math.max(1, tail)}` : undefined;
      // The last `tail` bytes of an object of `total` bytes, by position.
      const lastBytes = (total: number, n: number) => `bytes=${Math.max(0, total - n)}-${total - 1}`;
      let got: Awaited<ReturnType<typeof get>> | undefined;
      if (tail !== undefined && knownSize !== undefined && knownSize > 0) {
        got = await get(lastBytes(knownSize, tail)).catch((err: unknown) => {
          // Shorter than the caller knew it (replaced since): read its tail as for any object.
          if (err instanceof S3DestinationError && (err.status === 416 || err.code === 'InvalidRange')) return undefined;
          throw err;
        });
        // Another size than the caller knew: the same.
        if (got?.range && Number(got.range[3]) !== knownSize) got = undefined;
      }
      let { bytes, range } = got ?? (await get(suffix));
      if (tail !== undefined && range && Number(range[2]) !== Number(range[3]) - 1) {
        // A store that misreads a suffix range answers with another part of the object (s3rver sends the first
        // N + 1 bytes for bytes=-N): ask again for the tail by its position.
        const total = Number(range[3]);
        ({ bytes, range } = await get(lastBytes(total, tail)));
      }
      const size = range ? Number(range[3]) : bytes.byteLength;
      // A store that ignores a suffix Range sends the whole object: keep its tail.
      return { bytes: tail !== undefined && bytes.byteLength > tail ? bytes.subarray(bytes.byteLength - tail) : bytes, size };
    },

    async list(listPrefix, signal) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await call(`ListObjectsV2 s3://${bucket}/${root}${listPrefix}`, signal, () =>
          client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: root + listPrefix,
              MaxKeys: opts.listPageSize ?? 1000,
              ...(token ? { ContinuationToken: token } : {}),
            }),
            { abortSignal: signal },
          ),
        );
        for (const o of page.Contents ?? []) if (o.Key?.startsWith(root)) keys.push(o.Key.slice(root.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
        if (page.IsTruncated && !token) {
          throw new S3DestinationError(
            `S3 listing of s3://${bucket}/${root}${listPrefix} was truncated without a continuation token`,
            'ListTruncated',
          );
        }
      } while (token);
      return keys.sort();
    },

    async delete(keys, signal) {
      if (keys.length === 0) return;
      keys.forEach(assertRelativeKey);
      await deleteKeys(keys, signal);
    },
  };
}

export { S3DestinationError };
