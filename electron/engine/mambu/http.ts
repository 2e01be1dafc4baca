// One Mambu HTTP exchange with everything around it: auth and Accept headers, a per-request timeout, the shared
// requests-per-second cap, retries with full-jitter exponential backoff honouring Retry-After, prompt cancel.
// Transport: axios (Node http adapter) with the engine's proxy-aware agents (HTTPS_PROXY / HTTP_PROXY / NO_PROXY,
// keep-alive when direct). axios's own proxy support is off (`proxy: false`): it cannot tunnel https through an http
// proxy reliably. The body is read as text (no axios JSON transform) and parsed here once, so a malformed body is a
// retryable error of this exchange; the pager is told the page's size before the records are handed on. Statuses are all resolved (validateStatus) and mapped here; an axios error never leaves this
// module, as it carries the request config, auth headers included (see toTransportError).
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { proxyAwareAgents } from '../net/proxy-agent';
import type { MambuConnection, RetryInfo } from '../types';
import { MambuError, cancelledError, describeStatus, parseEnvelope, redactUrl } from './errors';

export const MAMBU_ACCEPT = 'application/vnd.mambu.v2+json';

/** Sleeps `ms`, rejecting with a cancelled MambuError as soon as the signal fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(cancelledError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Spaces request starts at least 1/rps apart; one instance per source, so the cap holds across chunks. */
export class RateLimiter {
  private next = 0;
  constructor(private readonly requestsPerSecond: number) {}

  async take(signal: AbortSignal): Promise<void> {
    if (!(this.requestsPerSecond > 0) || !Number.isFinite(this.requestsPerSecond)) return;
    const gap = 1000 / this.requestsPerSecond;
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + gap;
    await sleep(at - now, signal);
  }
}

export interface HttpResult {
  status: number;
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string>>;
  body: unknown;
}

export interface HttpCounters {
  requests: number;
  retries: number;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Endpoint path below the base URL, e.g. `loans/transactions:search`. */
  path: string;
  query: URLSearchParams;
  body?: unknown;
  /** What the request is, for messages: `POST loans:search offset 2000`. */
  what: string;
  /** Awaited with the number of records of a 2xx body once it is read in full and parsed (this exchange is over),
   *  before the records are handed on: the pager asks for the next page here. Parsing first costs no more time than
   *  counting the raw text did, and saves that count's CPU (BENCHMARKS.md, engine CPU). */
  onBody?: (rows: number) => Promise<void>;
  /** Awaited before this request is sent again (a retry), so whatever onBody started can be stopped first. */
  beforeRetry?: () => Promise<void>;
  /** Told of each retry as it is decided: which retry, why, and how long before it is sent (logged and counted). */
  onRetry?: (info: RetryInfo) => void;
}

/** Parses Retry-After (seconds or an HTTP date) into ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(parseFloat(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function authHeaders(conn: MambuConnection): Record<string, string> {
  // Exactly one of the two schemes: never both (the original sent both).
  if (conn.auth.kind === 'apiKey') return { apiKey: conn.auth.apiKey };
  const token = Buffer.from(`${conn.auth.username}:${conn.auth.password}`, 'utf8').toString('base64');
  return { Authorization: `Basic ${token}` };
}

/** Every credential a message must never show: the key, the password, the Basic token and user:password@ in URLs. */
function secretsOf(conn: MambuConnection): string[] {
  if (conn.auth.kind === 'apiKey') return [conn.auth.apiKey].filter((s) => s.length >= 4);
  const { username, password } = conn.auth;
  const token = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  return [token, `${username}:${password}`, password].filter((s) => s.length >= 4);
}

function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = redactUrl(text);
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

export function causeText(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; message?: string; code?: string };
  const code = e?.cause?.code ?? e?.code;
  const msg = e?.cause?.message || e?.message || String(err);
  // Transport messages may quote the URL, credentials included ("…http://u:p@host…").
  return redactUrl(code && !msg.includes(code) ? `${code} ${msg}` : msg);
}

/** What is left of a transport failure once the axios error (config, headers, request) is dropped: its code and a
 *  redacted message. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function toTransportError(err: unknown, secrets: readonly string[]): TransportError {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string }; errors?: Array<{ message?: string }> };
  // Node's dual-stack connect fails with an AggregateError whose own message is empty.
  const message =
    e?.message ||
    e?.cause?.message ||
    e?.errors
      ?.map((x) => x?.message)
      .filter(Boolean)
      .join('; ') ||
    String(err);
  const code = e?.code && e.code !== 'ERR_CANCELED' ? e.code : e?.cause?.code;
  if (code === 'ERR_BAD_RESPONSE' && /stream has been aborted/.test(message)) {
    // axios's words for a response socket closed before the body ended: say what happened.
    return new TransportError('connection reset mid-body: the socket closed before the body ended', 'ECONNRESET');
  }
  return new TransportError(redactSecrets(message, secrets), code);
}

/** The axios instance for one connection: Accept and auth headers (a request interceptor), text bodies, no redirects
 *  (a redirect must not carry the key to another host), every status resolved, the proxy-aware agents; its error
 *  interceptor replaces every axios error with a redacted TransportError. */
export function createMambuClient(conn: MambuConnection): AxiosInstance {
  const { httpAgent, httpsAgent } = proxyAwareAgents(conn.direct === true);
  const client = axios.create({
    adapter: 'http',
    proxy: false,
    httpAgent,
    httpsAgent,
    responseType: 'text',
    responseEncoding: 'utf8',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    maxContentLength: -1,
    maxBodyLength: -1,
    headers: { Accept: MAMBU_ACCEPT },
  });
  const secrets = secretsOf(conn);
  client.interceptors.request.use(
    (config) => {
      config.headers.set(authHeaders(conn));
      return config;
    },
    undefined,
    { synchronous: true },
  );
  client.interceptors.response.use(undefined, (err: unknown) => Promise.reject(toTransportError(err, secrets)));
  return client;
}

function headersOf(res: AxiosResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers ?? {})) {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

export class MambuHttp {
  readonly limiter: RateLimiter;
  /** The axios instance every request of this connection goes through (the benchmark's bare loop uses it too). */
  readonly client: AxiosInstance;
  private readonly secrets: readonly string[];

  constructor(readonly conn: MambuConnection) {
    this.limiter = new RateLimiter(conn.requestsPerSecond);
    this.client = createMambuClient(conn);
    this.secrets = secretsOf(conn);
  }
  url(path: string, query: URLSearchParams): string {
    const base = this.conn.baseUrl.replace(/\/+$/, '');
    const qs = query.toString();
    return `${base}/${path.replace(/^\/+/, '')}${qs ? `?${qs}` : ''}`;
  }

  /** Sends with retries; resolves with a parsed 2xx JSON body or throws MambuError. */
  async send(spec: RequestSpec, counters: HttpCounters, signal: AbortSignal, maxRetries = this.conn.maxRetries): Promise<HttpResult> {
    let attempt = 0;
    for (;;) {
      if (signal.aborted) throw cancelledError();
      await this.limiter.take(signal);
      counters.requests++;
      let failure: MambuError;
      let retryAfterMs: number | undefined;
      try {
        return await this.once(spec, signal);
      } catch (err) {
        if (!(err instanceof MambuError)) throw err;
        if (err.cancelled || !err.retryable) throw err;
        failure = err;
        retryAfterMs = (err as MambuError & { retryAfterMs?: number }).retryAfterMs;
      }
      if (attempt >= maxRetries) {
        throw new MambuError(`${failure.message} (gave up after ${attempt + 1} attempts)`, {
          status: failure.status,
          errorReason: failure.errorReason,
          errorSource: failure.errorSource,
          errorCode: failure.errorCode,
          retryable: true,
          cause: failure,
        });
      }
      if (spec.beforeRetry) await spec.beforeRetry();
      attempt++;
      counters.retries++;
      // Full jitter: a random wait in [0, base·2^n], capped; Retry-After wins when the server names a wait.
      const ceiling = Math.min(this.conn.backoffMaxMs, this.conn.backoffBaseMs * 2 ** (attempt - 1));
      const wait = retryAfterMs !== undefined ? Math.min(retryAfterMs, this.conn.backoffMaxMs) : Math.random() * ceiling;
      spec.onRetry?.({
        retry: attempt,
        maxRetries,
        reason: failure.message,
        ...(failure.status !== undefined ? { status: failure.status } : {}),
        waitMs: Math.round(wait),
      });
      await sleep(wait, signal);
    }
  }

  private async once(spec: RequestSpec, signal: AbortSignal): Promise<HttpResult> {
    const url = this.url(spec.path, spec.query);
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, this.conn.timeoutMs);
    const onAbort = () => ctrl.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const where = `${spec.what} at ${redactUrl(this.conn.baseUrl)}`;
    try {
      let res: AxiosResponse<string>;
      try {
        res = await this.client.request<string>({
          url,
          method: spec.method,
          ...(spec.method === 'POST' ? { data: JSON.stringify(spec.body ?? {}), headers: { 'Content-Type': 'application/json' } } : {}),
          signal: ctrl.signal,
        });
      } catch (err) {
        if (signal.aborted) throw cancelledError();
        if (timedOut) {
          const cause = err instanceof TransportError ? err : toTransportError(err, this.secrets);
          throw new MambuError(`Mambu did not answer within ${this.conn.timeoutMs} ms: ${where}`, { retryable: true, cause });
        }
        // The interceptor already made it a TransportError; anything else is redacted here all the same.
        const cause = err instanceof TransportError ? err : toTransportError(err, this.secrets);
        throw new MambuError(`cannot reach Mambu: ${causeText(cause)}: ${where}`, { retryable: true, cause });
      }
      const text = typeof res.data === 'string' ? res.data : String(res.data ?? '');
      if (res.status >= 200 && res.status < 300) {
        let body: unknown;
        try {
          body = text === '' ? [] : JSON.parse(text);
        } catch (err) {
          // A truncated or garbled body: most likely a connection cut mid-body, so worth another try.
          throw new MambuError(`Mambu returned ${res.status} with a malformed JSON body (${text.length} bytes): ${where}`, {
            status: res.status,
            retryable: true,
            cause: err,
          });
        }
        if (spec.onBody) await spec.onBody(Array.isArray(body) ? body.length : 0);
        return { status: res.status, headers: headersOf(res), body };
      }
      const env = parseEnvelope(text);
      const retryable = res.status === 429 || res.status >= 500;
      const error = new MambuError(`${describeStatus(res.status, env)}: ${where}`, {
        status: res.status,
        errorReason: env?.errorReason,
        errorSource: env?.errorSource,
        errorCode: env?.errorCode,
        retryable,
      });
      const retryAfter = res.headers['retry-after'];
      (error as MambuError & { retryAfterMs?: number }).retryAfterMs = parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : null);
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }
}
