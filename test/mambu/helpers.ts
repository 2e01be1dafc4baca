// Shared fixtures for the Mambu client tests: a connection to a loopback simulator and a recording sink.
import type { FetchRequest, MambuConnection, MambuRecord, PageInfo, RecordSink } from '../../electron/engine/types';
import type { Simulator } from '../../electron/simulator';

export function connFor(sim: Simulator, over: Partial<MambuConnection> = {}): MambuConnection {
  return {
    name: 'test',
    baseUrl: sim.url,
    auth: { kind: 'apiKey', apiKey: 'sim-api-key' },
    timezone: 'UTC',
    pageSize: 50,
    requestsPerSecond: 1000,
    timeoutMs: 2000,
    maxRetries: 4,
    backoffBaseMs: 5,
    backoffMaxMs: 40,
    ...over,
  };
}

/** Keeps what a chunk writer would keep: restart drops everything delivered so far. */
export function sink(): { sink: RecordSink; got: MambuRecord[]; restarts: string[]; pages: PageInfo[] } {
  const got: MambuRecord[] = [];
  const restarts: string[] = [];
  const pages: PageInfo[] = [];
  return {
    got,
    restarts,
    pages,
    sink: {
      async restart(reason) {
        restarts.push(reason);
        got.length = 0;
      },
      async records(batch, info) {
        pages.push(info);
        got.push(...batch);
      },
    },
  };
}

export function searchReq(endpoint: string, cdc: string, start: string, end: string, extraParams = ''): FetchRequest {
  return { endpoint, kind: 'search', cdcField: cdc, window: { start: new Date(start), end: new Date(end) }, extraParams };
}

export const keys = (rs: MambuRecord[]) => rs.map((r) => r.encodedKey as string);
export const sortedKeys = (rs: MambuRecord[]) => keys(rs).sort();
