// Fault matrix: the real engine against the simulator (and S3 servers) with faults at chosen pages of chosen
// chunks. After EVERY run the invariant holds: each chunk is ✓ with exactly the simulator's records for its window
// (truth read after the run, so records inserted, moved or removed while paging are accounted for), or ✗ with a
// message naming the cause. Where the outcome is certain (a single transient fault is absorbed, a fault past the
// retry budget fails that chunk only) it is asserted too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startSimulator, type FaultRule, type Simulator } from '../../electron/simulator';
import type { DestinationSettings } from '../../shared/settings';
import type { BackfillEvent } from '../../shared/event/schema';
import { assertInvariant } from '../helpers/invariant';
import { localObjects, s3Objects, type ObjectStore } from '../helpers/object-store';
import { startS3rver, type S3rverHandle } from '../servers/s3rver';
import { startFaultProxy, type Fault, type FaultProxy } from '../servers/fault-proxy';
import { swiftS3Env, SWIFT_HOWTO } from '../servers/swift-env';
import { FAST, makeEvent, runEngine, tempDir, type EngineRun } from './harness';

const ENDPOINT = 'loans/transactions:search';
const DAY0 = Date.UTC(2025, 0, 1);
const tally = { runs: 0, chunks: 0, ok: 0, notOk: 0, fatal: 0, records: 0, faultHits: 0 };

type Family = 'transient' | 'permanent' | 'drift';
interface FaultSpec {
  name: string;
  family: Family;
  rule: Omit<FaultRule, 'endpoint' | 'windowStart' | 'offset' | 'minOffset' | 'times'>;
  cause: RegExp;
}

const SPECS: FaultSpec[] = [
  { name: '429 Retry-After seconds', family: 'transient', rule: { kind: 'status', status: 429, retryAfter: 1 }, cause: /\b429\b/ },
  {
    name: '429 Retry-After HTTP date',
    family: 'transient',
    rule: { kind: 'status', status: 429, retryAfter: new Date(Date.now() + 3000).toUTCString() },
    cause: /\b429\b/,
  },
  { name: '429 without Retry-After', family: 'transient', rule: { kind: 'status', status: 429 }, cause: /\b429\b/ },
  { name: '500', family: 'transient', rule: { kind: 'status', status: 500 }, cause: /\b500\b/ },
  { name: '502', family: 'transient', rule: { kind: 'status', status: 502, errorReason: 'BAD_GATEWAY' }, cause: /\b502\b/ },
  { name: '503 Retry-After', family: 'transient', rule: { kind: 'status', status: 503, retryAfter: 2 }, cause: /\b503\b/ },
  {
    name: 'slower than the timeout',
    family: 'transient',
    rule: { kind: 'delay', delayMs: 900 },
    cause: /did not answer within 300 ms|no answer within 300 ms/,
  },
  { name: 'connection reset mid-body', family: 'transient', rule: { kind: 'reset' }, cause: /reset|other side closed|socket/i },
  { name: 'malformed JSON', family: 'transient', rule: { kind: 'malformed' }, cause: /malformed JSON/ },
  {
    name: '400 INVALID_PARAMETERS',
    family: 'permanent',
    rule: { kind: 'status', status: 400, errorReason: 'INVALID_PARAMETERS' },
    cause: /400 INVALID_PARAMETERS/,
  },
  {
    name: '403 INVALID_PERMISSIONS',
    family: 'permanent',
    rule: { kind: 'status', status: 403, errorReason: 'INVALID_PERMISSIONS' },
    cause: /403.*INVALID_PERMISSIONS|INVALID_PERMISSIONS.*403|403/,
  },
  { name: 'record inserted while paging', family: 'drift', rule: { kind: 'insert' }, cause: /shifting/ },
  { name: 'record removed while paging', family: 'drift', rule: { kind: 'remove' }, cause: /shifting/ },
  { name: 'record updated (moved later in the window)', family: 'drift', rule: { kind: 'move', moveTo: 'later' }, cause: /shifting/ },
  { name: 'record updated (moved out of the window)', family: 'drift', rule: { kind: 'move', moveTo: 'outside' }, cause: /shifting/ },
];

const TIMES: Record<Family, number[]> = {
  transient: [1, 3, 4], // 3 = the retry budget (maxRetries 3), 4 = one past it
  permanent: [1],
  drift: [1, 4, 5], // MAX_RESTARTS = 4: five passes are one too many
};

/** (chunk, page) positions; page undefined = any page of that chunk; chunk undefined = any chunk. */
const POSITIONS: Array<{ chunk?: number; page?: number }> = [
  { chunk: 2, page: 1 },
  { chunk: 1, page: 0 },
  { chunk: 3, page: 2 },
  { chunk: 2, page: undefined },
  { chunk: 1, page: 1 },
  { chunk: 3, page: 0 },
  { chunk: 2, page: 2 },
  { chunk: undefined, page: 1 },
];
/** Drift is applied right after a page is served: on a chunk's LAST page it would happen after the chunk was read
 *  (no extractor can see that), so drift goes on pages that have a successor (40 records, pages of 10). */
const DRIFT_POSITIONS: Array<{ chunk?: number; page?: number }> = [
  { chunk: 2, page: 1 },
  { chunk: 1, page: 0 },
  { chunk: 3, page: 2 },
  { chunk: 2, page: 0 },
  { chunk: 1, page: 1 },
  { chunk: undefined, page: 1 },
];

function windowStartOf(chunk: number, chunkHours: number): string {
  return new Date(DAY0 + (chunk - 1) * chunkHours * 3600_000).toISOString().replace('.000Z', '+00:00');
}

function offsetOf(page: number, pageSize: number): number {
  const overlap = pageSize < 2 ? 0 : Math.min(10, Math.max(1, Math.floor(pageSize / 4)));
  return page * (pageSize - overlap);
}

function ruleFor(spec: FaultSpec, times: number, pos: { chunk?: number; page?: number }, chunkHours: number, pageSize: number): FaultRule {
  return {
    ...spec.rule,
    endpoint: ENDPOINT,
    times,
    ...(pos.chunk !== undefined ? { windowStart: windowStartOf(pos.chunk, chunkHours) } : {}),
    ...(pos.page !== undefined ? { offset: offsetOf(pos.page, pageSize) } : {}),
  };
}

function anyOf(res: RegExp[]): RegExp {
  return new RegExp(res.map((r) => `(?:${r.source})`).join('|'), 'i');
}

async function checkRun(r: EngineRun, sim: Simulator, event: BackfillEvent, store: ObjectStore, cause: RegExp, context: string) {
  // The journal on disk says what the run returned.
  expect(
    r.journal.chunks.map((c) => c.status),
    `journal of ${context}`,
  ).toEqual(r.record.chunks.map((c) => c.status));
  expect(r.journal.status).toBe(r.record.status);
  const rep = await assertInvariant({ run: r.record, store, table: event.table_name, sim, event, cause }, context);
  // The engine never runs two requests at once, whatever the faults.
  expect(sim.maxConcurrency, context).toBeLessThanOrEqual(2); // 2: an abandoned slow answer still open server-side
  tally.runs++;
  tally.chunks += r.record.chunks.length;
  tally.ok += rep.succeeded;
  tally.notOk += rep.notSucceeded;
  tally.records += rep.recordsChecked;
  if (r.record.fatalError) tally.fatal++;
  tally.faultHits += sim.faults.list.reduce((a, f) => a + f.hits, 0);
  return rep;
}

let sim: Simulator;
let runsDir: string;
/** A fresh tenant for every run: drift faults mutate it, and a run's truth must not depend on earlier runs. */
async function freshSim(): Promise<Simulator> {
  await sim?.close();
  sim = await startSimulator({ seed: 7 });
  return sim;
}
beforeAll(async () => {
  runsDir = await tempDir('runs');
});
afterAll(async () => {
  await sim?.close();
  console.log(
    `[fault matrix] ${tally.runs} runs, ${tally.chunks} chunks (${tally.ok} ✓, ${tally.notOk} not ✓, ${tally.fatal} setup failures), ${tally.records} records compared, ${tally.faultHits} faults served`,
  );
});

const local = async (): Promise<DestinationSettings> => ({ kind: 'local', name: 'tmp', path: await tempDir('out') });

describe('fault matrix: fault kind × times × (chunk, page), local destination', () => {
  const event = makeEvent({});
  SPECS.forEach((spec, si) => {
    it(spec.name, async () => {
      for (const [ti, times] of TIMES[spec.family].entries()) {
        const table = spec.family === 'drift' ? DRIFT_POSITIONS : POSITIONS;
        const pos = table[(si * 3 + ti) % table.length]!;
        await freshSim();
        const rule = ruleFor(spec, times, pos, 24, FAST.pageSize!);
        const active = sim.faults.add(rule);
        const dest = await local();
        const r = await runEngine({ sim, event, destination: dest, runsDir, partRows: ti % 2 === 0 ? 7 : undefined });
        const context = `${spec.name}, times ${times}, chunk ${pos.chunk ?? 'any'}, page ${pos.page ?? 'any'}`;
        await checkRun(r, sim, event, localObjects(dest.kind === 'local' ? dest.path : ''), spec.cause, context);
        expect(active.hits, `${context}: the fault was served`).toBeGreaterThan(0);

        // Outcomes that are certain. The setup check pages chunk 1 from offset 0 with one retry, so a fault there
        // can end the run before chunk 1 (status 1, naming the cause).
        const onCheck = (pos.chunk === 1 || pos.chunk === undefined) && (pos.page === 0 || pos.page === undefined);
        const statuses = r.record.chunks.map((c) => c.status);
        if (spec.family === 'transient' && times === 1) expect(statuses, context).toEqual(['success', 'success', 'success']);
        if (spec.family === 'drift' && times === 1) expect(statuses, context).toEqual(['success', 'success', 'success']);
        if (spec.family === 'drift' && times === 1 && !onCheck) {
          const hit = r.record.chunks[(pos.chunk ?? 1) - 1]!;
          expect(hit.warnings.join(' '), context).toMatch(/paged again/);
        }
        if (pos.chunk !== undefined && pos.page !== undefined && !onCheck) {
          const others = statuses.filter((_, i) => i !== pos.chunk! - 1);
          expect(others, `${context}: other chunks are untouched`).toEqual(['success', 'success']);
          const mine = statuses[pos.chunk - 1];
          if (spec.family === 'permanent') expect(mine, context).toBe('failed');
          if (spec.family === 'transient') expect(mine, context).toBe(times > FAST.maxRetries! ? 'failed' : 'success');
          if (spec.family === 'drift') expect(mine, context).toBe(times > 4 ? 'failed' : 'success');
          expect(r.record.status, context).toBe(mine === 'success' ? 0 : 2);
        }
        if (onCheck && spec.family !== 'drift' && (times >= 2 || spec.family === 'permanent')) {
          expect(r.record.status, `${context}: the setup check fails`).toBe(1);
          expect(r.record.fatalError, context).toMatch(spec.cause);
        }
      }
    });
  });
});

describe('fault combinations (fast-check, seeded): 1–4 faults per run, any kind, page, chunk, part size', () => {
  it('never loses or duplicates a record silently', async () => {
    const ruleArb = fc.record({
      spec: fc.integer({ min: 0, max: SPECS.length - 1 }),
      chunk: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined, freq: 5 }),
      page: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 3 }),
      times: fc.constantFrom(1, 2, 3, 4, 5, Infinity),
    });
    const scenario = fc.record({
      rules: fc.array(ruleArb, { minLength: 1, maxLength: 4 }),
      chunkHours: fc.constantFrom(12, 24),
      pageSize: fc.constantFrom(10, 25),
      partRows: fc.constantFrom(7, 50_000),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        n++;
        const event = makeEvent({ chunk_hours: s.chunkHours });
        const chunks = (3 * 24) / s.chunkHours;
        // Drift only while paging: on page 0 of chunks of 20+ records in pages of 10 (see DRIFT_POSITIONS); even
        // after five removals page 0 still has a successor, so every mutation happens mid-chunk.
        const drift = s.rules.some((r) => SPECS[r.spec]!.family === 'drift');
        const pageSize = drift ? 10 : s.pageSize;
        await freshSim();
        const causes: RegExp[] = [];
        for (const r of s.rules) {
          const spec = SPECS[r.spec]!;
          // A slow answer costs a timeout per hit: keep those few so the suite stays quick.
          const times = spec.rule.kind === 'delay' ? Math.min(r.times, 2) : r.times;
          const chunk = r.chunk === undefined ? undefined : ((r.chunk - 1) % chunks) + 1;
          const page = spec.family === 'drift' ? 0 : r.page;
          sim.faults.add(ruleFor(spec, times, { chunk, page }, s.chunkHours, pageSize));
          causes.push(spec.cause);
        }
        const dest = await local();
        const r = await runEngine({ sim, event, destination: dest, runsDir, partRows: s.partRows, overrides: { pageSize } });
        await checkRun(r, sim, event, localObjects(dest.kind === 'local' ? dest.path : ''), anyOf(causes), JSON.stringify(s));
        expect(r.record.chunks).toHaveLength(chunks);
      }),
      { seed: 20250401, numRuns: 36, endOnFailure: true },
    );
    expect(n).toBe(36);
  });
});

describe('S3 destination faults (s3rver behind a fault proxy)', () => {
  let s3: S3rverHandle;
  let proxy: FaultProxy;
  let client: S3Client;
  const BUCKET = 'reliability';
  let prefixN = 0;
  beforeAll(async () => {
    s3 = await startS3rver([BUCKET]);
    proxy = await startFaultProxy(s3.endpoint);
    client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: s3.credentials });
  });
  afterAll(async () => {
    client?.destroy();
    await proxy?.close();
    await s3?.stop();
  });
  const s3dest = (bucket = BUCKET, endpoint = proxy.endpoint): DestinationSettings & { prefix: string } => ({
    kind: 's3',
    name: 's3rver',
    bucket,
    prefix: `run-${++prefixN}`,
    region: 'us-east-1',
    profile: '',
    endpoint,
    forcePathStyle: true,
    glue: false,
  });

  interface S3Case {
    name: string;
    /** Proxy faults injected when the given chunk starts (0 = before the run: the setup check). */
    s3: Array<{ at: number; faults: Fault[] }>;
    mambu?: Array<{ spec: number; chunk: number; page: number; times: number }>;
    partRows?: number;
    expect: Array<'success' | 'failed'> | 'fatal';
    cause: RegExp;
  }
  const S = (f: Fault, n: number) => Array<Fault>(n).fill(f);
  const CASES: S3Case[] = [
    {
      name: '503 SlowDown once on an upload',
      s3: [{ at: 2, faults: S('slowdown', 1) }],
      expect: ['success', 'success', 'success'],
      cause: /SlowDown/,
    },
    {
      name: '503 SlowDown twice, parts of 7 rows',
      s3: [{ at: 1, faults: S('slowdown', 2) }],
      partRows: 7,
      expect: ['success', 'success', 'success'],
      cause: /SlowDown/,
    },
    { name: 'dropped connection once', s3: [{ at: 3, faults: ['reset'] }], expect: ['success', 'success', 'success'], cause: /ECONNRESET/ },
    {
      name: 'dropped connections ×4 (within the SDK budget of 5 attempts)',
      s3: [{ at: 2, faults: S('reset', 4) }],
      expect: ['success', 'success', 'success'],
      cause: /ECONNRESET/,
    },
    {
      // Chunk 2's first S3 requests are its commit's first three, sent at once (the partition's two listings and
      // the upload of its only part): each is reset on every one of the SDK's 5 attempts.
      name: 'dropped connections ×15: that chunk ✗ naming ECONNRESET',
      s3: [{ at: 2, faults: S('reset', 15) }],
      expect: ['success', 'failed', 'success'],
      cause: /ECONNRESET/,
    },
    {
      name: 'mixed SlowDown and resets during the listing/commit of a multi-part chunk',
      s3: [
        { at: 1, faults: ['reset', 'slowdown', 'reset'] },
        { at: 3, faults: ['slowdown', 'reset'] },
      ],
      partRows: 5,
      expect: ['success', 'success', 'success'],
      cause: /SlowDown|ECONNRESET/,
    },
    {
      name: 'dropped connection during the setup check',
      s3: [{ at: 0, faults: ['reset'] }],
      expect: ['success', 'success', 'success'],
      cause: /ECONNRESET/,
    },
    {
      // HeadBucket and the probe's PutObject go out at once: 10 resets are every SDK attempt of both (5 each).
      name: 'setup check against a dead S3 (resets ×10 = every SDK attempt of HeadBucket and PutObject): run ends before chunk 1',
      s3: [{ at: 0, faults: S('reset', 10) }],
      expect: 'fatal',
      cause: /ECONNRESET.*(HeadBucket|PutObject|DeleteObject)|not writable/,
    },
    {
      name: 'Mambu 429 ×2 and S3 SlowDown on the same chunk',
      s3: [{ at: 2, faults: ['slowdown'] }],
      mambu: [{ spec: 2, chunk: 2, page: 1, times: 2 }],
      expect: ['success', 'success', 'success'],
      cause: /429|SlowDown/,
    },
    {
      name: 'record inserted while paging + dropped connection on the re-paged chunk',
      s3: [{ at: 1, faults: S('reset', 2) }],
      mambu: [{ spec: 11, chunk: 1, page: 2, times: 1 }],
      partRows: 7,
      expect: ['success', 'success', 'success'],
      cause: /ECONNRESET|shifting/,
    },
    {
      name: 'Mambu 500 past the budget on chunk 3 + S3 resets on chunk 2',
      s3: [{ at: 2, faults: S('reset', 3) }],
      mambu: [{ spec: 3, chunk: 3, page: 2, times: Infinity }],
      expect: ['success', 'success', 'failed'],
      cause: /\b500\b|ECONNRESET/,
    },
  ];

  for (const c of CASES) {
    it(c.name, async () => {
      const event = makeEvent({});
      await freshSim();
      for (const m of c.mambu ?? []) sim.faults.add(ruleFor(SPECS[m.spec]!, m.times, { chunk: m.chunk, page: m.page }, 24, FAST.pageSize!));
      const dest = s3dest();
      const served0 = proxy.faultsServed;
      let injected = 0;
      const inject = (at: number) => {
        for (const f of c.s3.filter((x) => x.at === at)) {
          proxy.inject(...f.faults);
          injected += f.faults.length;
        }
      };
      inject(0);
      const r = await runEngine({
        sim,
        event,
        destination: dest,
        s3Credentials: s3.credentials,
        runsDir,
        partRows: c.partRows,
        onEvent: (e) => {
          if (e.type === 'chunk-started') inject(e.index);
        },
      });
      await checkRun(r, sim, event, s3Objects(client, BUCKET, dest.prefix), c.cause, c.name);
      expect(proxy.faultsServed - served0, 'every injected S3 fault was served').toBe(injected);
      if (c.expect === 'fatal') {
        expect(r.record.status).toBe(1);
        expect(r.record.fatalError).toMatch(c.cause);
      } else {
        expect(
          r.record.chunks.map((x) => x.status),
          r.record.chunks.map((x) => x.error ?? '').join(' | '),
        ).toEqual(c.expect);
      }
    });
  }

  it('wrong S3 access key: run ends before chunk 1 naming the credentials and the bucket', async () => {
    const event = makeEvent({});
    await freshSim();
    const dest = s3dest(BUCKET, s3.endpoint);
    const before = sim.requests.length;
    const r = await runEngine({
      sim,
      event,
      destination: dest,
      s3Credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'x' },
      runsDir,
    });
    await checkRun(r, sim, event, s3Objects(client, BUCKET, dest.prefix), /credentials.*reliability|reliability.*credentials/, 'wrong key');
    expect(r.record.status).toBe(1);
    expect(r.record.fatalError).toMatch(/InvalidAccessKeyId/);
    expect(sim.requests.length, 'no Mambu page was fetched').toBe(before);
  });

  it('missing bucket: run ends before chunk 1 naming the bucket', async () => {
    const event = makeEvent({});
    await freshSim();
    const dest = s3dest('no-such-bucket-rel', s3.endpoint);
    const r = await runEngine({ sim, event, destination: dest, s3Credentials: s3.credentials, runsDir });
    expect(r.record.status).toBe(1);
    expect(r.record.fatalError).toMatch(/no-such-bucket-rel.*NoSuchBucket|NoSuchBucket.*no-such-bucket-rel/);
    // No row stays pending: each is ✗ "Not run" with the setup check's reason.
    expect(
      r.record.chunks.every((c) => c.status === 'failed' && /^Not run: the setup check failed: .*no-such-bucket-rel/.test(c.error ?? '')),
    ).toBe(true);
    tally.runs++;
    tally.fatal++;
  });
});

const swift = swiftS3Env();
describe.skipIf(!swift)(`S3 destination faults on OpenStack Swift s3api${swift ? '' : ' — ' + SWIFT_HOWTO}`, () => {
  let client: S3Client;
  const BUCKET = 'mambu-reliability';
  beforeAll(async () => {
    client = new S3Client({
      endpoint: swift!.endpoint,
      region: swift!.region,
      forcePathStyle: true,
      credentials: { accessKeyId: swift!.accessKeyId, secretAccessKey: swift!.secretAccessKey },
    });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET })).catch((e: Error) => {
      if (!/BucketAlready/.test(e.name)) throw e;
    });
  });
  afterAll(() => client?.destroy());
  const dest = (bucket = BUCKET): DestinationSettings & { prefix: string } => ({
    kind: 's3',
    name: 'swift',
    bucket,
    prefix: `rel-${Date.now()}`,
    region: swift!.region,
    profile: '',
    endpoint: swift!.endpoint,
    forcePathStyle: true,
    glue: false,
  });

  it('a run with a transient Mambu fault lands exactly the truth', async () => {
    const event = makeEvent({});
    await freshSim();
    sim.faults.add(ruleFor(SPECS[3]!, 2, { chunk: 2, page: 1 }, 24, FAST.pageSize!));
    const d = dest();
    const r = await runEngine({
      sim,
      event,
      destination: d,
      s3Credentials: { accessKeyId: swift!.accessKeyId, secretAccessKey: swift!.secretAccessKey },
      runsDir,
      partRows: 7,
    });
    await checkRun(r, sim, event, s3Objects(client, BUCKET, d.prefix), /500/, 'swift');
    expect(r.record.status).toBe(0);
  });

  it('a wrong secret key ends the run before chunk 1 naming the credentials', async () => {
    const event = makeEvent({});
    await freshSim();
    const r = await runEngine({
      sim,
      event,
      destination: dest(),
      s3Credentials: { accessKeyId: swift!.accessKeyId, secretAccessKey: 'wrong-secret' },
      runsDir,
    });
    expect(r.record.status).toBe(1);
    expect(r.record.fatalError).toMatch(/credentials/);
    expect(r.record.fatalError).not.toContain('wrong-secret');
  });

  it('a missing bucket ends the run before chunk 1 naming it', async () => {
    const event = makeEvent({});
    const r = await runEngine({
      sim,
      event,
      destination: dest('no-such-bucket-rel'),
      s3Credentials: { accessKeyId: swift!.accessKeyId, secretAccessKey: swift!.secretAccessKey },
      runsDir,
    });
    expect(r.record.status).toBe(1);
    expect(r.record.fatalError).toMatch(/no-such-bucket-rel/);
  });
});
