// One backfill of a single one-day chunk through the real engine: Mambu client → transform → Parquet → S3.
import { runBackfill } from '../../electron/engine/runner';
import { createMambuSource } from '../../electron/engine/mambu/source';
import type { Destination, MambuConnection } from '../../electron/engine/types';
import { benchEvent } from './bench-event';
import type { ChunkResult, RunEvent } from '../../shared/run-types';

export function benchConnection(baseUrl: string, pageSize = 1000): MambuConnection {
  return {
    name: 'bench',
    baseUrl,
    auth: { kind: 'apiKey', apiKey: 'bench' },
    timezone: 'UTC',
    pageSize,
    // No request-rate cap: the cap is a politeness policy, not engine overhead (the simulator is local).
    requestsPerSecond: 0,
    timeoutMs: 120_000,
    maxRetries: 0,
    backoffBaseMs: 10,
    backoffMaxMs: 100,
  };
}

export interface EngineRun {
  wallMs: number;
  chunk: ChunkResult;
  events: number;
}

export async function runEngineOnce(o: {
  simUrl: string;
  destination: Destination;
  pageSize?: number;
  partRows?: number;
  partBytes?: number;
}): Promise<EngineRun> {
  const event = benchEvent();
  const source = createMambuSource(benchConnection(o.simUrl, o.pageSize));
  let events = 0;
  const started = performance.now();
  const record = await runBackfill({
    event,
    source,
    destination: o.destination,
    context: { connection: 'bench', destination: 'bench', destinationUri: o.destination.uri, appVersion: 'bench', mode: 'run' },
    onEvent: (_e: RunEvent) => void events++,
    signal: new AbortController().signal,
    partRows: o.partRows,
    partBytes: o.partBytes,
  });
  const wallMs = performance.now() - started;
  const chunk = record.chunks[0]!;
  if (chunk.status !== 'success') throw new Error(`bench chunk ${chunk.status}: ${chunk.error ?? ''}`);
  return { wallMs, chunk, events };
}
