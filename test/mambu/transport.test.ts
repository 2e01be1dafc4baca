// The axios transport under the Mambu client: every failure path (refused, reset mid-body, timeout, cancel, bad
// status) ends as a MambuError whose whole cause chain, inspected to the last hidden property, carries neither the
// API key, the password, the Basic token nor user:password@ of the URL; and no axios error (which holds the request
// config with its auth headers) escapes.
import net from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MambuError } from '../../electron/engine/mambu';
import { MambuHttp, TransportError, type RequestSpec } from '../../electron/engine/mambu/http';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { connFor } from './helpers';

const API_KEY = 'apikey-7c0ffee-never-shown';
const USER = 'transport-user';
const PASSWORD = 'pa55-never-shown-42';
const TOKEN = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const LT = 'loans/transactions:search';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 5, perDay: 30, auth: { apiKey: API_KEY, username: USER, password: PASSWORD } });
});
afterAll(() => sim.close());
afterEach(() => sim.faults.clear());

const spec = (): RequestSpec => ({
  method: 'POST',
  path: LT,
  query: new URLSearchParams({ offset: '0', limit: '10' }),
  body: { filterCriteria: [] },
  what: 'POST test',
});
const counters = () => ({ requests: 0, retries: 0 });

/** Everything an error could leak through: message, stack, every own property (hidden ones too), the causes. */
function everything(err: unknown): string {
  return (
    inspect(err, { depth: Infinity, showHidden: true, getters: true }) + JSON.stringify(err, Object.getOwnPropertyNames(err as object))
  );
}

function expectClean(err: unknown): void {
  expect(err).toBeInstanceOf(MambuError);
  const text = everything(err);
  for (const secret of [API_KEY, PASSWORD, TOKEN, `${USER}:${PASSWORD}`]) expect(text).not.toContain(secret);
  // No axios error anywhere in the chain: they carry config.headers (the credentials) and the request.
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    expect(e).not.toHaveProperty('config');
    expect(e).not.toHaveProperty('request');
    expect((e as { isAxiosError?: boolean }).isAxiosError).not.toBe(true);
  }
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('axios transport: no credential in any error', () => {
  const conns = () => [
    connFor(sim, { auth: { kind: 'apiKey', apiKey: API_KEY }, maxRetries: 1 }),
    connFor(sim, { auth: { kind: 'basic', username: USER, password: PASSWORD }, maxRetries: 1 }),
  ];

  it('connection refused, with credentials in the base URL too', async () => {
    const port = await closedPort();
    for (const c of conns()) {
      const http = new MambuHttp({ ...c, baseUrl: `http://${USER}:${PASSWORD}@127.0.0.1:${port}/api` });
      const err = await http.send(spec(), counters(), new AbortController().signal).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(
        /^cannot reach Mambu: .*ECONNREFUSED.*at http:\/\/127\.0\.0\.1:\d+\/api \(gave up after 2 attempts\)$/,
      );
      expect((err as MambuError).cause).toBeInstanceOf(MambuError);
      expect(((err as MambuError).cause as MambuError).cause).toBeInstanceOf(TransportError);
      expectClean(err);
    }
  });

  it('reset mid-body, timeout, cancel and a 401 answer', async () => {
    for (const c of conns()) {
      const http = new MambuHttp({ ...c, timeoutMs: 200, maxRetries: 0 });
      sim.faults.add({ kind: 'reset', endpoint: LT, times: 1 });
      const reset = await http.send(spec(), counters(), new AbortController().signal).catch((e: unknown) => e);
      expect((reset as Error).message).toMatch(/reset mid-body/);
      expectClean(reset);

      sim.faults.add({ kind: 'delay', delayMs: 1500, endpoint: LT, times: 1 });
      const slow = await http.send(spec(), counters(), new AbortController().signal).catch((e: unknown) => e);
      expect((slow as Error).message).toMatch(/did not answer within 200 ms/);
      expectClean(slow);

      sim.faults.add({ kind: 'delay', delayMs: 1500, endpoint: LT, times: 1 });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      const cancelled = await new MambuHttp({ ...c, timeoutMs: 5000 }).send(spec(), counters(), ac.signal).catch((e: unknown) => e);
      expect(cancelled).toMatchObject({ cancelled: true });
      expectClean(cancelled);
    }
    // A wrong key: 401, the envelope's reason, no credential (neither the wrong nor the right one).
    const basic = new MambuHttp({ ...conns()[0]!, auth: { kind: 'apiKey', apiKey: `${API_KEY}-wrong` } });
    const denied = await basic.send(spec(), counters(), new AbortController().signal).catch((e: unknown) => e);
    expect(denied).toMatchObject({ status: 401, retryable: false });
    expectClean(denied);
  });

  it('sends exactly one auth scheme per request through the interceptor, and the parsed page size reaches onBody', async () => {
    const http = new MambuHttp(conns()[0]!);
    let rows = -1;
    const res = await http.send({ ...spec(), onBody: async (n) => void (rows = n) }, counters(), new AbortController().signal);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(rows).toBe((res.body as unknown[]).length);
    expect(sim.requests.at(-1)).toMatchObject({ auth: 'apiKey', accept: 'application/vnd.mambu.v2+json', contentType: 'application/json' });
    expect(res.headers['content-type']).toMatch(/json/);
  });
});
