// The Mambu simulator in its own process (own event loop, like a real server), for the benchmarks. It is
// electron/simulator/cli.ts plus an IPC channel: cli.ts only prints its URL, and the benchmarks must read the
// request log (how many pages were really asked for) and maxConcurrency (sequential paging proof) back.
// argv[2]: JSON SimulatorOptions. Sends {type:'ready', url}; answers {type:'stats'} with SimStats.
import { startSimulator, type SimulatorOptions } from '../../electron/simulator/server';

export interface SimStats {
  /** Every request the simulator answered (setup check included). */
  requests: number;
  /** Requests answered 200 with a page. */
  ok: number;
  /** Of those, answered from the page cache (SimulatorOptions.pageCacheBytes) instead of a page built anew. */
  cached: number;
  maxConcurrency: number;
  /** Sum of `limit` asked for, and the highest offset seen (for sanity checks). */
  maxOffset: number;
  /** Time between consecutive request arrivals, ms (sorted): latency + the client's own time per page. */
  gapsMs: number[];
  /** From the first request's arrival to the last one's, ms. */
  spanMs: number;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
const sim = await startSimulator({ host: '127.0.0.1', port: 0, auth: 'none', ...opts });
process.send!({ type: 'ready', url: sim.url });
process.on('message', (m: { type?: string }) => {
  if (m?.type === 'stats') {
    let maxOffset = 0;
    for (const r of sim.requests) maxOffset = Math.max(maxOffset, Number(r.query.offset ?? 0));
    const stats: SimStats = {
      requests: sim.requests.length,
      ok: sim.requests.filter((r) => r.status === 200).length,
      cached: sim.requests.filter((r) => r.cached).length,
      maxConcurrency: sim.maxConcurrency,
      maxOffset,
      gapsMs: sim.requests
        .slice(1)
        .map((r, i) => r.at - sim.requests[i]!.at)
        .sort((a, b) => a - b),
      spanMs: sim.requests.length > 1 ? sim.requests[sim.requests.length - 1]!.at - sim.requests[0]!.at : 0,
    };
    process.send!({ type: 'stats', stats });
  } else if (m?.type === 'reset') {
    sim.requests.length = 0;
    process.send!({ type: 'reset' });
  }
});
// The parent's IPC channel closing (it exited or killed us) ends the simulator too.
process.on('disconnect', () => void sim.close().finally(() => process.exit(0)));
