// The behaviour every S3 server must show through createS3Destination; run against s3rver and against Swift.
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { getEventListeners } from 'node:events';
import { expect, it } from 'vitest';
import { createS3Destination, type S3DestinationOptions } from '../../electron/engine/sink/s3';
import { createChunkWriter } from '../../electron/engine/sink/chunk-writer';
import { BUILTIN_CATALOG } from '../../shared/catalog/tables';
import { loanTransactions, loanTxEvent, readTable, windowChunk } from './chunk-helpers';

export interface S3ServerCtx {
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export function s3Options(ctx: S3ServerCtx, extra: Partial<S3DestinationOptions> = {}): S3DestinationOptions {
  return {
    bucket: ctx.bucket,
    prefix: 'raw/zone',
    region: ctx.region,
    endpoint: ctx.endpoint,
    forcePathStyle: true,
    credentials: ctx.credentials,
    maxAttempts: 3,
    ...extra,
  };
}

const signal = () => new AbortController().signal;

export function s3DestinationContract(ctx: () => S3ServerCtx): void {
  it('check() passes and leaves no probe object behind', async () => {
    const d = createS3Destination(s3Options(ctx(), { prefix: `check-${Date.now()}` }));
    await d.check(signal());
    expect(await d.list('', signal())).toEqual([]);
  });

  it('puts, lists (paged) and deletes under the prefix, keys relative to the root', async () => {
    const prefix = `plain-${Date.now()}`;
    const d = createS3Destination(s3Options(ctx(), { prefix, listPageSize: 2 }));
    expect(d.uri).toBe(`s3://${ctx().bucket}/${prefix}/`);
    const keys = [
      't/date=20250101/a.parquet',
      't/date=20250101/b.parquet',
      't/date=20250102/c.parquet',
      't/date=20250103/d.parquet',
      'other/x',
    ];
    for (const k of keys) {
      expect(await d.put(k, new TextEncoder().encode(`body of ${k}`), signal())).toBe(`s3://${ctx().bucket}/${prefix}/${k}`);
    }
    // Five keys at two per page: three ListObjectsV2 pages with continuation tokens.
    expect(await d.list('', signal())).toEqual([...keys].sort());
    expect(await d.list('t/date=20250101/', signal())).toEqual(keys.slice(0, 2));
    const got = await d.client.send(new GetObjectCommand({ Bucket: ctx().bucket, Key: `${prefix}/${keys[0]}` }));
    expect(await got.Body!.transformToString()).toBe(`body of ${keys[0]}`);
    await d.delete(['t/date=20250101/a.parquet', 't/date=20250102/c.parquet', 't/date=20250102/never-existed'], signal());
    expect(await d.list('t/', signal())).toEqual(['t/date=20250101/b.parquet', 't/date=20250103/d.parquet']);
  });

  it('replaces an object on a second put (same key)', async () => {
    const d = createS3Destination(s3Options(ctx(), { prefix: `replace-${Date.now()}` }));
    await d.put('k.bin', new Uint8Array([1, 2, 3]), signal());
    await d.put('k.bin', new Uint8Array([9]), signal());
    const got = await d.client.send(new GetObjectCommand({ Bucket: ctx().bucket, Key: d.uri.split('/').slice(3).join('/') + 'k.bin' }));
    expect([...(await got.Body!.transformToByteArray())]).toEqual([9]);
  });

  it('reads an object’s tail (a Parquet footer) by a suffix range, also from a store that misreads one', async () => {
    // s3rver answers bytes=-N with the object's first N + 1 bytes; the destination asks again by position.
    const d = createS3Destination(s3Options(ctx(), { prefix: `tail-${Date.now()}` }));
    const body = new Uint8Array(300_000);
    for (let i = 0; i < body.length; i++) body[i] = (i * 13 + (i >> 9)) & 0xff;
    await d.put('t/p.parquet', body, signal());
    for (const n of [8, 65_536, 299_999]) {
      const got = await d.read('t/p.parquet', signal(), n);
      expect(got.size).toBe(body.length);
      expect(Buffer.from(got.bytes).equals(Buffer.from(body.subarray(body.length - n)))).toBe(true);
    }
    const whole = await d.read('t/p.parquet', signal(), 400_000);
    expect(Buffer.from(whole.bytes).equals(Buffer.from(body))).toBe(true);
  });

  it('reads the tail of an object it knows the size of by position: one GET on every store; a wrong size is survived', async () => {
    const d = createS3Destination(s3Options(ctx(), { prefix: `tail-known-${Date.now()}` }));
    let gets = 0;
    d.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetObjectCommand') gets++;
        return next(args);
      },
      { step: 'initialize', name: 'countGets' },
    );
    const body = new Uint8Array(200_000);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 7)) & 0xff;
    await d.put('t/k.parquet', body, signal());
    for (const n of [8, 65_536, 250_000]) {
      gets = 0;
      const got = await d.read('t/k.parquet', signal(), n, body.length);
      expect(gets).toBe(1);
      expect(got.size).toBe(body.length);
      expect(Buffer.from(got.bytes).equals(Buffer.from(body.subarray(Math.max(0, body.length - n))))).toBe(true);
    }
    // The object was replaced since (another size): its tail is still what comes back.
    const shorter = body.subarray(0, 150_000);
    await d.put('t/k.parquet', shorter, signal());
    const got = await d.read('t/k.parquet', signal(), 1000, body.length);
    expect(got.size).toBe(shorter.length);
    expect(Buffer.from(got.bytes).equals(Buffer.from(shorter.subarray(shorter.length - 1000)))).toBe(true);
  });

  it('uploads large bodies in multipart parts, byte for byte', async () => {
    const prefix = `multipart-${Date.now()}`;
    const d = createS3Destination(s3Options(ctx(), { prefix, multipartThresholdBytes: 5 * 1024 * 1024, partSizeBytes: 5 * 1024 * 1024 }));
    const body = new Uint8Array(11 * 1024 * 1024 + 123);
    for (let i = 0; i < body.length; i++) body[i] = (i * 7 + (i >> 11)) & 0xff;
    await d.put('big.parquet', body, signal());
    const head = await d.client.send(new HeadObjectCommand({ Bucket: ctx().bucket, Key: `${prefix}/big.parquet` }));
    expect(head.ContentLength).toBe(body.length);
    const got = await d.client.send(new GetObjectCommand({ Bucket: ctx().bucket, Key: `${prefix}/big.parquet` }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.from(body))).toBe(true);
    return head.ETag;
  });

  it('names a missing bucket', async () => {
    const d = createS3Destination(s3Options(ctx(), { bucket: `missing-${Date.now()}` }));
    await expect(d.check(signal())).rejects.toThrowError(/S3 bucket missing-\d+ does not exist \(NoSuchBucket\)/);
    await expect(d.put('k', new Uint8Array([1]), signal())).rejects.toThrowError(/does not exist \(NoSuchBucket\)/);
  });

  it('honours an aborted signal', async () => {
    const d = createS3Destination(s3Options(ctx()));
    const ac = new AbortController();
    ac.abort(new Error('user cancelled'));
    await expect(d.put('k', new Uint8Array([1]), ac.signal)).rejects.toThrowError('user cancelled');
    await expect(d.list('', ac.signal)).rejects.toThrowError('user cancelled');
  });

  it('staged objects are invisible until published, discard frees them, and no request leaves a listener on the signal', async () => {
    const d = createS3Destination(s3Options(ctx(), { prefix: `staged-${Date.now()}` }));
    const ac = new AbortController();
    const kept = await d.stage('t/date=20250101/a.parquet', new Uint8Array([1, 2, 3]), ac.signal);
    const dropped = await d.stage('t/date=20250101/b.parquet', new Uint8Array([4]), ac.signal);
    expect(await d.list('t/', ac.signal)).toEqual([]);
    expect(await d.publish(kept, ac.signal)).toBe(`${d.uri}t/date=20250101/a.parquet`);
    await d.discard([dropped], ac.signal);
    expect(await d.list('t/', ac.signal)).toEqual(['t/date=20250101/a.parquet']);
    expect(await d.read('t/date=20250101/a.parquet', ac.signal, 2)).toEqual({ bytes: new Uint8Array([2, 3]), size: 3 });
    expect(await d.listStaged('t/', ac.signal)).toEqual([]); // s3rver cannot list uploads: [] there too
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('chunk writer on S3: a re-run with other part sizes replaces the chunk exactly', async () => {
    const d = createS3Destination(s3Options(ctx(), { prefix: `chunks-${Date.now()}`, listPageSize: 3 }));
    const event = loanTxEvent();
    const chunk = windowChunk('2025-01-01 00:00:00', '2025-01-03 00:00:00');
    const records = loanTransactions('2025-01-01 00:00:00', '2025-01-03 00:00:00', 60);
    const run = async (partRows: number) => {
      const w = createChunkWriter({
        event,
        chunk,
        destination: d,
        catalog: BUILTIN_CATALOG,
        extractedAt: new Date(),
        runDate: new Date(),
        partRows,
        partBytes: 1 << 26,
        signal: new AbortController().signal,
      });
      await w.write(records);
      return w.commit();
    };
    const first = await run(4);
    expect(first.objects).toHaveLength(16);
    const second = await run(100);
    expect(second.rowsWritten).toBe(60); // footers read back with ranged GETs
    expect(second.partitions).toEqual(['20250101', '20250102']);
    expect(second.objects).toEqual([
      `${d.uri}mambu_loan_transactions/date=20250101/w20250101T000000Z-20250103T000000Z-part-00000.snappy.parquet`,
      `${d.uri}mambu_loan_transactions/date=20250102/w20250101T000000Z-20250103T000000Z-part-00000.snappy.parquet`,
    ]);
    const get = async (key: string) => {
      const o = await d.client.send(new GetObjectCommand({ Bucket: ctx().bucket, Key: d.uri.split('/').slice(3).join('/') + key }));
      return o.Body!.transformToByteArray();
    };
    const objs = await readTable(d, 'mambu_loan_transactions', get);
    expect(objs.map((o) => o.rows.length)).toEqual([30, 30]);
    expect(new Set(objs.flatMap((o) => o.rows.map((r) => r.encoded_key))).size).toBe(60);
  });
}
