// The simulator's optional cache of serialised pages (SimulatorOptions.pageCacheBytes): for benchmarks, which share
// this machine's cores between the client and the simulator, so that a page is built and serialised once and the
// client's figures are not the simulator's. Bounded: once the bytes held reach the budget, new pages are built and
// served as without the cache (nothing is evicted: a benchmark asks for the same pages again in the same order).
import type { MambuRecord } from './records';

export interface BuiltPage {
  page: MambuRecord[];
  body: Buffer;
}

export class PageCache {
  private readonly pages = new Map<string, BuiltPage>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** The page built for `key` before, if it was kept. The key names everything the body depends on, the data
   *  version included, so a change to the data is a miss. */
  get(key: string): BuiltPage | undefined {
    return this.enabled ? this.pages.get(key) : undefined;
  }

  set(key: string, built: BuiltPage): void {
    if (!this.enabled || this.bytes + built.body.length > this.maxBytes) return;
    this.pages.set(key, built);
    this.bytes += built.body.length;
  }
}
