// HTTPS_PROXY / HTTP_PROXY / NO_PROXY through a real forward proxy (Debian's tinyproxy on 127.0.0.1, started and
// stopped here). Proof is tinyproxy's own log of the requests it relayed, set against what the simulator and the
// S3 store received: a CLI run sends every Mambu request and every S3 request through the proxy; NO_PROXY naming a
// host sends that host's requests direct while the rest still go through it; any AWS client built with
// awsClientOptions() follows the same rules; https targets go through a CONNECT tunnel; failures name the proxy.
import net from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awsClientOptions } from '../../electron/engine/aws/client-options';
import { createMambuSource } from '../../electron/engine/mambu';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { ROOT, runCliProcess } from '../helpers/cli';
import { connFor, searchReq } from '../mambu/helpers';
import { startS3rver, type S3rverHandle } from '../servers/s3rver';
import { swiftS3Env } from '../servers/swift-env';
import { startTinyproxy, tinyproxyInstalled, TINYPROXY_HOWTO, type Tinyproxy } from '../servers/tinyproxy';

const SAMPLE = path.join(ROOT, 'shared/samples/loan-transactions.json');
const API_KEY = 'proxy-test-key-3b9d';
const BUCKET = 'mambu-proxy-test';
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'];

interface Store {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  label: string;
}

describe.skipIf(!tinyproxyInstalled())(`proxy environment variables${tinyproxyInstalled() ? '' : ' — ' + TINYPROXY_HOWTO}`, () => {
  let proxy: Tinyproxy;
  let sim: Simulator;
  let s3rver: S3rverHandle | undefined;
  let store: Store;
  let tmp: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const k of PROXY_VARS) saved[k] = process.env[k];
    tmp = await mkdtemp(path.join(os.tmpdir(), 'mb-proxy-'));
    proxy = await startTinyproxy();
    sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: API_KEY } });
    // The faithful store when it runs (Swift s3api), else s3rver: either is reached over plain http on loopback.
    const swift = swiftS3Env();
    if (swift) {
      store = {
        endpoint: swift.endpoint,
        region: swift.region,
        credentials: { accessKeyId: swift.accessKeyId, secretAccessKey: swift.secretAccessKey },
        label: 'Swift',
      };
      const c = new S3Client({ endpoint: store.endpoint, region: store.region, forcePathStyle: true, credentials: store.credentials });
      await c.send(new CreateBucketCommand({ Bucket: BUCKET })).catch((e: Error) => {
        if (!/BucketAlready/.test(e.name)) throw e;
      });
      c.destroy();
    } else {
      s3rver = await startS3rver([BUCKET]);
      store = { endpoint: s3rver.endpoint, region: 'us-east-1', credentials: s3rver.credentials, label: 's3rver' };
    }
  });

  afterAll(async () => {
    await proxy?.stop();
    await sim?.close();
    await s3rver?.stop();
  });

  afterEach(() => {
    for (const k of PROXY_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  const simOrigin = () => new URL(sim.url).origin;
  const storeOrigin = () => new URL(store.endpoint).origin;
  const hostPort = (origin: string) => new URL(origin).host;

  function cliEnv(home: string, prefix: string, extra: Record<string, string>): Record<string, string> {
    return {
      MAMBU_BACKFILL_HOME: home,
      MAMBU_BASE_URL: sim.url,
      MAMBU_API_KEY: API_KEY,
      MAMBU_REQUESTS_PER_SECOND: '50',
      S3_RAW: BUCKET,
      S3_PREFIX: prefix,
      AWS_ENDPOINT_URL_S3: store.endpoint,
      AWS_REGION: store.region,
      AWS_ACCESS_KEY_ID: store.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: store.credentials.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      ...extra,
    };
  }

  async function objectsUnder(prefix: string): Promise<string[]> {
    const c = new S3Client({ endpoint: store.endpoint, region: store.region, forcePathStyle: true, credentials: store.credentials });
    try {
      const listed = await c.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
      return (listed.Contents ?? []).map((o) => o.Key!);
    } finally {
      c.destroy();
    }
  }

  it('a CLI run with HTTP_PROXY and HTTPS_PROXY (NO_PROXY empty) sends every Mambu and every S3 request through the proxy', async () => {
    const prefix = `via-proxy-${Date.now()}`;
    const before = { sim: sim.requests.length, proxy: (await proxy.requests()).length };
    const env = cliEnv(await mkdtemp(path.join(tmp, 'home-')), prefix, { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '' });
    const r = await runCliProcess(['--event', SAMPLE, '--no-glue'], env);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const relayed = (await proxy.requests()).slice(before.proxy);
    const mambu = relayed.filter((l) => l.includes(`${simOrigin()}/api/`));
    const s3 = relayed.filter((l) => l.includes(`${storeOrigin()}/`));
    // Every request the simulator received in this run is one tinyproxy relayed, and nothing else reached it.
    const simReceived = sim.requests.length - before.sim;
    expect(simReceived).toBeGreaterThanOrEqual(9); // 9 chunks (the setup check asks for chunk 1's first page)
    expect(mambu).toHaveLength(simReceived);
    expect(mambu.every((l) => l.startsWith('POST ') && l.includes('loans/transactions:search'))).toBe(true);
    // The 9 chunk objects landed, each PUT through the proxy (plus the setup check's probe and the listings).
    const keys = await objectsUnder(`${prefix}/`);
    expect(keys).toHaveLength(9);
    for (const key of keys) {
      expect(s3.some((l) => l.startsWith('PUT ') && l.includes(`/${BUCKET}/${key.replace(/=/g, '%3D')}?`))).toBe(true);
    }
    expect(s3.some((l) => l.startsWith('GET ') && l.includes('list-type=2'))).toBe(true);
    expect(relayed).toHaveLength(mambu.length + s3.length);
    // The proxy saw the request line, never a credential in it.
    expect(relayed.join('\n')).not.toContain(API_KEY);
  });

  it('the built-in sandbox tenant is reached directly even with a proxy set for everything (NO_PROXY empty)', async () => {
    const before = (await proxy.requests()).length;
    const out = await mkdtemp(path.join(tmp, 'sandbox-out-'));
    const env = cliEnv(await mkdtemp(path.join(tmp, 'home-')), 'unused', { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '' });
    const r = await runCliProcess(['--event', SAMPLE, '--sandbox', '--out', out], env);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/SUCCESSFUL CHUNKS: 9\/9/);
    expect((await proxy.requests()).slice(before)).toEqual([]);
  });

  it('NO_PROXY naming the Mambu host:port sends Mambu direct while S3 still goes through the proxy', async () => {
    const prefix = `no-proxy-${Date.now()}`;
    const before = { sim: sim.requests.length, proxy: (await proxy.requests()).length };
    const env = cliEnv(await mkdtemp(path.join(tmp, 'home-')), prefix, {
      HTTP_PROXY: proxy.url,
      NO_PROXY: `example.invalid, ${hostPort(simOrigin())}`,
    });
    const r = await runCliProcess(['--event', SAMPLE, '--no-glue'], env);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const relayed = (await proxy.requests()).slice(before.proxy);
    expect(sim.requests.length - before.sim).toBeGreaterThanOrEqual(9);
    expect(relayed.filter((l) => l.includes(simOrigin()))).toEqual([]);
    expect(
      relayed.filter((l) => l.startsWith('PUT ') && l.includes(`${storeOrigin()}/${BUCKET}/${prefix}/mambu_loan_transactions/`)),
    ).toHaveLength(9);
    expect(await objectsUnder(`${prefix}/`)).toHaveLength(9);
  });

  it('the engine in this process reads the variables per connection (lower-case http_proxy wins) and the Mambu client follows them', async () => {
    const src = createMambuSource(connFor(sim, { auth: { kind: 'apiKey', apiKey: API_KEY }, pageSize: 20 }));
    const req = searchReq('loans/transactions:search', 'creationDate', '2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z');
    const count = async () => (await proxy.requests()).filter((l) => l.includes(simOrigin())).length;

    process.env.HTTP_PROXY = 'http://127.0.0.1:9'; // discard port: would fail if it were used
    process.env.http_proxy = proxy.url;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    const p0 = await count();
    const s0 = sim.requests.length;
    const stats = await createMambuSource(connFor(sim, { auth: { kind: 'apiKey', apiKey: API_KEY }, pageSize: 20 })).fetch(
      req,
      { async restart() {}, async records() {} },
      new AbortController().signal,
    );
    expect(stats.requests).toBeGreaterThan(1);
    expect((await count()) - p0).toBe(sim.requests.length - s0);

    // Same source (its pooled connections too): NO_PROXY now excludes the host, so the next request goes direct.
    process.env.no_proxy = '127.0.0.1';
    const p1 = await count();
    await src.check(req, new AbortController().signal);
    await src.check(req, new AbortController().signal);
    expect((await count()) - p1).toBe(0);
    delete process.env.no_proxy;
    await src.check(req, new AbortController().signal);
    expect((await count()) - p1).toBe(1);
  });

  it('an AWS client built with awsClientOptions() (as S3, Glue and Secrets Manager are) goes through the proxy unless NO_PROXY names its host', async () => {
    const client = () =>
      new S3Client({
        ...awsClientOptions(),
        endpoint: store.endpoint,
        region: store.region,
        forcePathStyle: true,
        credentials: store.credentials,
      });
    const listings = async () =>
      (await proxy.requests()).filter((l) => l.startsWith('GET ') && l.includes(`${storeOrigin()}/${BUCKET}/?list-type=2`)).length;
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '';
    const a = client();
    const n0 = await listings();
    await a.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 1 }));
    expect((await listings()) - n0).toBe(1);
    a.destroy();
    process.env.NO_PROXY = `*.example.com,${hostPort(storeOrigin())}`;
    const b = client();
    const n1 = await listings();
    await b.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 1 }));
    expect((await listings()) - n1).toBe(0);
    b.destroy();
  });

  it('https targets (Mambu and AWS) tunnel through the proxy with CONNECT; NO_PROXY sends them direct', async () => {
    // A TCP listener stands in for an https server: it only records that a TLS ClientHello (first byte 0x16)
    // arrived, through the tunnel or directly, then hangs up; the clients' own errors are expected.
    const hellos: number[] = [];
    const tls = net.createServer((s) => {
      s.once('data', (d: Buffer) => {
        hellos.push(d[0]!);
        s.destroy();
      });
    });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    const port = (tls.address() as net.AddressInfo).port;
    const connects = async () => (await proxy.requests()).filter((l) => l === `CONNECT 127.0.0.1:${port}`).length;
    try {
      process.env.HTTPS_PROXY = proxy.url;
      process.env.NO_PROXY = '';
      const mambu = createMambuSource({ ...connFor(sim, { maxRetries: 0, timeoutMs: 3000 }), baseUrl: `https://127.0.0.1:${port}/api` });
      const req = searchReq('loans/transactions:search', 'creationDate', '2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z');
      const c0 = await connects();
      const err = await mambu.check(req, new AbortController().signal).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/^cannot reach Mambu at https:\/\/127\.0\.0\.1:\d+\/api: /);
      expect((await connects()) - c0).toBeGreaterThanOrEqual(1);
      expect(hellos.filter((b) => b === 0x16).length).toBeGreaterThanOrEqual(1);

      const s3 = new S3Client({
        ...awsClientOptions(),
        endpoint: `https://127.0.0.1:${port}`,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: store.credentials,
        maxAttempts: 1,
      });
      const c1 = await connects();
      await expect(s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).rejects.toThrow();
      expect((await connects()) - c1).toBe(1);
      s3.destroy();

      process.env.NO_PROXY = '127.0.0.1';
      const h = hellos.length;
      const c2 = await connects();
      await mambu.check(req, new AbortController().signal).catch(() => undefined);
      expect((await connects()) - c2).toBe(0);
      expect(hellos.length).toBeGreaterThan(h); // reached directly
    } finally {
      await new Promise<void>((r) => tls.close(() => r()));
    }
  });
  it("a failure through the proxy says so: a refused tunnel is the proxy's answer, not Mambu's; a dead proxy is named", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const req = searchReq('loans/transactions:search', 'creationDate', '2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z');
    const check = (baseUrl: string) =>
      createMambuSource({ ...connFor(sim, { maxRetries: 0, timeoutMs: 5000 }), baseUrl })
        .check(req, new AbortController().signal)
        .catch((e: Error) => e);
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = '';
    // tinyproxy cannot reach the closed port and answers the CONNECT with 500: without care this reads "Mambu returned 500".
    const refused = await check(`https://127.0.0.1:${port}/api`);
    expect((refused as Error).message).toBe(
      `cannot reach Mambu at https://127.0.0.1:${port}/api: EPROXYTUNNEL the proxy ${proxy.url} refused the tunnel to 127.0.0.1:${port} (500 Unable to connect)`,
    );
    expect(refused).toMatchObject({ status: undefined });
    const s3 = new S3Client({
      ...awsClientOptions(),
      endpoint: `https://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: store.credentials,
      maxAttempts: 1,
    });
    await expect(s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).rejects.toThrow(
      `the proxy ${proxy.url} refused the tunnel to 127.0.0.1:${port}`,
    );
    s3.destroy();
    // A proxy that is not there: the message names it (the user:password in its URL never).
    process.env.HTTPS_PROXY = `http://proxyuser:proxy-secret@127.0.0.1:${port}`;
    const dead = await check('https://mybank.mambu.example/api');
    expect((dead as Error).message).toMatch(
      new RegExp(
        `^cannot reach Mambu at https://mybank\\.mambu\\.example/api: .*ECONNREFUSED.*\\(through the proxy http://127\\.0\\.0\\.1:${port}\\)$`,
      ),
    );
    expect((dead as Error).message).not.toContain('proxy-secret');
    // A value without a scheme is an http proxy (as curl reads it), not TLS to the proxy.
    process.env.HTTPS_PROXY = `127.0.0.1:${proxy.port}`;
    expect(((await check(`https://127.0.0.1:${port}/api`)) as Error).message).toContain(`the proxy ${proxy.url} refused the tunnel`);
    // A value that is no URL at all: named, not shown.
    process.env.HTTPS_PROXY = 'http://[proxy-secret';
    const bad = (await check(`https://127.0.0.1:${port}/api`)) as Error;
    expect(bad.message).toMatch(
      /HTTPS_PROXY \(or its lower-case form\) is not a proxy URL: set it like http:\/\/proxy\.example\.com:3128$/,
    );
    expect(bad.message).not.toContain('proxy-secret');
  });
});
