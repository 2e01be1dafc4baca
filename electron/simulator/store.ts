// The simulated tenant's data: the generated base population plus an overlay of inserts, updates and removals
// (tests' mutations and drift faults). Queries answer with a lazy view (length + at(j)), so a window over a
// million base records costs a binary search unless the overlay or a non-monotone field forces a scan.
import { getPath, parseMambuTime } from '../engine/mambu/time';
import { ENTITY_NAMES, SPECS, indexOfEncodedKey, type EntityName, type EntitySpec, type GenContext, type MambuRecord } from './records';

export interface DatePredicate {
  /** Record path, e.g. `creationDate` or `disbursementDetails.disbursementDate`. */
  path: string;
  lo?: number;
  loIncl?: boolean;
  hi?: number;
  hiIncl?: boolean;
}

export interface Query {
  preds: DatePredicate[];
  sort?: { path: string; order: 'ASC' | 'DESC' };
}

export interface View {
  length: number;
  at(j: number): MambuRecord;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge(base: MambuRecord, patch: Record<string, unknown>): MambuRecord {
  const out: MambuRecord = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (k.includes('.')) {
      // `disbursementDetails.disbursementDate: …` sets a nested field.
      const [head, ...rest] = k.split('.');
      const inner = isPlainObject(out[head!]) ? (out[head!] as MambuRecord) : {};
      out[head!] = deepMerge(inner, { [rest.join('.')]: v });
    } else if (isPlainObject(v) && isPlainObject(out[k])) out[k] = deepMerge(out[k] as MambuRecord, v);
    else out[k] = v;
  }
  return out;
}

function matches(p: DatePredicate, ms: number | null): boolean {
  if (ms === null) return false;
  if (p.lo !== undefined && (p.loIncl ? ms < p.lo : ms <= p.lo)) return false;
  if (p.hi !== undefined && (p.hiIncl ? ms > p.hi : ms >= p.hi)) return false;
  return true;
}

export class EntityStore {
  readonly spec: EntitySpec;
  readonly baseCount: number;
  private overrides = new Map<number, MambuRecord>();
  private removed = new Set<number>();
  private next: number;
  version = 0;
  private cache: { key: string; indices: Int32Array } | null = null;

  constructor(
    readonly name: EntityName,
    readonly ctx: GenContext,
  ) {
    this.spec = SPECS[name];
    this.baseCount = ctx.count;
    this.next = ctx.count;
  }

  get mutated(): boolean {
    return this.overrides.size > 0 || this.removed.size > 0;
  }

  /** Record at index i (base or overlay); undefined when removed or never existed. */
  get(i: number): MambuRecord | undefined {
    if (this.removed.has(i)) return undefined;
    const o = this.overrides.get(i);
    if (o) return o;
    return i < this.baseCount ? this.spec.build(i, this.ctx) : undefined;
  }

  indexOf(key: string): number | undefined {
    const byKey = indexOfEncodedKey(this.spec.code, key);
    let i = byKey;
    if (i === undefined && this.spec.idPrefix !== null && key.startsWith(this.spec.idPrefix)) {
      const n = Number(key.slice(this.spec.idPrefix.length));
      if (Number.isInteger(n) && n >= 1) i = n - 1;
    }
    if (i === undefined || i >= this.next || this.removed.has(i)) return undefined;
    if (i >= this.baseCount && !this.overrides.has(i)) return undefined;
    // An id lookup must still match the record's current id (tests may insert records with their own ids).
    const rec = this.get(i);
    if (byKey === undefined && rec && rec.id !== key) return undefined;
    return i;
  }

  insert(partial: Record<string, unknown>): MambuRecord {
    const i = this.next++;
    const template = this.spec.build(i, this.ctx);
    const rec = deepMerge(template, partial);
    this.overrides.set(i, rec);
    this.touch();
    return rec;
  }

  update(key: string, changes: Record<string, unknown>): MambuRecord {
    const i = this.indexOf(key);
    if (i === undefined) throw new Error(`simulator: no ${this.name} record with key ${key}`);
    const rec = deepMerge(this.get(i)!, changes);
    this.overrides.set(i, rec);
    this.touch();
    return rec;
  }

  remove(key: string): MambuRecord {
    const i = this.indexOf(key);
    if (i === undefined) throw new Error(`simulator: no ${this.name} record with key ${key}`);
    const rec = this.get(i)!;
    this.removed.add(i);
    this.overrides.delete(i);
    this.touch();
    return rec;
  }

  private touch(): void {
    this.version++;
    this.cache = null;
  }

  /** Records matching every predicate, in the query's order (ties by index, i.e. creation order). */
  query(q: Query): View {
    const zone = this.ctx.zone;
    const mono = this.spec.monotone;
    const monoPreds = q.preds.filter((p) => mono[p.path]);
    // Base index range implied by the monotone predicates (binary search on the generator's time layout).
    let a = 0;
    let b = this.baseCount;
    for (const p of monoPreds) {
      const f = mono[p.path]!;
      const lower = (pred: (ms: number) => boolean) => {
        let lo = 0;
        let hi = this.baseCount;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (pred(f(mid, this.ctx))) hi = mid;
          else lo = mid + 1;
        }
        return lo;
      };
      if (p.lo !== undefined)
        a = Math.max(
          a,
          lower((ms) => (p.loIncl ? ms >= p.lo! : ms > p.lo!)),
        );
      if (p.hi !== undefined)
        b = Math.min(
          b,
          lower((ms) => (p.hiIncl ? ms > p.hi! : ms >= p.hi!)),
        );
    }
    if (b < a) b = a;
    const sortMono = !q.sort || !!mono[q.sort.path];
    const fast = !this.mutated && this.next === this.baseCount && monoPreds.length === q.preds.length && sortMono;
    if (fast) {
      const desc = q.sort?.order === 'DESC';
      return {
        length: b - a,
        at: (j) => this.spec.build(desc ? b - 1 - j : a + j, this.ctx),
      };
    }
    // Slow path: collect matching indices once per (query, data version) and sort them.
    const cacheKey = `${this.version}|${JSON.stringify(q)}`;
    if (this.cache?.key !== cacheKey) {
      const hits: number[] = [];
      const sortVal = new Map<number, number | string>();
      const valueOf = (rec: MambuRecord, path: string): number | string => {
        const v = getPath(rec, path);
        const ms = parseMambuTime(v, zone);
        if (ms !== null) return ms;
        return typeof v === 'number' ? v : v === null || v === undefined ? '' : String(v);
      };
      const consider = (i: number, fromBase: boolean) => {
        if (this.removed.has(i)) return;
        const needRecord = !fromBase || q.preds.length !== monoPreds.length || !sortMono;
        const rec = needRecord ? this.get(i) : undefined;
        if (needRecord && !rec) return;
        if (rec) {
          for (const p of q.preds) if (!matches(p, parseMambuTime(getPath(rec, p.path), zone))) return;
        }
        hits.push(i);
        if (q.sort) sortVal.set(i, rec ? valueOf(rec, q.sort.path) : mono[q.sort.path]!(i, this.ctx));
      };
      for (let i = a; i < b; i++) if (!this.overrides.has(i)) consider(i, true);
      for (const i of this.overrides.keys()) consider(i, false);
      if (q.sort) {
        const dir = q.sort.order === 'DESC' ? -1 : 1;
        hits.sort((x, y) => {
          const vx = sortVal.get(x)!;
          const vy = sortVal.get(y)!;
          if (vx < vy) return -dir;
          if (vx > vy) return dir;
          return (x - y) * dir;
        });
      } else hits.sort((x, y) => x - y);
      this.cache = { key: cacheKey, indices: Int32Array.from(hits) };
    }
    const indices = this.cache.indices;
    return { length: indices.length, at: (j) => this.get(indices[j]!)! };
  }
}

export interface TenantOptions {
  seed: number;
  zone: string;
  startMs: number;
  endMs: number;
  perDay: Partial<Record<EntityName, number>>;
}

export function createTenant(opts: TenantOptions): Map<EntityName, EntityStore> {
  const days = Math.max(1, Math.round((opts.endMs - opts.startMs) / 86_400_000));
  const counts = new Map<EntityName, { perDay: number; count: number }>();
  for (const name of ENTITY_NAMES) {
    const spec = SPECS[name];
    const perDay = Math.max(1, Math.floor(opts.perDay[name] ?? spec.defaultPerDay));
    counts.set(name, { perDay, count: spec.snapshot ? perDay : perDay * days });
  }
  const countOf = (e: EntityName) => counts.get(e)!.count;
  const stores = new Map<EntityName, EntityStore>();
  for (const name of ENTITY_NAMES) {
    const c = counts.get(name)!;
    stores.set(
      name,
      new EntityStore(name, { seed: opts.seed, zone: opts.zone, startMs: opts.startMs, days, perDay: c.perDay, count: c.count, countOf }),
    );
  }
  return stores;
}
