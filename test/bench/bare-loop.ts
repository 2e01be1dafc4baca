// The baseline for throughput and overhead: a loop that only fetches the same pages the engine asks for (same
// POST, headers, page size and overlap, one request at a time), JSON-parses them and, optionally, PUTs each
// page's raw bytes to the same S3 server. Whatever the engine takes beyond this is the engine's own cost.
// It uses the engine's own HTTP client (the axios instance of MambuHttp: agents, interceptors, text bodies) without
// the retries, timeout and pipelining around it, so the ratio compares the engine with fetching alone, not two
// HTTP stacks.
import { createMambuClient } from '../../electron/engine/mambu/http';
import { overlapFor } from '../../electron/engine/mambu/pager';
import type { Destination } from '../../electron/engine/types';
import { benchPageUrl, benchSearchBody } from './bench-event';
import { benchConnection } from './engine-run';

export interface BareRun {
  wallMs: number;
  pages: number;
  /** New records (each page's rows minus the overlap with the previous page). */
  records: number;
  bytes: number;
}

export async function runBareLoop(o: { simUrl: string; pageSize?: number; destination?: Destination; prefix?: string }): Promise<BareRun> {
  const limit = o.pageSize ?? 1000;
  const overlap = overlapFor(limit);
  const body = benchSearchBody();
  const signal = new AbortController().signal;
  const client = createMambuClient(benchConnection(o.simUrl, limit));
  const started = performance.now();
  let pages = 0;
  let records = 0;
  let bytes = 0;
  for (let offset = 0; ; offset += limit - overlap) {
    const res = await client.request<string>({
      url: benchPageUrl(o.simUrl, offset, limit),
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      data: body,
    });
    const text = res.data;
    if (res.status !== 200) throw new Error(`bare loop: simulator answered ${res.status}: ${text.slice(0, 200)}`);
    const rows = JSON.parse(text) as unknown[];
    pages++;
    bytes += text.length;
    records += pages === 1 ? rows.length : Math.max(0, rows.length - overlap);
    if (o.destination) {
      await o.destination.put(`${o.prefix ?? 'bare'}/page-${String(pages).padStart(6, '0')}.json`, Buffer.from(text), signal);
    }
    if (rows.length < limit) break;
  }
  return { wallMs: performance.now() - started, pages, records, bytes };
}
