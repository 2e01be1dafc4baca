// The S3-compatible server the benchmarks write to: s3rver in its own process (default), or the Swift s3api
// cluster of test/servers/swift/start.sh with `--s3 swift`. Both are out of the engine's process.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3rver } from '../servers/s3rver';
import { swiftS3Env, SWIFT_HOWTO } from '../servers/swift-env';
import { createS3Destination } from '../../electron/engine/sink/s3';
import type { Destination } from '../../electron/engine/types';

export interface S3Target {
  /** What the figures were measured against, for the report. */
  label: string;
  /** The server's process when it is one process of ours (s3rver), for its CPU time; undefined for Swift. */
  pid?: number;
  endpoint: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  destination(prefix: string): Destination & { readonly client: S3Client };
  stop(): Promise<void>;
}

export const BENCH_BUCKET = 'mambu-bench';

export async function startS3Target(kind: 's3rver' | 'swift'): Promise<S3Target> {
  let endpoint: string;
  let credentials: { accessKeyId: string; secretAccessKey: string };
  let region = 'us-east-1';
  let label: string;
  let stop: () => Promise<void>;
  let pid: number | undefined;
  if (kind === 'swift') {
    const env = swiftS3Env();
    if (!env) throw new Error(SWIFT_HOWTO.replace('the faithful-S3 suite is skipped', 'the benchmark cannot use it'));
    endpoint = env.endpoint;
    credentials = { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey };
    region = env.region;
    label = `OpenStack Swift s3api at ${endpoint}`;
    const client = new S3Client({ endpoint, region, credentials, forcePathStyle: true });
    await client.send(new CreateBucketCommand({ Bucket: BENCH_BUCKET })).catch((err: { name?: string }) => {
      if (err?.name !== 'BucketAlreadyOwnedByYou' && err?.name !== 'BucketAlreadyExists') throw err;
    });
    client.destroy();
    stop = async () => undefined;
  } else {
    const s = await startS3rver([BENCH_BUCKET]);
    endpoint = s.endpoint;
    credentials = s.credentials;
    pid = s.process.pid;
    label = `s3rver 3.7.1 in a child process (pid ${pid}) at ${endpoint}, data on ${s.dir}`;
    stop = () => s.stop();
  }
  return {
    label,
    pid,
    endpoint,
    bucket: BENCH_BUCKET,
    credentials,
    region,
    destination: (prefix) => createS3Destination({ bucket: BENCH_BUCKET, prefix, endpoint, region, forcePathStyle: true, credentials }),
    stop,
  };
}
