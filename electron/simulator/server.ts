// The simulated Mambu v2 tenant over node:http (no framework, so the app and CLI can run it as the sandbox).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { endpointInfo } from '../../shared/endpoints';
import { formatMambuDate, formatMambuTime, getPath, parseMambuTime, startOfTenantDay, zoneOffsetMinutes } from '../engine/mambu/time';
import { ApiError, envelope } from './envelope';
import { Faults, type FaultRule, type RequestFacts } from './faults';
import { ENTITY_NAMES, SNAPSHOT_ENTITIES, type EntityName, type MambuRecord } from './records';
import { createTenant, type DatePredicate, type EntityStore, type Query } from './store';
import { PageCache } from './page-cache';

export type SimulatorAuth =
  | 'none'
  | { kind: 'none' }
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind?: undefined; apiKey?: string; username?: string; password?: string };

type Credentials = 'none' | { apiKey?: string; username?: string; password?: string };

function normaliseAuth(a: SimulatorAuth | undefined): Credentials {
  if (a === undefined) return { apiKey: 'sim-api-key', username: 'sim-user', password: 'sim-password' };
  if (a === 'none' || a.kind === 'none') return 'none';
  if (a.kind === 'apiKey') return { apiKey: a.apiKey };
  if (a.kind === 'basic') return { username: a.username, password: a.password };
  return { apiKey: a.apiKey, username: a.username, password: a.password };
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  /** Data range [start, end), UTC; default 2024-12-01 .. 2025-03-01. */
  start?: Date | string;
  end?: Date | string;
  /** Records per day for every dated entity (a number), or per entity; snapshot entities take it as a count. */
  perDay?: number | Partial<Record<EntityName, number>>;
  /** Default: apiKey `sim-api-key` and Basic `sim-user` / `sim-password`. */
  auth?: SimulatorAuth;
  /** IANA zone of the tenant; filter values must carry its offset. Default UTC. */
  timezone?: string;
  /** Each data request (pages) is answered this many ms after it arrived: the page is built and serialised while
   *  the simulator waits, so the answer is ready at arrival + latencyMs however large the page (unless building it
   *  takes longer than the latency). Faults add their own delay on top. */
  latencyMs?: number;
  /** Benchmarks only: keep each page's serialised body, up to this many bytes in all, and answer the same request
   *  (endpoint, filter, offset, limit, detail level, data version) from it again. A remote Mambu builds its pages
   *  on its own machines; here the simulator shares the client's cores, and building a page of 1,000 records costs
   *  it as much CPU as the client spends on it, so a throughput figure would measure the simulator. Any change to
   *  the data (a new data version) misses the cache; faults are applied exactly as without it. Default 0: off. */
  pageCacheBytes?: number;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  /** Path below /api, e.g. `loans/transactions:search`. */
  endpoint: string;
  query: Record<string, string>;
  body: unknown;
  accept: string | undefined;
  contentType: string | undefined;
  auth: 'apiKey' | 'basic' | 'both' | 'none';
  status?: number;
  fault?: string;
  /** The page's body came from the page cache (SimulatorOptions.pageCacheBytes) instead of being built. */
  cached?: boolean;
}

export interface Truth {
  /** Records with start <= cdc < end, FULL details, sorted by cdc ascending (ties by creation order). */
  window(endpoint: string, cdcField: string, start: Date, end: Date): MambuRecord[];
  /** Every record of the entity. */
  snapshot(endpoint: string): MambuRecord[];
  insert(entity: string, partial: Record<string, unknown>): MambuRecord;
  update(entity: string, key: string, changes: Record<string, unknown>): MambuRecord;
  remove(entity: string, key: string): MambuRecord;
  count(entity: string): number;
}

export interface Simulator {
  /** Base URL ending in /api. */
  url: string;
  port: number;
  close(): Promise<void>;
  truth: Truth;
  faults: Faults;
  requests: RequestLogEntry[];
  /** Highest number of requests in flight at once observed so far. */
  readonly maxConcurrency: number;
  /** The credentials the simulator accepts (for tests and the sandbox connection). */
  credentials: Credentials;
  timezone: string;
}

const MAMBU_JSON = 'application/vnd.mambu.v2+json';
const SEARCH_ENTITIES: EntityName[] = [
  'clients',
  'groups',
  'loans',
  'deposits',
  'loans/transactions',
  'deposits/transactions',
  'gljournalentries',
  'accounting/interestaccrual',
];
const GET_WINDOWED: Partial<Record<EntityName, { from: string; to: string; field: string }>> = {
  gljournalentries: { from: 'from', to: 'to', field: 'bookingDate' },
  installments: { from: 'dueFrom', to: 'dueTo', field: 'dueDate' },
};
const GET_SNAPSHOT: readonly EntityName[] = SNAPSHOT_ENTITIES;
/** Filter field names that differ from the record's property (Mambu's filter enums vs its models). */
const FIELD_ALIAS: Record<string, string> = { birthdate: 'birthDate' };
/** The field names an endpoint's filterCriteria and sortingCriteria accept (exact case, as Mambu's enums). */
function filterFields(info: { dateFields: readonly string[]; filterNames?: Readonly<Record<string, string>> }): string[] {
  return info.dateFields.map((f) => info.filterNames?.[f] ?? f);
}
const OPERATORS = new Set([
  'EQUALS',
  'EQUALS_CASE_SENSITIVE',
  'DIFFERENT_THAN',
  'MORE_THAN',
  'LESS_THAN',
  'BETWEEN',
  'ON',
  'AFTER',
  'AFTER_INCLUSIVE',
  'BEFORE',
  'BEFORE_INCLUSIVE',
  'STARTS_WITH',
  'STARTS_WITH_CASE_SENSITIVE',
  'IN',
  'TODAY',
  'THIS_WEEK',
  'THIS_MONTH',
  'THIS_YEAR',
  'LAST_DAYS',
  'EMPTY',
  'NOT_EMPTY',
]);
const DATE_OPERATORS = new Set(['BETWEEN', 'ON', 'AFTER', 'AFTER_INCLUSIVE', 'BEFORE', 'BEFORE_INCLUSIVE']);

function toEntity(endpoint: string): EntityName {
  const e = endpoint
    .replace(/^mambu:/, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/^api\//, '')
    .replace(/:search$/, '');
  if (!(ENTITY_NAMES as readonly string[]).includes(e)) throw new Error(`simulator: unknown entity "${endpoint}"`);
  return e as EntityName;
}

function basic(rec: MambuRecord): MambuRecord {
  const out: MambuRecord = {};
  for (const [k, v] of Object.entries(rec)) if (v === null || typeof v !== 'object') out[k] = v;
  return out;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const zone = opts.timezone ?? 'UTC';
  zoneOffsetMinutes(zone, 0); // throws on an invalid zone
  const startMs = new Date(opts.start ?? '2024-12-01T00:00:00Z').getTime();
  const endMs = new Date(opts.end ?? '2025-03-01T00:00:00Z').getTime();
  const perDay =
    typeof opts.perDay === 'number'
      ? Object.fromEntries(ENTITY_NAMES.filter((e) => !SNAPSHOT_ENTITIES.includes(e)).map((e) => [e, opts.perDay]))
      : (opts.perDay ?? {});
  const stores = createTenant({ seed: opts.seed ?? 42, zone, startMs, endMs, perDay: perDay as Partial<Record<EntityName, number>> });
  const store = (endpoint: string): EntityStore => stores.get(toEntity(endpoint))!;
  const credentials = normaliseAuth(opts.auth);
  const latencyMs = opts.latencyMs ?? 0;
  const pageCache = new PageCache(opts.pageCacheBytes ?? 0);

  const requests: RequestLogEntry[] = [];
  let inFlight = 0;
  let maxConcurrency = 0;
  const sockets = new Set<Socket>();

  const faults = new Faults((v) => {
    if (v instanceof Date) return { ms: v.getTime(), date: formatMambuDate(v.getTime(), zone) };
    const ms = parseMambuTime(v, zone);
    return { ms, date: ms === null ? null : formatMambuDate(ms, zone) };
  });

  // ---- request parsing helpers -------------------------------------------------------------------------------

  function parseFilterValue(field: string, raw: unknown, which: 'value' | 'secondValue', endOfDay: boolean): number {
    const reason = which === 'value' ? 'INVALID_FILTER_VALUE' : 'INVALID_FILTER_SECOND_VALUE';
    if (typeof raw !== 'string' || raw.trim() === '') throw new ApiError(400, reason, `${field}: ${which} is required`);
    const v = raw.trim();
    if (DATE_ONLY.test(v)) {
      const ms = parseMambuTime(v, zone);
      if (ms === null) throw new ApiError(400, 'INVALID_DATE_FORMAT', `${field}: ${v}`);
      return endOfDay ? startOfTenantDay(ms + 36 * 3600_000, zone) - 1 : ms;
    }
    if (!HAS_OFFSET.test(v)) {
      throw new ApiError(
        400,
        'INVALID_PARAMETERS',
        `Invalid date offset for value ${v} org offset is ${formatMambuTime(Date.now(), zone).slice(19)}`,
        4,
      );
    }
    const ms = parseMambuTime(v, zone);
    if (ms === null) throw new ApiError(400, 'INVALID_PARAMETERS', `${field}: ${v} is not a date-time like 2025-01-01T00:00:00+00:00`, 4);
    const expected = formatMambuTime(ms, zone).slice(19);
    const m = /([+-]\d{2}):?(\d{2})$/.exec(v);
    const given = v.endsWith('Z') ? '+00:00' : m ? `${m[1]}:${m[2]}` : '';
    if (given !== expected) {
      throw new ApiError(400, 'INVALID_PARAMETERS', `Invalid date offset for value ${v.slice(0, 19)} org offset is ${expected}`, 4);
    }
    return ms;
  }

  function parsePaging(q: URLSearchParams): { offset: number; limit: number } {
    const o = q.get('offset');
    const l = q.get('limit');
    const offset = o === null ? 0 : Number(o);
    if (!Number.isInteger(offset) || offset < 0) throw new ApiError(400, 'INVALID_PAGINATION_OFFSET_VALUE', `offset: ${o}`);
    const limit = l === null ? 50 : Number(l);
    if (!Number.isInteger(limit) || limit < 1) throw new ApiError(400, 'INVALID_PAGINATION_LIMIT_VALUE', `limit: ${l}`);
    if (limit > 1000) throw new ApiError(400, 'OUT_OF_BOUNDS_PAGINATION_LIMIT_VALUE', `limit: ${l} (at most 1000)`);
    const pd = q.get('paginationDetails');
    if (pd !== null && pd !== 'ON' && pd !== 'OFF') throw new ApiError(400, 'INVALID_PARAMETERS', `paginationDetails: ${pd}`);
    const dl = q.get('detailsLevel');
    if (dl !== null && dl !== 'BASIC' && dl !== 'FULL') throw new ApiError(400, 'INVALID_PARAMETERS', `detailsLevel: ${dl}`);
    return { offset, limit };
  }

  interface Planned {
    entity: EntityStore;
    query: Query;
    facts: RequestFacts;
    /** The window on the cdc field, for drift faults. */
    window?: { path: string; lo: number; hi: number };
  }

  function planSearch(endpoint: string, body: unknown, offset: number): Planned {
    const name = endpoint.replace(/:search$/, '') as EntityName;
    const info = endpointInfo(endpoint)!;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ApiError(400, 'INVALID_JSON_SYNTAX', 'the body must be a search criteria object {filterCriteria, sortingCriteria}');
    }
    const b = body as { filterCriteria?: unknown; sortingCriteria?: unknown };
    if (b.filterCriteria !== undefined && !Array.isArray(b.filterCriteria)) {
      throw new ApiError(400, 'INVALID_PARAMETERS', 'filterCriteria must be an array');
    }
    const preds: DatePredicate[] = [];
    let windowStartMs: number | undefined;
    let window: Planned['window'];
    for (const raw of (b.filterCriteria ?? []) as unknown[]) {
      const f = raw as { field?: unknown; operator?: unknown; value?: unknown; secondValue?: unknown };
      if (typeof f?.field !== 'string') throw new ApiError(400, 'INVALID_FILTER_SELECTION', 'filterCriteria[].field is required');
      if (typeof f.operator !== 'string' || !OPERATORS.has(f.operator)) {
        throw new ApiError(400, 'INVALID_PARAMETERS', `${f.field}: unknown operator ${String(f.operator)}`);
      }
      if (!filterFields(info).includes(f.field)) {
        throw new ApiError(
          400,
          'INVALID_FILTER_SELECTION',
          `${f.field} is not a filterable field of ${endpoint} (use one of ${filterFields(info).join(', ')})`,
        );
      }
      if (!DATE_OPERATORS.has(f.operator)) {
        throw new ApiError(400, 'INVALID_FILTER_SELECTION', `${f.field}: operator ${f.operator} does not apply to a date field`);
      }
      const path = FIELD_ALIAS[f.field] ?? f.field;
      const op = f.operator;
      const p: DatePredicate = { path };
      if (op === 'BETWEEN') {
        p.lo = parseFilterValue(f.field, f.value, 'value', false);
        p.hi = parseFilterValue(f.field, f.secondValue, 'secondValue', true);
        p.loIncl = p.hiIncl = true; // inclusive at both ends, like the pessimistic reading of Mambu
        if (p.hi < p.lo)
          throw new ApiError(400, 'START_DATE_AFTER_END_DATE', `${f.field}: ${String(f.value)} is after ${String(f.secondValue)}`);
      } else if (op === 'ON') {
        const d = parseFilterValue(f.field, f.value, 'value', false);
        p.lo = startOfTenantDay(d, zone);
        p.loIncl = true;
        p.hi = startOfTenantDay(p.lo + 36 * 3600_000, zone);
        p.hiIncl = false;
      } else if (op === 'AFTER' || op === 'AFTER_INCLUSIVE') {
        p.lo = parseFilterValue(f.field, f.value, 'value', false);
        p.loIncl = op === 'AFTER_INCLUSIVE';
      } else {
        p.hi = parseFilterValue(f.field, f.value, 'value', false);
        p.hiIncl = op === 'BEFORE_INCLUSIVE';
      }
      if (windowStartMs === undefined && p.lo !== undefined) {
        windowStartMs = p.lo;
        window = { path, lo: p.lo, hi: p.hi ?? endMs };
      }
      preds.push(p);
    }
    let sort: Query['sort'];
    if (b.sortingCriteria !== undefined) {
      const s = b.sortingCriteria as { field?: unknown; order?: unknown };
      if (Array.isArray(s) || typeof s !== 'object' || s === null) {
        throw new ApiError(400, 'INVALID_SORTING_SELECTION', 'sortingCriteria must be one object {field, order}');
      }
      if (typeof s.field !== 'string' || !filterFields(info).includes(s.field)) {
        throw new ApiError(400, 'INVALID_SORTING_COLUMN', `${String(s.field)} is not a sortable field of ${endpoint}`);
      }
      if (s.order !== undefined && s.order !== 'ASC' && s.order !== 'DESC') {
        throw new ApiError(400, 'INVALID_SORTING_ORDER', `${String(s.order)}: use ASC or DESC`);
      }
      sort = { path: FIELD_ALIAS[s.field] ?? s.field, order: (s.order as 'ASC' | 'DESC' | undefined) ?? 'DESC' };
    }
    return { entity: stores.get(name)!, query: { preds, sort }, facts: { endpoint, windowStartMs, offset }, window };
  }

  function planGet(endpoint: EntityName, q: URLSearchParams, offset: number): Planned {
    const w = GET_WINDOWED[endpoint];
    if (!w) {
      const type = endpoint === 'glaccounts' ? q.get('type') : null;
      if (type !== null && !['ASSET', 'LIABILITY', 'EQUITY', 'INCOME', 'EXPENSE'].includes(type)) {
        throw new ApiError(400, 'INVALID_PARAMETERS', `type: ${type} (use ASSET, LIABILITY, EQUITY, INCOME or EXPENSE)`, 4);
      }
      // Validated, not filtered: the simulated chart of accounts is small, and every type comes back.
      return { entity: stores.get(endpoint)!, query: { preds: [] }, facts: { endpoint, offset } };
    }
    const from = q.get(w.from);
    const to = q.get(w.to);
    if (!from) throw new ApiError(400, 'MISSING_FROM_DATE', `${w.from} is required (YYYY-MM-DD)`);
    if (!to) throw new ApiError(400, 'MISSING_TO_DATE', `${w.to} is required (YYYY-MM-DD)`);
    for (const [n, v] of [
      [w.from, from],
      [w.to, to],
    ] as const) {
      if (!DATE_ONLY.test(v) || parseMambuTime(v, zone) === null)
        throw new ApiError(400, 'INVALID_DATE_FORMAT', `${n}: ${v} (use YYYY-MM-DD)`);
    }
    const lo = parseMambuTime(from, zone)!;
    const toMs = parseMambuTime(to, zone)!;
    if (toMs < lo) throw new ApiError(400, 'START_DATE_AFTER_END_DATE', `${w.from} ${from} is after ${w.to} ${to}`);
    const hi = startOfTenantDay(toMs + 36 * 3600_000, zone); // both dates inclusive
    return {
      entity: stores.get(endpoint)!,
      query: { preds: [{ path: w.field, lo, loIncl: true, hi, hiIncl: false }] },
      facts: { endpoint, windowStartMs: lo, windowStartDate: from, offset },
      window: { path: w.field, lo, hi: hi - 1 },
    };
  }

  // ---- drift faults (after a page was served) ----------------------------------------------------------------

  function applyMutation(rule: FaultRule, plan: Planned, page: MambuRecord[]): void {
    const w = plan.window;
    const first = page[0];
    if (!w || !first) return;
    const key = String(first.encodedKey ?? first.id);
    if (rule.kind === 'remove') plan.entity.remove(key);
    else if (rule.kind === 'move') {
      const target = rule.moveTo === 'outside' ? w.hi + 86400_000 : w.hi - 1000;
      plan.entity.update(key, { [w.path]: formatMambuTime(Math.max(target, w.lo), zone) });
    } else if (rule.kind === 'insert') {
      // One second before the page's first record (but inside the window): it sorts before the current offset.
      const firstMs = parseMambuTime(getPath(first, w.path), zone) ?? w.lo;
      plan.entity.insert({ [w.path]: formatMambuTime(Math.max(w.lo, firstMs - 1000), zone) });
    }
  }

  // ---- the handler ---------------------------------------------------------------------------------------------

  /** A page answer ready to send, and the data version it was built from. */
  interface Prepared {
    version: number;
    headers: Record<string, string>;
    page: MambuRecord[];
    body: Buffer;
    cached: boolean;
  }

  function preparePage(plan: Planned, offset: number, limit: number, q: URLSearchParams): Prepared {
    const version = plan.entity.version;
    const view = plan.entity.query(plan.query);
    const full = answersInFull(plan, q);
    const key = pageCache.enabled ? `${plan.facts.endpoint}|${version}|${JSON.stringify(plan.query)}|${offset}|${limit}|${full}` : '';
    let built = pageCache.get(key);
    const cached = built !== undefined;
    if (!built) {
      const page = sliceView(plan, offset, limit, q);
      built = { page, body: Buffer.from(JSON.stringify(page), 'utf8') };
      pageCache.set(key, built);
    }
    const headers: Record<string, string> = { 'Content-Type': `${MAMBU_JSON};charset=UTF-8` };
    if (q.get('paginationDetails') === 'ON') {
      headers['Items-Offset'] = String(offset);
      headers['Items-Limit'] = String(limit);
      headers['Items-Total'] = String(view.length);
    }
    headers['Content-Length'] = String(built.body.length);
    return { version, headers, page: built.page, body: built.body, cached };
  }

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    log: RequestLogEntry,
    rawBody: string,
    arrivedAt: number,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (!url.pathname.startsWith('/api/')) throw new ApiError(404, 'INVALID_API_OPERATION', `unknown path ${url.pathname}`, 3);
    const endpoint = decodeURIComponent(url.pathname.slice(5)).replace(/\/+$/, '');
    log.endpoint = endpoint;

    // Auth first, as Mambu does: 401 before anything else is looked at.
    if (credentials !== 'none') {
      const apiKey = req.headers['apikey'];
      const authz = req.headers['authorization'];
      let ok = false;
      if (typeof apiKey === 'string') {
        if (credentials.apiKey === undefined || apiKey !== credentials.apiKey) throw new ApiError(401, 'INVALID_API_KEY', 'apiKey', 25);
        ok = true;
      }
      if (typeof authz === 'string') {
        const m = /^Basic\s+(.+)$/i.exec(authz);
        const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
        const sep = decoded.indexOf(':');
        if (!m || sep < 0) throw new ApiError(401, 'INVALID_BASIC_AUTHORIZATION', 'Authorization', 1);
        if (
          credentials.username === undefined ||
          decoded.slice(0, sep) !== credentials.username ||
          decoded.slice(sep + 1) !== credentials.password
        ) {
          throw new ApiError(401, 'INVALID_CREDENTIALS', 'Authorization', 2);
        }
        ok = true;
      }
      if (!ok) throw new ApiError(401, 'INVALID_BASIC_AUTHORIZATION', 'no apiKey header and no Basic Authorization', 1);
    }
    const accept = req.headers['accept'] ?? '';
    if (!accept.split(',').some((a) => a.trim().split(';')[0] === MAMBU_JSON)) {
      throw new ApiError(400, 'INVALID_API_OPERATION', `Accept header must be ${MAMBU_JSON} (got "${accept}")`, 3);
    }

    const q = url.searchParams;
    let plan: Planned;
    const isSearch = endpoint.endsWith(':search') && SEARCH_ENTITIES.includes(endpoint.replace(/:search$/, '') as EntityName);
    const getEntity = endpoint as EntityName;
    if (req.method === 'POST' && isSearch) {
      const { offset } = parsePaging(q);
      let body: unknown;
      try {
        body = rawBody === '' ? undefined : JSON.parse(rawBody);
      } catch {
        throw new ApiError(400, 'INVALID_JSON_SYNTAX', 'request body is not valid JSON');
      }
      log.body = body;
      plan = planSearch(endpoint, body, offset);
    } else if (req.method === 'GET' && (GET_SNAPSHOT.includes(getEntity) || GET_WINDOWED[getEntity])) {
      const { offset } = parsePaging(q);
      plan = planGet(getEntity, q, offset);
    } else if (isSearch || GET_SNAPSHOT.includes(getEntity) || GET_WINDOWED[getEntity]) {
      throw new ApiError(405, 'METHOD_NOT_IMPLEMENTED', `${req.method} ${endpoint}`, 5);
    } else {
      throw new ApiError(404, 'INVALID_API_OPERATION', `unknown endpoint ${endpoint}`, 3);
    }
    const { offset, limit } = parsePaging(q);

    // The latency runs from the request's arrival, and the page is built and serialised inside it (a real server
    // answering "after 100 ms" does its work within those 100 ms). A mutation made during the wait (tests change
    // the data while a request is pending) is honoured: the page is rebuilt below from the current data.
    let prepared: Prepared | undefined;
    if (latencyMs > 0) {
      prepared = preparePage(plan, offset, limit, q);
      const remaining = arrivedAt + latencyMs - performance.now();
      if (remaining > 0) await new Promise((r) => setTimeout(r, remaining));
    }

    const fault = faults.take(plan.facts, 'before');
    if (fault) {
      const r = fault.rule;
      log.fault = r.kind;
      if (r.kind === 'status') {
        const status = r.status ?? 500;
        const reason = r.errorReason ?? (status === 429 ? 'TOO_MANY_REQUESTS' : status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_PARAMETERS');
        if (r.retryAfter !== undefined) res.setHeader('Retry-After', String(r.retryAfter));
        throw new ApiError(status, reason, r.errorSource ?? `simulated fault on ${endpoint}`, r.errorCode);
      }
      if (r.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, r.delayMs ?? 5000));
      if (r.kind === 'garbled') {
        const text = JSON.stringify(sliceView(plan, offset, Math.max(limit, 1), q));
        log.status = 200;
        res.writeHead(200, { 'Content-Type': `${MAMBU_JSON};charset=UTF-8` });
        res.end(`${text.slice(0, -2)}!]`);
        return;
      }
      if (r.kind === 'reset' || r.kind === 'malformed') {
        const page = sliceView(plan, offset, Math.max(limit, 1), q);
        const text = JSON.stringify(page.length ? page : [{ encodedKey: 'x'.repeat(32) }]);
        const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
        if (r.kind === 'malformed') {
          log.status = 200;
          res.writeHead(200, { 'Content-Type': `${MAMBU_JSON};charset=UTF-8` });
          res.end(cut);
          return;
        }
        log.status = 200;
        res.writeHead(200, { 'Content-Type': `${MAMBU_JSON};charset=UTF-8`, 'Content-Length': String(Buffer.byteLength(text)) });
        res.write(cut);
        await new Promise((resolve) => setTimeout(resolve, 10));
        res.socket?.destroy();
        return;
      }
    }

    let served = offset;
    if (fault?.rule.kind === 'ignore-offset') {
      served = 0;
      prepared = undefined;
    }
    if (!prepared || prepared.version !== plan.entity.version) prepared = preparePage(plan, served, limit, q);
    const { page, headers, body } = prepared;
    if (prepared.cached) log.cached = true;
    if (fault?.rule.kind === 'wrong-total' && headers['Items-Total'] !== undefined) {
      headers['Items-Total'] = String(Number(headers['Items-Total']) + (fault.rule.totalDelta ?? 1));
    }
    log.status = 200;
    res.writeHead(200, headers);
    res.end(body);

    const after = faults.take(plan.facts, 'after');
    if (after) {
      log.fault = after.rule.kind;
      applyMutation(after.rule, plan, page);
    }
  }

  /** Endpoints without a detailsLevel parameter (installments, interest accrual) always answer in full. */
  function answersInFull(plan: Planned, q: URLSearchParams): boolean {
    return q.get('detailsLevel') === 'FULL' || endpointInfo(plan.facts.endpoint)?.detailsLevel === false;
  }

  function sliceView(plan: Planned, offset: number, limit: number, q: URLSearchParams): MambuRecord[] {
    const view = plan.entity.query(plan.query);
    const out: MambuRecord[] = [];
    const full = answersInFull(plan, q);
    for (let j = offset; j < Math.min(view.length, offset + limit); j++) {
      const r = view.at(j);
      out.push(full ? r : basic(r));
    }
    return out;
  }

  const server = http.createServer((req, res) => {
    const arrived = Date.now();
    const arrivedAt = performance.now();
    inFlight++;
    maxConcurrency = Math.max(maxConcurrency, inFlight);
    let done = false;
    const socket = req.socket;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
      socket.off('close', finish);
      socket.off('end', finish);
    };
    // A request stops being in flight when answered or when its client hangs up (an abandoned slow answer).
    res.on('close', finish);
    res.on('finish', finish);
    socket.once('close', finish);
    socket.once('end', finish);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const log: RequestLogEntry = {
        at: arrived,
        method: req.method ?? 'GET',
        endpoint: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: undefined,
        accept: req.headers['accept'],
        contentType: req.headers['content-type'],
        auth:
          req.headers['apikey'] && req.headers['authorization']
            ? 'both'
            : req.headers['apikey']
              ? 'apiKey'
              : req.headers['authorization']
                ? 'basic'
                : 'none',
      };
      requests.push(log);
      handle(req, res, log, Buffer.concat(chunks).toString('utf8'), arrivedAt).catch((err: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const e = err instanceof ApiError ? err : new ApiError(500, 'INTERNAL_ERROR', String((err as Error)?.message ?? err), 6);
        log.status = e.status;
        res.writeHead(e.status, { 'Content-Type': `${MAMBU_JSON};charset=UTF-8` });
        res.end(envelope(e.errorReason, e.errorSource, e.errorCode));
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const truth: Truth = {
    window(endpoint, cdcField, start, end) {
      const path = FIELD_ALIAS[cdcField] ?? cdcField;
      const v = store(endpoint).query({
        preds: [{ path, lo: start.getTime(), loIncl: true, hi: end.getTime(), hiIncl: false }],
        sort: { path, order: 'ASC' },
      });
      return Array.from({ length: v.length }, (_, j) => v.at(j));
    },
    snapshot(endpoint) {
      const v = store(endpoint).query({ preds: [] });
      return Array.from({ length: v.length }, (_, j) => v.at(j));
    },
    insert: (entity, partial) => store(entity).insert(partial),
    update: (entity, key, changes) => store(entity).update(key, changes),
    remove: (entity, key) => store(entity).remove(key),
    count: (entity) => store(entity).query({ preds: [] }).length,
  };

  return {
    url: `http://127.0.0.1:${port}/api`,
    port,
    truth,
    faults,
    requests,
    get maxConcurrency() {
      return maxConcurrency;
    },
    credentials,
    timezone: zone,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
