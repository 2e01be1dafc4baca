// The journal's promise (journaled-run.ts): "a crash … loses at most the chunk in flight". That holds only if a
// chunk's outcome is on disk before the next chunk starts. Checked deterministically in-process: when chunk k+1
// starts, the journal file must already say chunk k is ✓. A SIGKILL at that moment (what crash-resume.test.ts
// does at random) would otherwise lose chunk k as well.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { makeEvent, runEngine, tempDir } from './harness';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
});
afterAll(async () => sim?.close());

describe('run journal durability', () => {
  it("holds chunk k's outcome on disk by the time chunk k+1 starts", async () => {
    const runsDir = await tempDir('runs');
    const event = makeEvent({});
    const seenAtStart: Array<{ index: number; previous: string | undefined }> = [];
    const r = await runEngine({
      sim,
      event,
      destination: { kind: 'local', name: 'tmp', path: await tempDir('out') },
      runsDir,
      onEvent: (e) => {
        if (e.type !== 'chunk-started' || e.index === 1) return;
        // What is on disk: the snapshot, and the outcomes appended to the chunk log since (last one wins).
        const journal = JSON.parse(readFileSync(path.join(runsDir, `${e.runId}.json`), 'utf8')) as {
          run: { chunks: Array<{ index: number; status: string }> };
        };
        const log = path.join(runsDir, `${e.runId}.chunks.jsonl`);
        const appended = existsSync(log)
          ? readFileSync(log, 'utf8')
              .split('\n')
              .filter(Boolean)
              .map((l) => (JSON.parse(l) as { chunk: { index: number; status: string } }).chunk)
          : [];
        const onDisk = [...journal.run.chunks, ...appended].filter((c) => c.index === e.index - 1).at(-1);
        seenAtStart.push({ index: e.index, previous: onDisk?.status });
      },
    });
    expect(r.record.status).toBe(0);
    expect(seenAtStart).toEqual([
      { index: 2, previous: 'success' },
      { index: 3, previous: 'success' },
    ]);
  });
});
