// The simulator against its contract (docs/mambu-contract.md): raw HTTP through fetch, no client in between.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator';

const ACCEPT = 'application/vnd.mambu.v2+json';
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, perDay: 40 });
});
afterAll(() => sim.close());

function between(field: string, value: string, secondValue: string, sort?: object) {
  return { filterCriteria: [{ field, operator: 'BETWEEN', value, secondValue }], ...(sort ? { sortingCriteria: sort } : {}) };
}

async function post(path: string, body: unknown, query = 'offset=0&limit=50&detailsLevel=FULL', headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.url}/${path}?${query}`, {
    method: 'POST',
    headers: { Accept: ACCEPT, 'Content-Type': 'application/json', apiKey: 'sim-api-key', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { res, json, text };
}

async function get(pathAndQuery: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.url}/${pathAndQuery}`, { headers: { Accept: ACCEPT, apiKey: 'sim-api-key', ...headers } });
  return { res, json: (await res.json()) as any };
}

const DAY2 = between('creationDate', '2025-01-02T00:00:00+00:00', '2025-01-03T00:00:00+00:00', { field: 'creationDate', order: 'ASC' });

describe('auth and Accept', () => {
  it('accepts the apiKey header in any case, and Basic', async () => {
    const upper = await fetch(`${sim.url}/loans/transactions:search?limit=1`, {
      method: 'POST',
      headers: { Accept: ACCEPT, 'Content-Type': 'application/json', APIKEY: 'sim-api-key' },
      body: JSON.stringify(DAY2),
    });
    expect(upper.status).toBe(200);
    const basic = 'Basic ' + Buffer.from('sim-user:sim-password').toString('base64');
    const r = await fetch(`${sim.url}/users?limit=1`, { headers: { Accept: ACCEPT, Authorization: basic } });
    expect(r.status).toBe(200);
  });

  it('answers 401 with the envelope for wrong or missing credentials', async () => {
    const wrongKey = await post('clients:search', DAY2, 'limit=1', { apiKey: 'nope' });
    expect(wrongKey.res.status).toBe(401);
    expect(wrongKey.json.errors[0]).toMatchObject({ errorReason: 'INVALID_API_KEY', errorCode: expect.any(Number) });
    const r = await fetch(`${sim.url}/users`, {
      headers: { Accept: ACCEPT, Authorization: 'Basic ' + Buffer.from('sim-user:bad').toString('base64') },
    });
    expect(r.status).toBe(401);
    expect(((await r.json()) as any).errors[0]).toEqual({ errorCode: 2, errorSource: 'Authorization', errorReason: 'INVALID_CREDENTIALS' });
    const none = await fetch(`${sim.url}/users`, { headers: { Accept: ACCEPT } });
    expect(none.status).toBe(401);
  });

  it('requires the v2 Accept header and names it', async () => {
    const r = await post('clients:search', DAY2, 'limit=1', { Accept: 'application/json' });
    expect(r.res.status).toBe(400);
    expect(r.json.errors[0].errorSource).toContain('application/vnd.mambu.v2+json');
  });

  it('answers unknown paths with a 404 envelope', async () => {
    const r = await get('nothing-here');
    expect(r.res.status).toBe(404);
    expect(r.json.errors[0].errorReason).toBe('INVALID_API_OPERATION');
    const wrongMethod = await fetch(`${sim.url}/clients:search`, { headers: { Accept: ACCEPT, apiKey: 'sim-api-key' } });
    expect(wrongMethod.status).toBe(405);
  });
});

describe('search', () => {
  it('pages with offset/limit and sends Items-* headers only with paginationDetails=ON', async () => {
    const all = await post('loans/transactions:search', DAY2, 'offset=0&limit=1000');
    const page = await post('loans/transactions:search', DAY2, 'offset=10&limit=5&paginationDetails=ON');
    expect(page.json.map((r: any) => r.encodedKey)).toEqual(all.json.slice(10, 15).map((r: any) => r.encodedKey));
    expect(page.res.headers.get('items-offset')).toBe('10');
    expect(page.res.headers.get('items-limit')).toBe('5');
    expect(page.res.headers.get('items-total')).toBe(String(all.json.length));
    expect(all.res.headers.get('items-total')).toBeNull();
  });

  it('treats BETWEEN as inclusive at both ends: a midnight record is in both adjacent windows', async () => {
    const d2 = (await post('loans/transactions:search', DAY2, 'limit=1000')).json as any[];
    const d3 = (
      await post(
        'loans/transactions:search',
        between('creationDate', '2025-01-03T00:00:00+00:00', '2025-01-04T00:00:00+00:00', { field: 'creationDate', order: 'ASC' }),
        'limit=1000',
      )
    ).json as any[];
    expect(d2.at(-1).creationDate).toBe('2025-01-03T00:00:00+00:00');
    expect(d3[0].encodedKey).toBe(d2.at(-1).encodedKey);
    // ties: several records share one timestamp
    const times = d2.map((r) => r.creationDate);
    expect(new Set(times).size).toBeLessThan(times.length);
    const truth = sim.truth.window(
      'loans/transactions:search',
      'creationDate',
      new Date('2025-01-02T00:00:00Z'),
      new Date('2025-01-03T00:00:00Z'),
    );
    expect(d2.slice(0, -1).map((r) => r.encodedKey)).toEqual(truth.map((r) => r.encodedKey));
  });

  it('sorts DESC when the order is omitted, and keeps nested objects only with detailsLevel=FULL', async () => {
    const desc = (
      await post(
        'loans/transactions:search',
        between('creationDate', '2025-01-02T00:00:00+00:00', '2025-01-03T00:00:00+00:00', { field: 'creationDate' }),
        'limit=3&detailsLevel=FULL',
      )
    ).json as any[];
    expect(desc[0].creationDate >= desc[1].creationDate).toBe(true);
    expect(desc[0].affectedAmounts).toBeTypeOf('object');
    expect(desc[0]._Payment_Details).toBeTypeOf('object');
    const basic = (await post('loans/transactions:search', DAY2, 'limit=3&detailsLevel=BASIC')).json as any[];
    expect(basic[0].affectedAmounts).toBeUndefined();
    expect(basic[0].amount).toBeTypeOf('number');
  });

  it('enforces the endpoint filterable fields, operators, sorting and paging limits', async () => {
    const bad = await post(
      'loans/transactions:search',
      between('lastModifiedDate', '2025-01-02T00:00:00+00:00', '2025-01-03T00:00:00+00:00'),
    );
    expect(bad.res.status).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ errorReason: 'INVALID_FILTER_SELECTION' });
    expect(bad.json.errors[0].errorSource).toContain('lastModifiedDate');
    const op = await post('clients:search', { filterCriteria: [{ field: 'creationDate', operator: 'ROUGHLY', value: 'x' }] });
    expect(op.res.status).toBe(400);
    const sortArr = await post('clients:search', {
      ...between('creationDate', '2025-01-02T00:00:00+00:00', '2025-01-03T00:00:00+00:00'),
      sortingCriteria: [{ field: 'creationDate' }],
    });
    expect(sortArr.json.errors[0].errorReason).toBe('INVALID_SORTING_SELECTION');
    const big = await post('clients:search', DAY2, 'offset=0&limit=1001');
    expect(big.res.status).toBe(400);
    expect(big.json.errors[0].errorReason).toBe('OUT_OF_BOUNDS_PAGINATION_LIMIT_VALUE');
    const ok = await post(
      'loans:search',
      between('disbursementDetails.disbursementDate', '2025-01-02T00:00:00+00:00', '2025-01-09T00:00:00+00:00'),
    );
    expect(ok.res.status).toBe(200);
    expect(ok.json.length).toBeGreaterThan(0);
  });

  it('rejects filter values without an offset, with Mambu INVALID_PARAMETERS envelope', async () => {
    const r = await post('loans/transactions:search', between('creationDate', '2025-01-02T00:00:00', '2025-01-03T00:00:00'));
    expect(r.res.status).toBe(400);
    expect(r.json.errors[0]).toMatchObject({ errorCode: 4, errorReason: 'INVALID_PARAMETERS' });
    expect(r.json.errors[0].errorSource).toMatch(/^Invalid date offset for value 2025-01-02T00:00:00 org offset is \+00:00/);
  });

  it('checks the offset against the tenant time zone', async () => {
    const berlin = await startSimulator({ timezone: 'Europe/Berlin', perDay: 10 });
    try {
      const send = (v: string, w: string) =>
        fetch(`${berlin.url}/deposits/transactions:search?limit=100`, {
          method: 'POST',
          headers: { Accept: ACCEPT, 'Content-Type': 'application/json', apiKey: 'sim-api-key' },
          body: JSON.stringify(between('creationDate', v, w)),
        });
      expect((await send('2025-01-02T00:00:00+00:00', '2025-01-03T00:00:00+00:00')).status).toBe(400);
      const ok = await send('2025-01-02T01:00:00+01:00', '2025-01-03T01:00:00+01:00');
      expect(ok.status).toBe(200);
      const rows = (await ok.json()) as any[];
      expect(rows[0].creationDate).toMatch(/\+01:00$/);
    } finally {
      await berlin.close();
    }
  });
});

describe('GET endpoints', () => {
  it('serves snapshots paged, and windowed GETs with required dates (both inclusive)', async () => {
    const users = await get('users?offset=0&limit=1000');
    expect(users.json.length).toBe(sim.truth.snapshot('users').length);
    expect((await get('users?offset=20&limit=10')).json.length).toBe(users.json.length - 20);
    const missing = await get('installments?dueFrom=2025-01-02');
    expect(missing.res.status).toBe(400);
    expect(missing.json.errors[0].errorReason).toBe('MISSING_TO_DATE');
    const inst = await get('installments?dueFrom=2025-01-02&dueTo=2025-01-03&limit=1000');
    expect(inst.json.length).toBe(80); // 40 a day, both dates inclusive
    expect(new Set(inst.json.map((r: any) => r.dueDate))).toEqual(new Set(['2025-01-02T00:00:00+00:00', '2025-01-03T00:00:00+00:00']));
    const je = await get('gljournalentries?from=2025-01-02&to=2025-01-02&limit=1000');
    expect(je.json.length).toBe(40);
    expect(je.json.every((r: any) => r.bookingDate === '2025-01-02T00:00:00+00:00')).toBe(true);
    expect((await get('gljournalentries?limit=1')).res.status).toBe(400);
  });
});

describe('truth and records', () => {
  it('is deterministic per seed and reflects mutations immediately', async () => {
    const other = await startSimulator({ seed: 7, perDay: 40 });
    const s = new Date('2025-01-05T00:00:00Z');
    const e = new Date('2025-01-06T00:00:00Z');
    try {
      expect(other.truth.window('clients', 'lastModifiedDate', s, e)).toEqual(sim.truth.window('clients', 'lastModifiedDate', s, e));
    } finally {
      await other.close();
    }
    const before = sim.truth.window('deposits/transactions', 'creationDate', s, e);
    const added = sim.truth.insert('deposits/transactions', { creationDate: '2025-01-05T12:00:00+00:00', amount: 12.5 });
    const moved = sim.truth.update('deposits/transactions', before[0]!.encodedKey as string, { creationDate: '2025-02-01T00:00:00+00:00' });
    sim.truth.remove('deposits/transactions', before[1]!.id as string);
    const after = sim.truth.window('deposits/transactions', 'creationDate', s, e);
    expect(after.length).toBe(before.length - 1);
    expect(after.some((r) => r.encodedKey === added.encodedKey)).toBe(true);
    expect(after.some((r) => r.encodedKey === moved.encodedKey)).toBe(false);
    const served = (
      await post(
        'deposits/transactions:search',
        between('creationDate', '2025-01-05T00:00:00+00:00', '2025-01-05T23:59:59+00:00', { field: 'creationDate', order: 'ASC' }),
        'limit=1000',
      )
    ).json as any[];
    expect(served.map((r) => r.encodedKey)).toEqual(after.map((r) => r.encodedKey));
  });

  it('has realistic nested records: addresses, custom field sets, nulls, 32-hex keys', () => {
    const c = sim.truth.snapshot('clients')[3]!;
    expect(c.encodedKey).toMatch(/^[0-9a-f]{32}$/);
    expect((c.addresses as any[])[0]).toMatchObject({ line1: expect.any(String), city: expect.any(String) });
    expect(c._Personal_Details).toBeTypeOf('object');
    expect(Object.values(c)).toContain(null);
    expect(c.creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  it('generates a million records lazily: deep pages are cheap', async () => {
    const big = await startSimulator({ perDay: { 'loans/transactions': 11_112 } });
    try {
      expect(big.truth.count('loans/transactions')).toBe(11_112 * 90);
      const t0 = Date.now();
      const res = await fetch(`${big.url}/loans/transactions:search?offset=900000&limit=1000&detailsLevel=FULL`, {
        method: 'POST',
        headers: { Accept: ACCEPT, 'Content-Type': 'application/json', apiKey: 'sim-api-key' },
        body: JSON.stringify(
          between('creationDate', '2024-12-01T00:00:00+00:00', '2025-03-01T00:00:00+00:00', { field: 'creationDate', order: 'ASC' }),
        ),
      });
      const rows = (await res.json()) as any[];
      expect(rows.length).toBe(1000);
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      await big.close();
    }
  });
});

describe('faults', () => {
  it('injects 429 with Retry-After, 5xx, malformed JSON and connection resets, counting times', async () => {
    sim.faults.add({ kind: 'status', status: 429, retryAfter: 3, endpoint: 'clients:search', times: 2 });
    const a = await post('clients:search', DAY2);
    expect(a.res.status).toBe(429);
    expect(a.res.headers.get('retry-after')).toBe('3');
    expect((await post('clients:search', DAY2)).res.status).toBe(429);
    expect((await post('clients:search', DAY2)).res.status).toBe(200);

    sim.faults.add({ kind: 'status', status: 503, windowStart: '2025-01-02T00:00:00+00:00' });
    expect(
      (await post('groups:search', between('creationDate', '2025-01-03T00:00:00+00:00', '2025-01-04T00:00:00+00:00'))).res.status,
    ).toBe(200);
    expect((await post('groups:search', DAY2)).res.status).toBe(503);

    sim.faults.add({ kind: 'malformed', endpoint: 'loans/transactions:search', offset: 10 });
    expect((await post('loans/transactions:search', DAY2, 'offset=0&limit=10')).json).toHaveLength(10);
    const m = await post('loans/transactions:search', DAY2, 'offset=10&limit=10');
    expect(m.res.status).toBe(200);
    expect(m.json).toBeUndefined();

    sim.faults.add({ kind: 'reset', endpoint: 'loans/transactions:search' });
    await expect(post('loans/transactions:search', DAY2)).rejects.toThrow();
    sim.faults.clear();
  });
});

describe('latency', () => {
  it('answers latencyMs after arrival, builds the page inside the wait, and honours a mutation made during it', async () => {
    const latencyMs = 300;
    const slow = await startSimulator({ seed: 7, perDay: { 'loans/transactions': 2000 }, latencyMs, auth: 'none' });
    try {
      const url = `${slow.url}/loans/transactions:search?offset=0&limit=1000&detailsLevel=FULL`;
      const body = JSON.stringify(
        between('creationDate', '2025-01-02T00:00:00+00:00', '2025-01-02T23:59:59+00:00', { field: 'creationDate', order: 'ASC' }),
      );
      const ask = () => fetch(url, { method: 'POST', headers: { Accept: ACCEPT, 'Content-Type': 'application/json' }, body });
      const started = performance.now();
      const res = await ask();
      const first = (await res.json()) as any[];
      // Never early: the answer leaves no sooner than latencyMs after the request arrived.
      expect(performance.now() - started).toBeGreaterThanOrEqual(latencyMs - 1);
      expect(first).toHaveLength(1000);
      expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1_000_000);

      // The page is prepared at arrival; an insert that sorts first, made while the request waits, must be served.
      const pending = ask();
      await new Promise((r) => setTimeout(r, latencyMs / 3));
      const added = slow.truth.insert('loans/transactions', { creationDate: '2025-01-02T00:00:00+00:00' });
      const second = (await (await pending).json()) as any[];
      expect(second.map((r) => r.encodedKey)).toContain(added.encodedKey);
      expect(second).toHaveLength(1000);
    } finally {
      await slow.close();
    }
  });
});

describe('page cache (benchmarks)', () => {
  it('serves a page it built before byte for byte, misses on any change to the request or the data, and keeps faults', async () => {
    const cachedSim = await startSimulator({ seed: 7, perDay: 40, pageCacheBytes: 1024 * 1024 });
    const plain = await startSimulator({ seed: 7, perDay: 40 });
    const ask = async (s: Simulator, query: string, body: unknown = DAY2) => {
      const res = await fetch(`${s.url}/loans/transactions:search?${query}`, {
        method: 'POST',
        headers: { Accept: ACCEPT, 'Content-Type': 'application/json', apiKey: 'sim-api-key' },
        body: JSON.stringify(body),
      });
      return { res, text: await res.text(), cached: s.requests.at(-1)!.cached === true };
    };
    try {
      const first = await ask(cachedSim, 'offset=0&limit=20&detailsLevel=FULL&paginationDetails=ON');
      expect(first.cached).toBe(false);
      // Same page without paginationDetails: from the cache, same body; the Items-* headers follow the request.
      const again = await ask(cachedSim, 'detailsLevel=FULL&limit=20&offset=0');
      expect(again.cached).toBe(true);
      expect(again.text).toBe(first.text);
      expect(first.res.headers.get('items-total')).not.toBeNull();
      expect(again.res.headers.get('items-total')).toBeNull();
      // What a simulator without the cache answers, byte for byte.
      expect((await ask(plain, 'offset=0&limit=20&detailsLevel=FULL')).text).toBe(first.text);

      // Another offset, limit, detail level or filter is another page.
      for (const q of ['offset=10&limit=20&detailsLevel=FULL', 'offset=0&limit=21&detailsLevel=FULL', 'offset=0&limit=20']) {
        const r = await ask(cachedSim, q);
        expect(r.cached, q).toBe(false);
        expect(r.text, q).toBe((await ask(plain, q)).text);
      }
      const day3 = between('creationDate', '2025-01-03T00:00:00+00:00', '2025-01-04T00:00:00+00:00', {
        field: 'creationDate',
        order: 'ASC',
      });
      expect((await ask(cachedSim, 'offset=0&limit=20&detailsLevel=FULL', day3)).cached).toBe(false);

      // A change to the data is a new data version: the page is built again and shows it.
      const added = cachedSim.truth.insert('loans/transactions', { creationDate: '2025-01-02T00:00:00+00:00' });
      const afterInsert = await ask(cachedSim, 'offset=0&limit=20&detailsLevel=FULL');
      expect(afterInsert.cached).toBe(false);
      expect((JSON.parse(afterInsert.text) as Array<{ encodedKey: string }>).map((r) => r.encodedKey)).toContain(added.encodedKey);

      // Faults apply exactly as without the cache.
      cachedSim.faults.add({ kind: 'status', status: 503, endpoint: 'loans/transactions:search', times: 1 });
      expect((await ask(cachedSim, 'offset=0&limit=20&detailsLevel=FULL')).res.status).toBe(503);
      expect((await ask(cachedSim, 'offset=0&limit=20&detailsLevel=FULL')).cached).toBe(true);
    } finally {
      await cachedSim.close();
      await plain.close();
    }
  });

  it('holds no more than its budget, and is off by default', async () => {
    const small = await startSimulator({ seed: 7, perDay: { 'loans/transactions': 2000 }, pageCacheBytes: 1_500_000 });
    const ask = async (s: Simulator, offset: number) => {
      await fetch(`${s.url}/loans/transactions:search?offset=${offset}&limit=1000&detailsLevel=FULL`, {
        method: 'POST',
        headers: { Accept: ACCEPT, 'Content-Type': 'application/json', apiKey: 'sim-api-key' },
        body: JSON.stringify(DAY2),
      }).then((r) => r.arrayBuffer());
      return s.requests.at(-1)!.cached === true;
    };
    try {
      // Pages of 1,000 records are over 1 MB: the first fits the budget, the second does not.
      expect(await ask(small, 0)).toBe(false);
      expect(await ask(small, 1000)).toBe(false);
      expect(await ask(small, 0)).toBe(true);
      expect(await ask(small, 1000)).toBe(false);
      expect(await ask(sim, 0)).toBe(false);
      expect(await ask(sim, 0)).toBe(false);
    } finally {
      await small.close();
    }
  });
});
