// Where a run's Parquet is encoded (the process's encoder worker, or the calling thread, as the app's engine thread
// asks: RunOptions.encodeParquet) changes nothing that lands: the same bytes, file for file; and encoding on the
// calling thread starts no encoder worker.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMambuSource } from '../../electron/engine/mambu/source';
import { runBackfill, type RunOptions } from '../../electron/engine/runner';
import { createLocalDestination } from '../../electron/engine/sink/local';
import { encoderWorker } from '../../electron/engine/sink/parquet-encoder';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { listFiles } from '../helpers/landed';
import { connFor } from '../mambu/helpers';
import { makeEvent, tempDir } from '../reliability/harness';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
});
afterAll(async () => sim?.close());

/** Runs three days in daily chunks at a fixed clock (so the extraction time is the same) and returns every landed
 *  file's bytes, sorted (object names carry a per-attempt token, so they are not compared). */
async function landedBytes(encodeParquet: RunOptions['encodeParquet']): Promise<string[]> {
  const root = await tempDir('encode');
  const at = new Date('2026-06-01T12:00:00Z');
  const record = await runBackfill({
    event: makeEvent({ start_date: '2025-01-01 00:00:00', end_date: '2025-01-04 00:00:00', chunk_hours: 24 }),
    source: createMambuSource(connFor(sim)),
    destination: createLocalDestination(root),
    context: { connection: 'sim', destination: 'tmp', destinationUri: root, appVersion: 'test', mode: 'run' },
    onEvent: () => undefined,
    signal: new AbortController().signal,
    now: () => at,
    ...(encodeParquet ? { encodeParquet } : {}),
  });
  expect(record.status).toBe(0);
  const files = (await listFiles(root)).filter((f) => f.endsWith('.parquet'));
  return (await Promise.all(files.map(async (f) => (await readFile(path.join(root, f))).toString('base64')))).sort();
}

describe('RunOptions.encodeParquet', () => {
  it('on this thread: the same Parquet bytes as the encoder worker, and no worker started', async () => {
    const inline = await landedBytes('on-this-thread');
    expect(encoderWorker()).toBeUndefined();
    const inWorker = await landedBytes('in-worker');
    expect(encoderWorker()).toBeDefined();
    expect(inline.length).toBeGreaterThanOrEqual(3);
    expect(inline).toEqual(inWorker);
  });
});
