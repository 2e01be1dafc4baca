// MambuSource over Mambu v2: POST :search windows (BETWEEN on the cdc field), windowed GETs (date params) and
// snapshot GETs, all through the same pager. See docs/mambu-contract.md.
import { endpointInfo, filterFieldName, normaliseEndpoint } from '../../../shared/endpoints';
import type { CountResult, FetchRequest, FetchStats, FirstPage, MambuConnection, MambuRecord, MambuSource, RecordSink } from '../types';
import { MambuError, redactUrl } from './errors';
import { MambuHttp, causeText, type HttpResult, type RequestSpec } from './http';
import { emptyStats, itemsTotal, pageChunk, pageSpec } from './pager';
import { formatMambuDate, formatMambuTime, parseMambuTime, pathReader } from './time';

/** Query parameters the engine owns: extra_params can never change paging. */
const ENGINE_PARAMS = new Set(['offset', 'limit', 'paginationDetails', 'cursor']);

interface Plan {
  label: string;
  request: (offset: number, limit: number) => RequestSpec;
  inWindow: ((r: MambuRecord) => boolean) | null;
}

/** What identifies a request to Mambu: a first page is only ever used for the very request it answered. */
const specKey = (spec: RequestSpec) => `${spec.method} ${spec.path}?${spec.query.toString()} ${JSON.stringify(spec.body ?? null)}`;

export function createMambuSource(conn: MambuConnection): MambuSource {
  const http = new MambuHttp(conn);
  const zone = conn.timezone || 'UTC';
  // First pages this source's checks kept, by the handle they returned (opaque to everyone else).
  const firstPages = new WeakMap<FirstPage, { key: string; result: HttpResult }>();

  function plan(req: FetchRequest): Plan {
    const path = normaliseEndpoint(req.endpoint);
    const info = endpointInfo(path);
    const takesDetails = info ? info.detailsLevel : true;
    const baseQuery = (offset: number, limit: number): URLSearchParams => {
      const q = new URLSearchParams();
      if (takesDetails) q.set('detailsLevel', 'FULL');
      for (const [k, v] of new URLSearchParams(req.extraParams.replace(/^\?/, ''))) {
        if (!ENGINE_PARAMS.has(k)) q.set(k, v);
      }
      q.set('offset', String(offset));
      q.set('limit', String(limit));
      return q;
    };

    if (req.kind === 'snapshot-get' || !req.window) {
      return {
        label: `${path} (snapshot)`,
        inWindow: null,
        request: (offset, limit) => ({ method: 'GET', path, query: baseQuery(offset, limit), what: `GET ${path} offset ${offset}` }),
      };
    }

    const cdc = req.cdcField;
    if (!cdc) throw new MambuError(`cdc_field is required to window ${path}: set it to one of the endpoint's date fields`);
    const s = req.window.start.getTime();
    const e = req.window.end.getTime();
    const label = `${path} ${formatMambuTime(s, zone)} to ${formatMambuTime(e, zone)}`;
    // Half-open [s, e): BETWEEN is (pessimistically) inclusive at both ends, and dates widen the window to whole days.
    const cdcValue = pathReader(cdc);
    const inWindow = (r: MambuRecord) => {
      const t = parseMambuTime(cdcValue(r), zone);
      return t !== null && t >= s && t < e;
    };

    if (req.kind === 'windowed-get') {
      const params = info?.windowParams ?? { from: 'from', to: 'to' };
      const from = formatMambuDate(s, zone);
      const to = formatMambuDate(e - 1, zone);
      return {
        label,
        inWindow,
        request: (offset, limit) => {
          const q = baseQuery(offset, limit);
          q.set(params.from, from);
          q.set(params.to, to);
          return { method: 'GET', path, query: q, what: `GET ${path} ${params.from}=${from} offset ${offset}` };
        },
      };
    }

    const body: Record<string, unknown> = {
      filterCriteria: [
        { field: filterFieldName(info, cdc), operator: 'BETWEEN', value: formatMambuTime(s, zone), secondValue: formatMambuTime(e, zone) },
      ],
    };
    if (info ? info.sortable : true) body.sortingCriteria = { field: filterFieldName(info, cdc), order: 'ASC' };
    return {
      label,
      inWindow,
      request: (offset, limit) => ({
        method: 'POST',
        path,
        query: baseQuery(offset, limit),
        body,
        what: `POST ${path} from ${formatMambuTime(s, zone)} offset ${offset}`,
      }),
    };
  }

  return {
    paging: { pageSize: conn.pageSize, requestsPerSecond: conn.requestsPerSecond },

    async count(req: FetchRequest, signal: AbortSignal): Promise<CountResult> {
      const spec = plan(req).request(0, 1);
      spec.query.set('paginationDetails', 'ON');
      const counters = emptyStats();
      const t0 = Date.now();
      const res = await http.send({ ...spec, what: `${spec.what} (count)` }, counters, signal);
      return {
        total: itemsTotal(res.headers),
        requests: counters.requests,
        retries: counters.retries,
        elapsedMs: Date.now() - t0,
      };
    },

    async fetch(req: FetchRequest, sink: RecordSink, signal: AbortSignal, stats?: FetchStats, first?: FirstPage): Promise<FetchStats> {
      const p = plan(req);
      const kept = first ? firstPages.get(first) : undefined;
      const usable = kept && kept.key === specKey(pageSpec(p.request, 0, conn.pageSize)) ? kept.result : undefined;
      const filled = stats ?? emptyStats();
      if (first) {
        firstPages.delete(first); // used once: a chunk run again asks Mambu afresh
        // The check's requests were sent for this chunk: its count says what fetching it cost.
        filled.requests += first.requests;
      }
      return pageChunk({
        http,
        request: p.request,
        pageSize: conn.pageSize,
        inWindow: p.inWindow,
        label: p.label,
        sink,
        signal,
        stats: filled,
        ...(usable ? { first: usable } : {}),
      });
    },

    async check(
      req: FetchRequest,
      signal: AbortSignal,
      given?: { requests: number; retries: number },
      keepFirstPage = false,
    ): Promise<FirstPage | void> {
      const p = plan(req);
      const counters = given ?? emptyStats();
      try {
        // One page: the chunk's first when it is kept, else a cheap one. Network failures get a single retry so a
        // wrong host fails the setup check quickly.
        const spec = keepFirstPage ? pageSpec(p.request, 0, conn.pageSize) : p.request(0, 1);
        const before = counters.requests;
        const result = await http.send(spec, counters, signal, Math.min(conn.maxRetries, 1));
        if (!keepFirstPage) return;
        const page: FirstPage = { requests: counters.requests - before };
        firstPages.set(page, { key: specKey(spec), result });
        return page;
      } catch (err) {
        if (!(err instanceof MambuError) || err.cancelled) throw err;
        if (err.status === 401 || err.status === 403) {
          const what = err.status === 401 ? 'the credentials' : 'access to this endpoint';
          throw new MambuError(
            `Mambu rejected ${what} (${err.status}${err.errorReason ? ` ${err.errorReason}` : ''}): ` +
              (err.status === 401 ? 'check the API key or user/password' : 'check the API consumer or user permissions and IP allow-list'),
            { status: err.status, errorReason: err.errorReason, errorSource: err.errorSource, cause: err },
          );
        }
        if (err.status === undefined) {
          // The deepest MambuError says timeout or connection failure; its cause is fetch's own error.
          let deepest: MambuError = err;
          while (deepest.cause instanceof MambuError) deepest = deepest.cause;
          const cause = deepest.message.startsWith('Mambu did not answer')
            ? `no answer within ${conn.timeoutMs} ms`
            : causeText(deepest.cause ?? deepest);
          throw new MambuError(`cannot reach Mambu at ${redactUrl(conn.baseUrl)}: ${cause}`, { retryable: true, cause: err });
        }
        throw err;
      }
    },
  };
}
