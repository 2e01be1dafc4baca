// Wiring for the reliability suite: the real engine (openSession + runJournaled, as the CLI and app do) against
// the simulator, with a small backoff and timeout so faults cost milliseconds, and a journal in a temp folder.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BackfillEvent } from '../../shared/event/schema';
import { validateEvent } from '../../shared/event/schema';
import type { RunEvent, RunRecord } from '../../shared/run-types';
import type { DestinationSettings } from '../../shared/settings';
import { openSession } from '../../electron/engine/session';
import { runJournaled } from '../../electron/engine/journaled-run';
import { newRunId } from '../../electron/engine/run-id';
import { JournalStore } from '../../electron/engine/store';
import type { MambuConnection } from '../../electron/engine/types';
import type { S3Credentials } from '../../electron/engine/sink/s3';
import type { Simulator } from '../../electron/simulator';
import { apiKeyConnection } from '../helpers/connections';
import { originalEvent } from '../helpers/events';

export const SIM_API_KEY = 'sim-api-key';

/** Small waits so a fault costs milliseconds, a timeout 300 ms; no rate cap (the simulator is local). */
export const FAST: Partial<MambuConnection> = {
  backoffBaseMs: 5,
  backoffMaxMs: 50,
  timeoutMs: 300,
  maxRetries: 3,
  pageSize: 10,
  requestsPerSecond: 0,
};

export function makeEvent(raw: Record<string, unknown>): BackfillEvent {
  const v = validateEvent(originalEvent(raw));
  if (!v.ok) throw new Error(`test event invalid: ${JSON.stringify(v.issues)}`);
  return v.event;
}

export async function tempDir(name: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `mb-rel-${name}-`));
}

export interface EngineRun {
  record: RunRecord;
  /** The journal as loaded back from disk after the run. */
  journal: RunRecord;
  events: RunEvent[];
  ms: number;
}

export async function runEngine(o: {
  sim: Simulator;
  event: BackfillEvent;
  destination: DestinationSettings;
  s3Credentials?: S3Credentials;
  overrides?: Partial<MambuConnection>;
  partRows?: number;
  runsDir: string;
  onEvent?: (e: RunEvent) => void;
  signal?: AbortSignal;
}): Promise<EngineRun> {
  const t0 = Date.now();
  const session = await openSession({
    connection: apiKeyConnection('simulator', o.sim.url, { pageSize: 10, timeoutSeconds: 60 }),
    secret: SIM_API_KEY,
    destination: o.destination,
    s3Credentials: o.s3Credentials,
    connectionOverrides: { ...FAST, ...o.overrides },
  });
  const store = new JournalStore(o.runsDir);
  const events: RunEvent[] = [];
  const journalErrors: unknown[] = [];
  try {
    const runId = newRunId();
    const { record } = await runJournaled({
      store,
      session,
      runId,
      event: o.event,
      signal: o.signal ?? new AbortController().signal,
      partRows: o.partRows,
      onEvent: (e) => {
        events.push(e);
        o.onEvent?.(e);
      },
      onJournalError: (err) => journalErrors.push(err),
    });
    if (journalErrors.length) throw new Error(`journal write failed: ${String(journalErrors[0])}`);
    const journal = await store.load(runId);
    return { record, journal, events, ms: Date.now() - t0 };
  } finally {
    await session.close();
  }
}

/** A small deterministic PRNG (mulberry32) for seeded tables and kill times. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
