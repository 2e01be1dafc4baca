// Fault injection for tests: rules matched against each data request, consumed `times` times. See README.md.

export type FaultKind =
  /** Answer with `status` (429/5xx/4xx) and Mambu's error envelope; optional Retry-After for 429/503. */
  | 'status'
  /** Wait `delayMs` before answering normally (longer than the client's timeout = a timeout). */
  | 'delay'
  /** Send the headers and part of the body, then destroy the socket. */
  | 'reset'
  /** 200 with a truncated JSON body. */
  | 'malformed'
  /** 200 with the whole page whose last record is broken: every record is there by count, but it does not parse. */
  | 'garbled'
  /** Answer as if the request had no `offset` (a server or caching proxy that ignores it): always the first page. */
  | 'ignore-offset'
  /** Answer normally, but with an Items-Total off by `totalDelta` (default +1): a total that matches nothing. */
  | 'wrong-total'
  /** After serving the page: insert a record inside the window, before the current offset. */
  | 'insert'
  /** After serving the page: move the page's first record to the end of the window (`moveTo: 'later'`) or out of
   *  it (`'outside'`) by changing its cdc value. */
  | 'move'
  /** After serving the page: remove the page's first record. */
  | 'remove';

export interface FaultRule {
  kind: FaultKind;
  /** Endpoint path as the client calls it, e.g. `loans/transactions:search` or `installments`; omitted = any. */
  endpoint?: string;
  /** Only requests whose window starts here: the search filter's `value`, or the GET's from/dueFrom date. */
  windowStart?: Date | string;
  /** Only requests at exactly this offset … */
  offset?: number;
  /** … or at this offset or beyond. */
  minOffset?: number;
  /** How many matching requests the rule hits; default 1; Infinity = permanent. */
  times?: number;
  status?: number;
  /** Retry-After header value: seconds (number) or any string (an HTTP date). */
  retryAfter?: number | string;
  errorCode?: number;
  errorReason?: string;
  errorSource?: string;
  delayMs?: number;
  moveTo?: 'later' | 'outside';
  /** kind 'wrong-total': added to the true Items-Total. */
  totalDelta?: number;
}

export interface ActiveFault {
  readonly rule: FaultRule;
  /** Requests this rule hit so far. */
  hits: number;
  remaining: number;
}

export interface RequestFacts {
  endpoint: string;
  /** Window start in ms, when the request has one. */
  windowStartMs?: number;
  /** GET windows are dates: match the rule's windowStart by tenant date. */
  windowStartDate?: string;
  offset: number;
}

export class Faults {
  private rules: ActiveFault[] = [];

  constructor(private readonly resolveStart: (v: Date | string) => { ms: number | null; date: string | null }) {}

  add(rule: FaultRule): ActiveFault {
    const active: ActiveFault = { rule, hits: 0, remaining: rule.times ?? 1 };
    this.rules.push(active);
    return active;
  }

  clear(): void {
    this.rules = [];
  }

  get list(): readonly ActiveFault[] {
    return this.rules;
  }

  /** First live rule matching the request, consumed once; pre-response kinds and post-page kinds separately. */
  take(facts: RequestFacts, phase: 'before' | 'after'): ActiveFault | undefined {
    const afterKinds: FaultKind[] = ['insert', 'move', 'remove'];
    for (const f of this.rules) {
      const r = f.rule;
      if (f.remaining <= 0) continue;
      if (afterKinds.includes(r.kind) !== (phase === 'after')) continue;
      if (r.endpoint && r.endpoint.replace(/^\/+|\/+$/g, '') !== facts.endpoint) continue;
      if (r.offset !== undefined && r.offset !== facts.offset) continue;
      if (r.minOffset !== undefined && facts.offset < r.minOffset) continue;
      if (r.windowStart !== undefined) {
        const want = this.resolveStart(r.windowStart);
        const byMs = facts.windowStartMs !== undefined && want.ms !== null && want.ms === facts.windowStartMs;
        const byDate = facts.windowStartDate !== undefined && want.date !== null && want.date === facts.windowStartDate;
        if (!byMs && !byDate) continue;
      }
      f.remaining--;
      f.hits++;
      return f;
    }
    return undefined;
  }
}
