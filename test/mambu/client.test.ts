// The Mambu client against the loopback simulator: exact window contents, retries, drift, cancel, rate limit.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMambuSource, KeyHashSet, MambuError, parseMambuTime } from '../../electron/engine/mambu';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { connFor, keys, searchReq, sink, sortedKeys } from './helpers';

let sim: Simulator;
const signal = () => new AbortController().signal;
const LT = 'loans/transactions:search';
const D2 = ['2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z'] as const;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, perDay: 40 });
});
afterAll(() => sim.close());
afterEach(() => sim.faults.clear());

function truth(endpoint: string, cdc: string, s: string, e: string) {
  return sim.truth.window(endpoint, cdc, new Date(s), new Date(e));
}

describe('window contents', () => {
  it('returns exactly the truth of [s, e): boundary records cut, ties kept, sent as Mambu expects', async () => {
    const src = createMambuSource(connFor(sim, { pageSize: 7 }));
    const s = sink();
    const before = sim.requests.length;
    const stats = await src.fetch(searchReq(LT, 'creationDate', ...D2), s.sink, signal());
    const t = truth(LT, 'creationDate', ...D2);
    expect(keys(s.got)).toEqual(keys(t));
    expect(t[0]!.creationDate).toBe('2025-01-02T00:00:00+00:00'); // the record on the start boundary is in
    expect(stats.outsideWindow).toBe(1); // the one on the end boundary (BETWEEN is inclusive) is cut
    expect(stats.records).toBe(t.length);
    expect(stats.pages).toBe(s.pages.length);
    expect(stats.requests).toBe(stats.pages);
    const first = sim.requests[before]!;
    expect(first.query).toMatchObject({ offset: '0', limit: '7', detailsLevel: 'FULL' });
    expect(first.body).toEqual({
      filterCriteria: [
        { field: 'creationDate', operator: 'BETWEEN', value: '2025-01-02T00:00:00+00:00', secondValue: '2025-01-03T00:00:00+00:00' },
      ],
      sortingCriteria: { field: 'creationDate', order: 'ASC' },
    });
    expect(first.accept).toBe('application/vnd.mambu.v2+json');
    expect(first.contentType).toBe('application/json');
    expect(first.auth).toBe('apiKey');
    // pages overlap: offsets advance by limit - K
    expect(sim.requests[before + 1]!.query.offset).toBe('6');
    // adjacent chunks share no record and miss none
    const s2 = sink();
    await src.fetch(searchReq(LT, 'creationDate', '2025-01-03T00:00:00Z', '2025-01-04T00:00:00Z'), s2.sink, signal());
    expect(s2.got[0]!.creationDate).toBe('2025-01-03T00:00:00+00:00');
    expect(keys(s.got).filter((k) => keys(s2.got).includes(k))).toEqual([]);
  });

  it('windows on non-monotone and nested cdc fields, and with Basic auth', async () => {
    const src = createMambuSource(connFor(sim, { pageSize: 10, auth: { kind: 'basic', username: 'sim-user', password: 'sim-password' } }));
    for (const [endpoint, cdc] of [
      ['clients:search', 'lastModifiedDate'],
      ['loans:search', 'disbursementDetails.disbursementDate'],
      ['deposits/transactions:search', 'valueDate'],
    ] as const) {
      const s = sink();
      await src.fetch(searchReq(endpoint, cdc, '2025-01-02T00:00:00Z', '2025-01-05T00:00:00Z'), s.sink, signal());
      const t = truth(endpoint, cdc, '2025-01-02T00:00:00Z', '2025-01-05T00:00:00Z');
      expect(t.length).toBeGreaterThan(0);
      expect(sortedKeys(s.got)).toEqual(sortedKeys(t));
    }
    expect(sim.requests.at(-1)!.auth).toBe('basic');
  });

  it('merges extra_params (detailsLevel may be overridden, paging never) and omits detailsLevel where unsupported', async () => {
    const src = createMambuSource(connFor(sim, { pageSize: 1000 }));
    const before = sim.requests.length;
    await src.fetch(searchReq(LT, 'creationDate', ...D2, 'detailsLevel=BASIC&offset=99&limit=3'), sink().sink, signal());
    expect(sim.requests[before]!.query).toMatchObject({ detailsLevel: 'BASIC', offset: '0', limit: '1000' });
    // Journal entries are searched in FULL (their gl_account_* columns need it: docs/type-authority.md) …
    await src.fetch(searchReq('gljournalentries:search', 'creationDate', ...D2), sink().sink, signal());
    expect(sim.requests.at(-1)!.query.detailsLevel).toBe('FULL');
    // … interest accrual takes no detailsLevel at all.
    await src.fetch(searchReq('accounting/interestaccrual:search', 'creationDate', ...D2), sink().sink, signal());
    expect(sim.requests.at(-1)!.query.detailsLevel).toBeUndefined();
  });

  it('sends filter values in the tenant time zone', async () => {
    const berlin = await startSimulator({ timezone: 'Europe/Berlin', perDay: 20 });
    try {
      const src = createMambuSource(connFor(berlin, { timezone: 'Europe/Berlin', pageSize: 8 }));
      const s = sink();
      await src.fetch(searchReq('deposits/transactions:search', 'creationDate', ...D2), s.sink, signal());
      expect((berlin.requests[0]!.body as any).filterCriteria[0].value).toBe('2025-01-02T01:00:00+01:00');
      expect(keys(s.got)).toEqual(keys(berlin.truth.window('deposits/transactions', 'creationDate', new Date(D2[0]), new Date(D2[1]))));
    } finally {
      await berlin.close();
    }
  });

  it('windows GETs by whole dates and cuts to the exact window; pages snapshots once', async () => {
    const src = createMambuSource(connFor(sim, { pageSize: 13 }));
    const s = sink();
    const stats = await src.fetch(
      {
        endpoint: 'installments',
        kind: 'windowed-get',
        cdcField: 'dueDate',
        window: { start: new Date('2025-01-02T06:00:00Z'), end: new Date('2025-01-04T00:00:00Z') },
        extraParams: '',
      },
      s.sink,
      signal(),
    );
    const q = sim.requests.at(-1)!.query;
    expect(q).toMatchObject({ dueFrom: '2025-01-02', dueTo: '2025-01-03' });
    expect(sortedKeys(s.got)).toEqual(sortedKeys(truth('installments', 'dueDate', '2025-01-02T06:00:00Z', '2025-01-04T00:00:00Z')));
    expect(stats.outsideWindow).toBe(40); // 2025-01-02's installments fall due at midnight, before 06:00
    const je = sink();
    await src.fetch(
      {
        endpoint: 'gljournalentries',
        kind: 'windowed-get',
        cdcField: 'bookingDate',
        window: { start: new Date(D2[0]), end: new Date(D2[1]) },
        extraParams: '',
      },
      je.sink,
      signal(),
    );
    expect(sim.requests.at(-1)!.query).toMatchObject({ from: '2025-01-02', to: '2025-01-02' });
    expect(sortedKeys(je.got)).toEqual(sortedKeys(truth('gljournalentries', 'bookingDate', ...D2)));
    const users = sink();
    await src.fetch({ endpoint: 'users', kind: 'snapshot-get', cdcField: null, window: null, extraParams: '' }, users.sink, signal());
    expect(sortedKeys(users.got)).toEqual(sortedKeys(sim.truth.snapshot('users')));
  });

  it('de-duplicates by encodedKey with a bounded hash set', () => {
    const set = new KeyHashSet();
    let added = 0;
    for (let i = 0; i < 200_000; i++) if (set.add(`8a${i.toString(16).padStart(30, '0')}`)) added++;
    expect(added).toBe(200_000);
    expect(set.add(`8a${(12345).toString(16).padStart(30, '0')}`)).toBe(false);
    expect(set.size).toBe(200_000);
  });

  it('parses Mambu timestamps in all their spellings', () => {
    const at = Date.UTC(2025, 0, 3, 10, 15);
    for (const v of [
      '2025-01-03T10:15:00+00:00',
      '2025-01-03T10:15:00+0000',
      '2025-01-03T10:15:00Z',
      '2025-01-03T11:15:00+01:00',
      '2025-01-03T10:15:00.000Z',
    ]) {
      expect(parseMambuTime(v)).toBe(at);
    }
    expect(parseMambuTime('2025-01-03')).toBe(Date.UTC(2025, 0, 3));
    expect(parseMambuTime('2025-01-03', 'Europe/Berlin')).toBe(Date.UTC(2025, 0, 2, 23));
    expect(parseMambuTime('garbage')).toBeNull();
  });
});

describe('retries', () => {
  const kinds = [
    { kind: 'status', status: 429 },
    { kind: 'status', status: 500 },
    { kind: 'status', status: 502 },
    { kind: 'status', status: 503 },
    { kind: 'malformed' },
    { kind: 'reset' },
    { kind: 'delay', delayMs: 1500 },
  ] as const;
  for (const f of kinds) {
    it(`recovers from ${f.kind}${'status' in f ? ' ' + f.status : ''} and counts the retries`, async () => {
      const src = createMambuSource(connFor(sim, { pageSize: 10, timeoutMs: 300 }));
      sim.faults.add({ ...f, endpoint: LT, offset: 8, times: 2 }); // pageSize 10 overlaps by 2: offsets 0, 8, 16…
      const s = sink();
      const stats = await src.fetch(searchReq(LT, 'creationDate', ...D2), s.sink, signal());
      expect(stats.retries).toBe(2);
      expect(stats.requests).toBe(stats.pages + 2);
      expect(keys(s.got)).toEqual(keys(truth(LT, 'creationDate', ...D2)));
    });
  }

  it('honours Retry-After in seconds', async () => {
    const src = createMambuSource(connFor(sim, { backoffBaseMs: 1, backoffMaxMs: 5000 }));
    sim.faults.add({ kind: 'status', status: 429, retryAfter: 1, endpoint: LT });
    const t0 = Date.now();
    const stats = await src.fetch(searchReq(LT, 'creationDate', ...D2), sink().sink, signal());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(stats.retries).toBe(1);
  });

  it('caps Retry-After at backoffMaxMs', async () => {
    const src = createMambuSource(connFor(sim, { backoffBaseMs: 1, backoffMaxMs: 100 }));
    sim.faults.add({ kind: 'status', status: 429, retryAfter: 30, endpoint: LT });
    const t0 = Date.now();
    await src.fetch(searchReq(LT, 'creationDate', ...D2), sink().sink, signal());
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('gives up after maxRetries with the status in the message', async () => {
    const src = createMambuSource(connFor(sim, { maxRetries: 2 }));
    sim.faults.add({ kind: 'status', status: 500, endpoint: LT, windowStart: D2[0], times: Infinity });
    const err = await src.fetch(searchReq(LT, 'creationDate', ...D2), sink().sink, signal()).catch((e) => e);
    expect(err).toBeInstanceOf(MambuError);
    expect(err.status).toBe(500);
    expect(err.message).toMatch(
      /^Mambu returned 500 INTERNAL_ERROR \(simulated fault on loans\/transactions:search\).*gave up after 3 attempts/,
    );
    // another window is unaffected
    const ok = await src.fetch(searchReq(LT, 'creationDate', '2025-01-03T00:00:00Z', '2025-01-04T00:00:00Z'), sink().sink, signal());
    expect(ok.records).toBeGreaterThan(0);
  });

  it('fails at once on other 4xx with status, errorReason and errorSource', async () => {
    const src = createMambuSource(connFor(sim));
    const before = sim.requests.length;
    const err = await src.fetch(searchReq(LT, 'lastModifiedDate', ...D2), sink().sink, signal()).catch((e) => e);
    expect(err).toBeInstanceOf(MambuError);
    expect(sim.requests.length - before).toBe(1);
    expect(err).toMatchObject({ status: 400, errorReason: 'INVALID_FILTER_SELECTION', retryable: false });
    expect(err.message).toMatch(/^Mambu returned 400 INVALID_FILTER_SELECTION \(lastModifiedDate is not a filterable field/);
    sim.faults.add({
      kind: 'status',
      status: 400,
      errorReason: 'INVALID_PARAMETERS',
      errorSource: 'creationDate',
      endpoint: LT,
      times: Infinity,
    });
    const err2 = await src.fetch(searchReq(LT, 'creationDate', ...D2), sink().sink, signal()).catch((e) => e);
    expect(err2.message).toMatch(/^Mambu returned 400 INVALID_PARAMETERS \(creationDate\)/);
  });

  it('never puts secrets in error messages', async () => {
    const src = createMambuSource(connFor(sim, { auth: { kind: 'basic', username: 'sim-user', password: 'hunter2-secret' } }));
    const err = await src.fetch(searchReq(LT, 'creationDate', ...D2), sink().sink, signal()).catch((e) => e);
    expect(err.status).toBe(401);
    expect(JSON.stringify({ m: err.message, s: err.stack })).not.toContain('hunter2');
  });
});

describe('drift', () => {
  for (const kind of ['insert', 'move', 'remove'] as const) {
    it(`re-pages after a record ${kind} between pages and ends with exactly the truth`, async () => {
      const other = await startSimulator({ seed: 11, perDay: 40 });
      try {
        const src = createMambuSource(connFor(other, { pageSize: 8 }));
        other.faults.add({ kind, endpoint: LT, offset: 6 }); // pageSize 8 overlaps by 2: offsets 0, 6, 12…
        const s = sink();
        const stats = await src.fetch(searchReq(LT, 'creationDate', ...D2), s.sink, signal());
        expect(stats.restarts).toBe(1);
        expect(s.restarts).toHaveLength(1);
        const t = other.truth.window(LT, 'creationDate', new Date(D2[0]), new Date(D2[1]));
        expect(keys(s.got)).toEqual(keys(t));
        expect(new Set(keys(s.got)).size).toBe(s.got.length);
      } finally {
        await other.close();
      }
    });
  }

  it('a chunk started from the setup check’s first page asks Mambu for page 0 again when it re-pages', async () => {
    const other = await startSimulator({ seed: 11, perDay: 40 });
    try {
      const src = createMambuSource(connFor(other, { pageSize: 8 }));
      const req = searchReq(LT, 'creationDate', ...D2);
      const first = await src.check(req, signal(), undefined, true);
      other.faults.add({ kind: 'insert', endpoint: LT, offset: 6 });
      const s = sink();
      const stats = await src.fetch(req, s.sink, signal(), undefined, first || undefined);
      expect(stats.restarts).toBe(1);
      // Page 0 asked twice in all: by the check, and by the second pass (the first pass started from the check's).
      expect(other.requests.filter((r) => r.query.offset === '0')).toHaveLength(2);
      expect(keys(s.got)).toEqual(keys(other.truth.window(LT, 'creationDate', new Date(D2[0]), new Date(D2[1]))));
    } finally {
      await other.close();
    }
  });

  it('without the overlap check a removal would lose a record (the fault really shifts pages)', async () => {
    const other = await startSimulator({ seed: 11, perDay: 40 });
    try {
      const body = (offset: number) =>
        fetch(`${other.url}/${LT}?offset=${offset}&limit=10`, {
          method: 'POST',
          headers: { Accept: 'application/vnd.mambu.v2+json', 'Content-Type': 'application/json', apiKey: 'sim-api-key' },
          body: JSON.stringify({
            filterCriteria: [
              { field: 'creationDate', operator: 'BETWEEN', value: '2025-01-02T00:00:00+00:00', secondValue: '2025-01-03T00:00:00+00:00' },
            ],
            sortingCriteria: { field: 'creationDate', order: 'ASC' },
          }),
        }).then((r) => r.json() as Promise<any[]>);
      const before = await body(10);
      other.faults.add({ kind: 'remove', endpoint: LT, offset: 0 });
      await body(0);
      const after = await body(10);
      expect(after[0].encodedKey).toBe(before[1].encodedKey);
    } finally {
      await other.close();
    }
  });

  it('fails the chunk with a clear message when records keep shifting', async () => {
    const src = createMambuSource(connFor(sim, { pageSize: 8 }));
    sim.faults.add({ kind: 'insert', endpoint: LT, offset: 0, times: Infinity });
    const s = sink();
    const err = await src
      .fetch(searchReq(LT, 'creationDate', '2025-01-20T00:00:00Z', '2025-01-21T00:00:00Z'), s.sink, signal())
      .catch((e) => e);
    expect(err).toBeInstanceOf(MambuError);
    expect(err.message).toMatch(/records kept shifting while paging loans\/transactions:search .*retry later or use a smaller chunk_hours/);
    expect(s.restarts).toHaveLength(4);
  });
});

describe('cancel, timeouts, rate limit, concurrency', () => {
  it('cancels promptly during a slow request', async () => {
    const src = createMambuSource(connFor(sim, { timeoutMs: 10_000 }));
    sim.faults.add({ kind: 'delay', delayMs: 5000, endpoint: LT });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const t0 = Date.now();
    const err = await src.fetch(searchReq(LT, 'creationDate', ...D2), sink().sink, ac.signal).catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(err).toMatchObject({ cancelled: true });
  });

  it('cancels promptly during a backoff sleep', async () => {
    const src = createMambuSource(connFor(sim, { backoffBaseMs: 1, backoffMaxMs: 60_000 }));
    sim.faults.add({ kind: 'status', status: 429, retryAfter: 30, endpoint: LT });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const t0 = Date.now();
    const err = await src.fetch(searchReq(LT, 'creationDate', ...D2), sink().sink, ac.signal).catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(err).toMatchObject({ cancelled: true });
  });

  it('times out a slow answer and says so', async () => {
    const src = createMambuSource(connFor(sim, { timeoutMs: 200, maxRetries: 0 }));
    sim.faults.add({ kind: 'delay', delayMs: 2000, endpoint: LT });
    const err = await src.fetch(searchReq(LT, 'creationDate', ...D2), sink().sink, signal()).catch((e) => e);
    expect(err.message).toMatch(/did not answer within 200 ms/);
  });

  it('spaces requests by the requests-per-second cap across fetches', async () => {
    const src = createMambuSource(connFor(sim, { requestsPerSecond: 10, pageSize: 20 }));
    const before = sim.requests.length;
    await src.fetch(searchReq(LT, 'creationDate', ...D2), sink().sink, signal());
    await src.fetch(searchReq(LT, 'creationDate', '2025-01-03T00:00:00Z', '2025-01-04T00:00:00Z'), sink().sink, signal());
    const times = sim.requests.slice(before).map((r) => r.at);
    expect(times.length).toBeGreaterThanOrEqual(5);
    // Starts are spaced 100 ms apart by the client; arrival jitter on a busy machine may shorten a single gap.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual((times.length - 1) * 100 - 40);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(50);
  });

  it('is sequential: never more than one request in flight', () => {
    expect(sim.requests.length).toBeGreaterThan(50);
    expect(sim.maxConcurrency).toBe(1);
  });
});

describe('check', () => {
  it('passes with good credentials using one limit=1 request', async () => {
    const src = createMambuSource(connFor(sim));
    const before = sim.requests.length;
    await src.check(searchReq(LT, 'creationDate', ...D2), signal());
    expect(sim.requests.length - before).toBe(1);
    expect(sim.requests.at(-1)!.query.limit).toBe('1');
  });

  it('keeps the first page of the chunk it checked: the chunk starts from it and asks Mambu for it once', async () => {
    const src = createMambuSource(connFor(sim, { pageSize: 7 }));
    const req = searchReq(LT, 'creationDate', ...D2);
    const plain = sink();
    const alone = await src.fetch(req, plain.sink, signal());

    const before = sim.requests.length;
    const counters = { requests: 0, retries: 0 };
    const first = await src.check(req, signal(), counters, true);
    expect(first).toMatchObject({ requests: 1 });
    expect(counters.requests).toBe(1);
    // The check's request is exactly the chunk's first one (offset 0, its page size, Items-Total asked).
    expect(sim.requests.slice(before).map((r) => r.query)).toEqual([
      expect.objectContaining({ offset: '0', limit: '7', paginationDetails: 'ON' }),
    ]);
    const primed = sink();
    const stats = await src.fetch(req, primed.sink, signal(), undefined, first || undefined);
    const sent = sim.requests.slice(before + 1);
    expect(sent.filter((r) => r.query.offset === '0')).toHaveLength(0);
    expect(keys(primed.got)).toEqual(keys(plain.got));
    expect(stats).toMatchObject({ pages: alone.pages, requests: alone.requests, records: alone.records, reported: alone.reported });
    expect(sent).toHaveLength(alone.requests - 1);

    // Used once: the same handle again, or for another window, and Mambu is asked for that first page itself.
    const again = sim.requests.length;
    await src.fetch(req, sink().sink, signal(), undefined, first || undefined);
    expect(sim.requests[again]!.query.offset).toBe('0');
    const other = await src.check(req, signal(), undefined, true);
    const D3 = ['2025-01-03T00:00:00Z', '2025-01-04T00:00:00Z'] as const;
    const elsewhere = sink();
    const at = sim.requests.length;
    await src.fetch(searchReq(LT, 'creationDate', ...D3), elsewhere.sink, signal(), undefined, other || undefined);
    expect(sim.requests[at]!.query.offset).toBe('0');
    expect(keys(elsewhere.got)).toEqual(keys(truth(LT, 'creationDate', ...D3)));
  });

  it('maps 401 to a clear credentials message', async () => {
    const src = createMambuSource(connFor(sim, { auth: { kind: 'apiKey', apiKey: 'wrong' } }));
    const err = await src.check(searchReq(LT, 'creationDate', ...D2), signal()).catch((e) => e);
    expect(err.message).toBe('Mambu rejected the credentials (401 INVALID_API_KEY): check the API key or user/password');
  });

  it('names an unreachable host', async () => {
    const dead = await startSimulator();
    const url = dead.url;
    await dead.close();
    const src = createMambuSource({ ...connFor(sim), baseUrl: url });
    const err = await src.check(searchReq(LT, 'creationDate', ...D2), signal()).catch((e) => e);
    expect(err.message).toMatch(new RegExp(`^cannot reach Mambu at ${url.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`));
  });
});
