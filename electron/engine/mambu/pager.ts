// Pages one chunk with offset/limit, delivering each page's new records to the sink.
// Offset paging is not a snapshot: inserts, removals and cdc updates between two requests shift every later
// record by one or more positions, which lands a gap or a duplicate. Pages therefore overlap by K records; if the
// overlap's keys differ from the previous page's tail (compared as sets, so ties reordered inside the overlap are
// fine) the chunk is paged again from offset 0 after telling the sink to drop what it got.
import type { FetchStats, MambuRecord, RecordSink } from '../types';
import { KeyHashSet } from './dedupe';
import { MambuError } from './errors';
import { sleep, type HttpCounters, type HttpResult, type MambuHttp, type RequestSpec } from './http';

export const MAX_RESTARTS = 4;

export interface PageChunkOptions {
  http: MambuHttp;
  /** Builds the request for one page. */
  request: (offset: number, limit: number) => RequestSpec;
  pageSize: number;
  /** Keeps a record (window cut); null keeps everything (snapshots). */
  inWindow: ((record: MambuRecord) => boolean) | null;
  /** Describes the chunk in the drift failure message. */
  label: string;
  sink: RecordSink;
  signal: AbortSignal;
  /** Filled in place as pages arrive (see MambuSource.fetch); a fresh one when absent. */
  stats?: FetchStats;
  /** The answer to the first pass's first request (`pageSpec(request, 0, pageSize)`), already received (the setup check's): used
   *  instead of asking again. A pass paged again from the start asks Mambu. */
  first?: HttpResult;
}

/** The smallest page size that can detect drift: a page must overlap the previous one by at least one record and
 *  still move forward by at least one. */
export const MIN_PAGE_SIZE = 2;

/** Overlap between consecutive pages: a quarter of a page, at least 1, at most 10. */
export function overlapFor(limit: number): number {
  if (limit < MIN_PAGE_SIZE)
    throw new RangeError(`page size ${limit} cannot detect records shifting between pages: use ${MIN_PAGE_SIZE} or more`);
  return Math.min(10, Math.max(1, Math.floor(limit / 4)));
}

/** Items-Total of a response, or null when absent or a placeholder (mock servers send -2147483648). */
export function itemsTotal(headers: Readonly<Record<string, string>>): number | null {
  const raw = headers['items-total'];
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return null;
  return Number(raw);
}

export function recordKey(r: MambuRecord): string | undefined {
  const k = r.encodedKey ?? r.id;
  return typeof k === 'string' ? k : typeof k === 'number' ? String(k) : undefined;
}

/** The request for one page: offset and limit, and Items-Total asked on the first page only (Mambu computes it per
 *  request, and once per pass is enough to reconcile). */
export function pageSpec(request: (offset: number, limit: number) => RequestSpec, offset: number, limit: number): RequestSpec {
  const spec = request(offset, limit);
  if (offset === 0) spec.query.set('paginationDetails', 'ON');
  return spec;
}

export function emptyStats(): FetchStats {
  return { pages: 0, requests: 0, retries: 0, records: 0, fetched: 0, reported: null, duplicatesDropped: 0, outsideWindow: 0, restarts: 0 };
}

class Shifted extends Error {}

/** Resolves once pending I/O callbacks (the request write queued by fetch) have had their turn: fetch() only
 *  queues a request, and the page's synchronous work (parse, transform) would otherwise hold it back, so the
 *  server's latency would start only after that work. */
function requestWritten(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

interface InFlight {
  offset: number;
  promise: Promise<HttpResult>;
  /** The next page's request, started when this page parsed full (before its records were handed on). */
  next?: InFlight;
  /** Cancel only: aborts the request (and the one it started, if any) and waits until both have settled. */
  cancel(): Promise<void>;
  /** A request whose answer is no longer wanted: let the attempt the server is working on finish (aborting it
   *  would free the client but not the server, which could then see two requests at once), never retry it, start
   *  nothing after it; resolves when it and anything it started have settled. */
  discard(): Promise<void>;
}

class Discarded extends Error {}

export async function pageChunk(opts: PageChunkOptions): Promise<FetchStats> {
  const { http, pageSize, sink, signal } = opts;
  const stats = opts.stats ?? emptyStats();
  const counters: HttpCounters = stats;
  const overlap = overlapFor(pageSize);
  const seen = new KeyHashSet();
  let primed = opts.first;

  for (let pass = 0; ; pass++) {
    try {
      await onePass();
      await confirmTotal();
      return stats;
    } catch (err) {
      if (!(err instanceof Shifted)) throw err;
      if (pass >= MAX_RESTARTS) {
        throw new MambuError(
          `records kept shifting while paging ${opts.label} (${err.message}; paged ${pass + 1} times); ` +
            'retry later or use a smaller chunk_hours',
          { retryable: true },
        );
      }
      stats.restarts++;
      stats.records = 0;
      stats.fetched = 0;
      stats.reported = null;
      stats.duplicatesDropped = 0;
      stats.outsideWindow = 0;
      seen.clear();
      await sink.restart(`records shifted while paging (${err.message}); paging the chunk again from the start`);
      await sleep(Math.min(http.conn.backoffMaxMs, http.conn.backoffBaseMs * 2 ** pass), signal);
    }
  }

  /** Mambu's Items-Total (asked on the pass's first page) must match what came back. When it does not, the total is
   *  asked once more: records added or removed after the first page explain a difference that the new total
   *  matches; anything else fails the chunk with the numbers (a drop must never be silent). */
  async function confirmTotal(): Promise<void> {
    if (stats.reported === null || stats.reported === stats.fetched) return;
    const first = stats.reported;
    const spec = opts.request(0, 1);
    spec.query.set('paginationDetails', 'ON');
    const res = await http.send(spec, counters, signal);
    const now = itemsTotal(res.headers);
    if (now !== null) stats.reported = now;
    if (now === stats.fetched) return;
    throw new MambuError(
      `Mambu reported ${first} record(s) for ${opts.label}${now !== null && now !== first ? ` (then ${now})` : ''} but ${stats.fetched} came back over ${stats.pages} page(s); ` +
        'the chunk is not complete: run it again (Retry failed)',
      { retryable: true },
    );
  }

  // The next page is asked for as soon as the current page's body has been read in full and parses to a full page:
  // while the current page is cut, de-duplicated and handed to the sink (transform, Parquet, upload), the next one is
  // on its way. Still one request at a time: the next request starts only after the previous response was read to
  // the end and parsed, so a page that parses short (or not at all) starts none, and a retry of a page first stops
  // the request it started. Anything that ends the pass early (drift, a sink error) lets the page in flight finish
  // and waits for it, so no request of this pass can overlap the next pass's first one even at the server; only a
  // cancel aborts it.
  function startFetch(offset: number): InFlight {
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) ctrl.abort();
    let discarded = false;
    const self: InFlight = {
      offset,
      promise: undefined as unknown as Promise<HttpResult>,
      async cancel() {
        ctrl.abort();
        await self.promise.catch(() => undefined);
        const next = self.next;
        self.next = undefined;
        if (next) await next.cancel();
      },
      async discard() {
        discarded = true;
        await self.promise.catch(() => undefined);
        const next = self.next;
        self.next = undefined;
        if (next) await next.discard();
      },
    };
    const base = pageSpec(opts.request, offset, pageSize);
    const spec: RequestSpec = {
      ...base,
      onRetry: (info) => sink.retry?.({ ...info, offset }),
      onBody: async (rows) => {
        if (ctrl.signal.aborted || discarded || rows < pageSize) return;
        self.next = startFetch(offset + pageSize - overlap);
        await requestWritten();
      },
      beforeRetry: async () => {
        if (discarded) throw new Discarded('not retried: its answer is no longer wanted');
        // The early request this attempt's body started must be over before this page is asked for again.
        const next = self.next;
        self.next = undefined;
        if (next) await stop(next);
      },
    };
    self.promise = http.send(spec, counters, ctrl.signal).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
    // Observed later (by the await below or by cancel); until then a failure must not count as unhandled.
    self.promise.catch(() => undefined);
    return self;
  }

  /** The first page as already received: nothing in flight to cancel or wait for. */
  function received(result: HttpResult): InFlight {
    const settled = Promise.resolve(result);
    return { offset: 0, promise: settled, cancel: async () => undefined, discard: async () => undefined };
  }

  /** Ends a request the pass no longer needs: aborted on cancel, otherwise left to finish (see discard). */
  function stop(r: InFlight): Promise<void> {
    return signal.aborted ? r.cancel() : r.discard();
  }

  async function onePass(): Promise<void> {
    let tail: string[] = [];
    let previousFirst: string | undefined;
    let pending: InFlight | undefined = primed ? received(primed) : startFetch(0);
    primed = undefined;
    try {
      for (let page = 0; pending; page++) {
        const current: InFlight = pending;
        const offset = current.offset;
        let res: HttpResult;
        try {
          res = await current.promise;
        } catch (err) {
          pending = undefined;
          await stop(current); // settles the early request for the next page, if the body had started one
          throw err;
        }
        // The next page's request, if this page's body already started it; dropped below if the page is short.
        pending = current.next;
        current.next = undefined;
        stats.pages++;
        if (!Array.isArray(res.body)) {
          throw new MambuError(`Mambu returned ${res.status} with a body that is not a list of records: ${opts.label}`, {
            status: res.status,
          });
        }
        const rows = res.body as MambuRecord[];
        if (page === 0) stats.reported = itemsTotal(res.headers);
        // A server that ignores `offset` answers every page with the first one: without this the chunk would be
        // paged forever (or restarted as drift). The same first record at a later offset cannot be drift: the
        // pager moved forward by pageSize - overlap records.
        const firstKey = rows.length > 0 ? recordKey(rows[0]!) : undefined;
        if (page > 0 && firstKey !== undefined && firstKey === previousFirst) {
          throw new MambuError(
            `Mambu answered offset ${offset} with the same records as the previous page: the server ignores the offset parameter, ` +
              `so ${opts.label} cannot be paged; check the endpoint (or a proxy that caches by path) before running again`,
          );
        }
        previousFirst = firstKey;
        let from = 0;
        if (page > 0 && overlap > 0) {
          const expected = new Set(tail);
          const head = rows.length < overlap ? rows.length : overlap;
          let same = head === tail.length;
          for (let i = 0; same && i < head; i++) same = expected.has(recordKey(rows[i]!) ?? '');
          if (!same) {
            throw new Shifted(`page at offset ${offset} did not start with the previous page's last ${tail.length} records`);
          }
          from = overlap;
        }
        // A short page ends the chunk; Items-Total is never consulted (mocks send -2147483648).
        if (rows.length >= pageSize) {
          tail = rows.slice(rows.length - overlap).map((r) => recordKey(r) ?? '');
          if (!pending) {
            pending = startFetch(offset + pageSize - overlap);
            await requestWritten();
          }
        } else if (pending) {
          const early = pending;
          pending = undefined;
          await stop(early);
        }
        const batch: MambuRecord[] = [];
        stats.fetched += Math.max(0, rows.length - from);
        for (let i = from; i < rows.length; i++) {
          const r = rows[i]!;
          if (opts.inWindow && !opts.inWindow(r)) {
            stats.outsideWindow++;
            continue;
          }
          // A record with neither encodedKey nor id cannot be de-duplicated: it is passed on as is.
          const key = recordKey(r);
          if (key !== undefined && !seen.add(key)) {
            stats.duplicatesDropped++;
            continue;
          }
          batch.push(r);
        }
        stats.records += batch.length;
        await sink.records(batch, { page: stats.pages, stats: { ...stats } });
        // This async function's frame keeps the page's locals alive while it awaits the next page, whose parse
        // would then find this page's records still reachable and copy them through the young generation (the
        // bulk of the chunk's GC, BENCHMARKS.md). Emptied here, the records die with the page.
        batch.length = 0;
        rows.length = 0;
      }
    } finally {
      if (pending) await stop(pending);
    }
  }
}
