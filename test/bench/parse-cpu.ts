// The yardstick of the CPU goal: what JSON.parse alone costs on the very pages the engine fetched. The pages are
// fetched first (same requests as the bare loop), then parsed back to back, several times, and the CPU of the
// parsing alone is measured (median pass), so neither the network nor the simulator is counted.
import { overlapFor } from '../../electron/engine/mambu/pager';
import { benchPageUrl, benchSearchBody } from './bench-event';

export interface ParseCpu {
  pages: number;
  /** CPU of parsing every page once (median of the passes). */
  parseCpuMs: number;
}

export async function fetchPages(simUrl: string, limit: number): Promise<string[]> {
  const overlap = overlapFor(limit);
  const body = benchSearchBody();
  const pages: string[] = [];
  for (let offset = 0; ; offset += limit - overlap) {
    const res = await fetch(benchPageUrl(simUrl, offset, limit), {
      method: 'POST',
      headers: { Accept: 'application/vnd.mambu.v2+json', apiKey: 'bench', 'Content-Type': 'application/json' },
      body,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`parse-cpu: simulator answered ${res.status}`);
    pages.push(text);
    if ((JSON.parse(text) as unknown[]).length < limit) break;
  }
  return pages;
}

let sink = 0;

/** CPU (ms, all of this process's threads) of one JSON.parse of every page, back to back. */
export function parsePassMs(pages: readonly string[]): number {
  const c0 = process.cpuUsage();
  for (const text of pages) sink += (JSON.parse(text) as unknown[]).length;
  const c = process.cpuUsage(c0);
  if (sink < 0) console.log(sink);
  return (c.user + c.system) / 1000;
}

export async function parseCpuOfPages(o: { simUrl: string; pageSize?: number; passes?: number }): Promise<ParseCpu> {
  const pages = await fetchPages(o.simUrl, o.pageSize ?? 1000);
  const passes: number[] = [];
  for (let p = 0; p < (o.passes ?? 5); p++) passes.push(parsePassMs(pages));
  passes.sort((a, b) => a - b);
  return { pages: pages.length, parseCpuMs: passes[Math.floor(passes.length / 2)]! };
}
