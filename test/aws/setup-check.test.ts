// The setup check before chunk 1 asks the S3 destination and the Glue Data Catalog at once (two services, one wait):
// real s3rver and the Glue stand-in through the real SDK clients. Whichever fails, the run stops before Mambu is
// asked anything, and when both fail the store's error is the one reported, as when they were asked in turn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGlueRegistry } from '../../electron/engine/aws/glue-registry';
import { createMambuSource } from '../../electron/engine/mambu/source';
import { runBackfill } from '../../electron/engine/runner';
import { createS3Destination } from '../../electron/engine/sink/s3';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { connFor } from '../mambu/helpers';
import { makeEvent } from '../reliability/harness';
import { startGlueStandIn, type GlueStandIn } from '../servers/glue-stand-in';
import { startS3rver, type S3rverHandle } from '../servers/s3rver';
import { s3Options } from '../sink/s3-contract';
import { useAwsEnv } from './aws-env';

let s3: S3rverHandle;
let glue: GlueStandIn;
let sim: Simulator;
let restore: () => void;

beforeAll(async () => {
  [s3, glue, sim] = await Promise.all([
    startS3rver(['lake']),
    startGlueStandIn({ databases: ['datalake_raw'] }),
    startSimulator({ seed: 3 }),
  ]);
  restore = useAwsEnv({ AWS_ENDPOINT_URL_GLUE: glue.url });
});
afterAll(async () => {
  restore?.();
  await Promise.all([s3?.stop(), glue?.close(), sim?.close()]);
});

const CONTEXT = { connection: 'sim', destination: 's3', destinationUri: '', appVersion: 'test', mode: 'run' as const };

async function setupOnly(bucket: string, database: string) {
  const ctx = { endpoint: s3.endpoint, bucket, region: 'us-east-1', credentials: s3.credentials };
  const registry = createGlueRegistry({ database, root: `s3://${bucket}/raw/` });
  const destination = Object.assign(createS3Destination(s3Options(ctx, { prefix: 'raw', maxAttempts: 1 })), { registry });
  const before = { mambu: sim.requests.length, glue: glue.calls.length };
  const record = await runBackfill({
    event: makeEvent({ start_date: '2025-01-02 00:00:00', end_date: '2025-01-03 00:00:00' }),
    source: createMambuSource(connFor(sim)),
    destination,
    context: CONTEXT,
    onEvent: () => undefined,
    signal: new AbortController().signal,
  });
  return { record, mambu: sim.requests.length - before.mambu, glue: glue.calls.slice(before.glue).map((c) => c.operation) };
}

describe('setup check: destination and data catalog at once', () => {
  it('both failing: the missing bucket is reported, Glue was asked all the same, Mambu never', async () => {
    const { record, mambu, glue: asked } = await setupOnly('no-such-bucket', 'analytics');
    expect(record.status).toBe(1);
    expect(record.chunks.every((c) => c.status === 'failed' && c.error?.startsWith('Not run: the setup check failed: destination'))).toBe(
      true,
    );
    expect(record.fatalError).toMatch(/^destination s3:\/\/no-such-bucket\/raw\/ is not writable: .*no-such-bucket/);
    expect(record.fatalError).not.toMatch(/Glue/);
    expect(asked).toContain('GetDatabase');
    expect(mambu).toBe(0);
  });

  it('only the catalog failing: its error is reported and Mambu is not asked', async () => {
    const { record, mambu } = await setupOnly('lake', 'analytics');
    expect(record.status).toBe(1);
    expect(record.fatalError).toMatch(/Glue database "analytics" does not exist/);
    expect(mambu).toBe(0);
  });
});
