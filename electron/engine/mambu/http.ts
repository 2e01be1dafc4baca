// One Mambu HTTP exchange with everything around it: auth and Accept headers, a per-request timeout, the shared
// requests-per-second cap, retries with full-jitter exponential backoff honouring Retry-After, prompt cancel.
import type { MambuConnection } from '../types';
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
  headers: Headers;
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
  /** Awaited with a 2xx body's text once it has been read in full (this exchange is over), before it is parsed. */
  onBody?: (text: string) => Promise<void>;
  /** Awaited before this request is sent again (a retry), so whatever onBody started can be stopped first. */
  beforeRetry?: () => Promise<void>;
  /** Told of each retry as it is decided: which retry, why, and how long before it is sent (logged and counted). */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  /** 1 for the first retry. */
  retry: number;
  maxRetries: number;
  /** The failure that is retried (a sentence, no secret). */
  reason: string;
  status?: number;
  waitMs: number;
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

export function causeText(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; message?: string; code?: string };
  const code = e?.cause?.code ?? e?.code;
  const msg = e?.cause?.message ?? e?.message ?? String(err);
  // fetch's own messages quote the URL, credentials included ("…a URL that includes credentials: http://u:p@…").
  return redactUrl(code && !msg.includes(code) ? `${code} ${msg}` : msg);
}

export class MambuHttp {
  readonly limiter: RateLimiter;

  constructor(readonly conn: MambuConnection) {
    this.limiter = new RateLimiter(conn.requestsPerSecond);
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
      spec.onRetry?.({ retry: attempt, maxRetries, reason: failure.message, ...(failure.status !== undefined ? { status: failure.status } : {}), waitMs: Math.round(wait) });
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
    const headers: Record<string, string> = { Accept: MAMBU_ACCEPT, ...authHeaders(this.conn) };
    if (spec.method === 'POST') headers['Content-Type'] = 'application/json';
    const where = `${spec.what} at ${redactUrl(this.conn.baseUrl)}`;
    try {
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, {
          method: spec.method,
          headers,
          body: spec.method === 'POST' ? JSON.stringify(spec.body ?? {}) : undefined,
          signal: ctrl.signal,
          redirect: 'error',
        });
        text = await res.text();
      } catch (err) {
        if (signal.aborted) throw cancelledError();
        if (timedOut) {
          throw new MambuError(`Mambu did not answer within ${this.conn.timeoutMs} ms: ${where}`, { retryable: true, cause: err });
        }
        throw new MambuError(`cannot reach Mambu: ${causeText(err)}: ${where}`, { retryable: true, cause: err });
      }
      if (res.status >= 200 && res.status < 300) {
        if (spec.onBody) await spec.onBody(text);
        try {
          return { status: res.status, headers: res.headers, body: text === '' ? [] : JSON.parse(text) };
        } catch (err) {
          // A truncated or garbled body: most likely a connection cut mid-body, so worth another try.
          throw new MambuError(`Mambu returned ${res.status} with a malformed JSON body (${text.length} bytes): ${where}`, {
            status: res.status,
            retryable: true,
            cause: err,
          });
        }
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
      (error as MambuError & { retryAfterMs?: number }).retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }
}
