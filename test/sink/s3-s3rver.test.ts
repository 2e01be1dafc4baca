import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Destination } from '../../electron/engine/sink/s3';
import { startS3rver, type S3rverHandle } from '../servers/s3rver';
import { startFaultProxy, type FaultProxy } from '../servers/fault-proxy';
import { startSlowProxy } from '../helpers/slow-proxy';
import { s3DestinationContract, s3Options, type S3ServerCtx } from './s3-contract';

let server: S3rverHandle;
let proxy: FaultProxy;
const ctx = (): S3ServerCtx => ({
  endpoint: server.endpoint,
  bucket: 'backfill-test',
  region: 'us-east-1',
  credentials: server.credentials,
});

beforeAll(async () => {
  server = await startS3rver(['backfill-test']);
  proxy = await startFaultProxy(server.endpoint);
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

describe('S3 destination on s3rver', () => {
  s3DestinationContract(ctx);

  it('retries 503 SlowDown and dropped connections', async () => {
    const d = createS3Destination(s3Options({ ...ctx(), endpoint: proxy.endpoint }, { prefix: 'retry', maxAttempts: 4 }));
    proxy.inject('slowdown', 'reset', 'slowdown');
    await d.put('t/x.bin', new Uint8Array([1, 2, 3]), new AbortController().signal);
    expect(proxy.faultsServed).toBe(3);
    expect(await d.list('t/', new AbortController().signal)).toEqual(['t/x.bin']);
  });

  it('gives up after maxAttempts with the code named', async () => {
    const d = createS3Destination(s3Options({ ...ctx(), endpoint: proxy.endpoint }, { prefix: 'retry', maxAttempts: 2 }));
    proxy.inject('slowdown', 'slowdown');
    await expect(d.put('t/y.bin', new Uint8Array([1]), new AbortController().signal)).rejects.toThrowError(/SlowDown, HTTP 503/);
  });

  // The check asks HeadBucket and the probe's PutObject at once: whichever the credentials lack is named, the bucket
  // first, and a probe written in spite of a denied HeadBucket is not left behind.
  it('check: a denied HeadBucket is reported even when the probe could be written, and the probe is removed', async () => {
    const d = createS3Destination(s3Options({ ...ctx(), endpoint: proxy.endpoint }, { prefix: 'denied-head', maxAttempts: 1 }));
    proxy.deny('HEAD');
    try {
      await expect(d.check(new AbortController().signal)).rejects.toThrowError(/HeadBucket s3:\/\/backfill-test.*HTTP 403/);
    } finally {
      proxy.deny(undefined);
    }
    const direct = createS3Destination(s3Options(ctx(), { prefix: 'denied-head' }));
    expect(await direct.list('_mambu_backfill_probe/', new AbortController().signal)).toEqual([]);
  });

  it('check: a denied PutObject fails the check when the bucket answers', async () => {
    const d = createS3Destination(s3Options({ ...ctx(), endpoint: proxy.endpoint }, { prefix: 'denied-put', maxAttempts: 1 }));
    proxy.deny('PUT');
    try {
      await expect(d.check(new AbortController().signal)).rejects.toThrowError(
        /rejected the credentials for bucket backfill-test \(AccessDenied\)/,
      );
    } finally {
      proxy.deny(undefined);
    }
  });

  it('check: a probe written before the check was cancelled is removed all the same', async () => {
    // HeadBucket held at a slow proxy: the probe's PutObject lands while the check is still waiting for it.
    const slow = await startSlowProxy(server.endpoint, (req) => req.method === 'HEAD', 3000);
    try {
      const d = createS3Destination(s3Options({ ...ctx(), endpoint: slow.endpoint }, { prefix: 'cancelled-check', maxAttempts: 1 }));
      const direct = createS3Destination(s3Options(ctx(), { prefix: 'cancelled-check' }));
      const ctl = new AbortController();
      const check = d.check(ctl.signal);
      // Cancelled once the probe is written, while HeadBucket is still held at the proxy.
      for (let i = 0; i < 200 && (await direct.list('_mambu_backfill_probe/', new AbortController().signal)).length === 0; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(await direct.list('_mambu_backfill_probe/', new AbortController().signal)).toHaveLength(1);
      ctl.abort();
      await expect(check).rejects.toThrow();
      expect(await direct.list('_mambu_backfill_probe/', new AbortController().signal)).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it('names an unreachable endpoint', async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => r(p));
      });
    });
    const d = createS3Destination(s3Options({ ...ctx(), endpoint: `http://127.0.0.1:${port}` }, { maxAttempts: 1 }));
    await expect(d.check(new AbortController().signal)).rejects.toThrowError(
      new RegExp(`S3 endpoint http://127.0.0.1:${port} is unreachable \\(ECONNREFUSED\\)`),
    );
  });
});
