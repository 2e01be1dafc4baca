// Contract test: the client's real requests against Stoplight Prism serving Mambu's own v2 Swagger files
// (vendored in docs/mambu-specs/, see its README). Prism validates query, headers and body against the spec: a 200 means
// Mambu's published contract accepts what we send. Prism mounts the paths without the spec's /api basePath.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMambuSource } from '../../electron/engine/mambu';
import type { MambuConnection } from '../../electron/engine/types';
import { searchReq, sink } from './helpers';

const SPECS = path.resolve(import.meta.dirname, '../../docs/mambu-specs');
const PRISM = path.resolve(process.cwd(), 'node_modules/.bin/prism');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

interface Mock {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

async function startPrism(spec: string): Promise<Mock> {
  const port = await freePort();
  // Spawned directly (not through npx) so proc.pid is Prism's own process and kill() stops the server.
  const proc = spawn(process.execPath, [PRISM, 'mock', '-h', '127.0.0.1', '-p', String(port), path.join(SPECS, spec)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`prism exited early: ${out}`);
    if (/listening/i.test(out)) return { proc, url, output: () => out };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error(`prism did not start within 30 s: ${out}`);
}

function conn(url: string, over: Partial<MambuConnection> = {}): MambuConnection {
  return {
    name: 'prism',
    baseUrl: url,
    auth: { kind: 'basic', username: 'contract', password: 'test' },
    timezone: 'UTC',
    pageSize: 1000,
    requestsPerSecond: 50,
    timeoutMs: 10_000,
    maxRetries: 0,
    backoffBaseMs: 10,
    backoffMaxMs: 100,
    ...over,
  };
}

// The specs are part of the repo: a missing one is a broken checkout, not a reason to skip.
for (const f of ['clients_v2_swagger.json', 'loans_v2_swagger.json', 'deposit_transactions_v2_swagger.json']) {
  if (!existsSync(path.join(SPECS, f))) throw new Error(`${path.join(SPECS, f)} is missing: the vendored Mambu specs are part of the repo`);
}

describe('contract: Mambu v2 Swagger via Prism', () => {
  const mocks: Mock[] = [];
  let clients: Mock;
  let depositTxns: Mock;

  beforeAll(async () => {
    [clients, depositTxns] = await Promise.all([startPrism('clients_v2_swagger.json'), startPrism('deposit_transactions_v2_swagger.json')]);
    mocks.push(clients, depositTxns);
  }, 60_000);

  afterAll(() => {
    for (const m of mocks) m.proc.kill('SIGTERM');
  });

  for (const [name, endpoint, cdc, mock] of [
    ['clients:search', 'clients:search', 'lastModifiedDate', () => clients],
    ['deposits/transactions:search', 'deposits/transactions:search', 'creationDate', () => depositTxns],
  ] as const) {
    it(`${name}: the client's search request is accepted (200) and Items-* of -2147483648 do not upset it`, async () => {
      const src = createMambuSource(conn(mock().url));
      const s = sink();
      const stats = await src.fetch(
        searchReq(endpoint, cdc, '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'),
        s.sink,
        new AbortController().signal,
      );
      // Prism answers with its one static example: one short page, no retry, record kept or cut by its date.
      expect(stats).toMatchObject({ pages: 1, requests: 1, retries: 0, restarts: 0 });
      expect(stats.records + stats.outsideWindow).toBe(1);
      await src.check(searchReq(endpoint, cdc, '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'), new AbortController().signal);
      // The raw exchange, to see the headers the client had to survive.
      const res = await fetch(`${mock().url}/${endpoint}?offset=0&limit=1000&detailsLevel=FULL&paginationDetails=ON`, {
        method: 'POST',
        headers: {
          Accept: 'application/vnd.mambu.v2+json',
          'Content-Type': 'application/json',
          Authorization: 'Basic ' + Buffer.from('contract:test').toString('base64'),
        },
        body: JSON.stringify({
          filterCriteria: [
            { field: cdc, operator: 'BETWEEN', value: '2025-01-01T00:00:00+00:00', secondValue: '2025-01-02T00:00:00+00:00' },
          ],
          sortingCriteria: { field: cdc, order: 'ASC' },
        }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('items-total')).toBe('-2147483648');
    });
  }

  it('the mock really validates: a broken body gets 400 and an apiKey-only request 401', async () => {
    const bad = await fetch(`${clients.url}/clients:search?limit=10`, {
      method: 'POST',
      headers: {
        Accept: 'application/vnd.mambu.v2+json',
        'Content-Type': 'application/json',
        Authorization: 'Basic ' + Buffer.from('contract:test').toString('base64'),
      },
      body: JSON.stringify({ filterCriteria: [{ field: 'creationDate', operator: 'ROUGHLY', value: 'x' }] }),
    });
    expect(bad.status).toBe(400);
    const src = createMambuSource(conn(clients.url, { auth: { kind: 'apiKey', apiKey: 'k' } }));
    const err = await src
      .check(searchReq('clients:search', 'lastModifiedDate', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'), new AbortController().signal)
      .catch((e) => e);
    expect(err.message).toMatch(/^Mambu rejected the credentials \(401/);
  });
});
