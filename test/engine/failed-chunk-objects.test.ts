// A chunk that fails after some of its parts were uploaded leaves nothing visible (its parts were staged, never
// published) and nothing staged either (discarded when it failed); running it again lands it whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { makeEvent, runEngine, tempDir } from '../reliability/harness';
import { listFiles } from '../helpers/landed';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 11 });
});
afterAll(async () => sim?.close());

const toPath = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);

describe('a chunk that fails mid-way', () => {
  it('leaves no object of its window, visible or staged, and a second run lands it', async () => {
    const out = await tempDir('partial-out');
    const event = makeEvent({ start_date: '2025-01-01 00:00:00', end_date: '2025-01-03 00:00:00' });
    // Pages of 10 (offset advances by 8), parts of 7 rows: chunk 2 flushes parts, then its page at offset 24 fails.
    sim.faults.add({
      kind: 'status',
      status: 400,
      endpoint: 'loans/transactions:search',
      windowStart: '2025-01-02',
      minOffset: 24,
      times: Infinity,
    });
    const first = await runEngine({
      sim,
      event,
      destination: { kind: 'local', name: 'tmp', path: out },
      partRows: 7,
      runsDir: await tempDir('partial-runs'),
    });
    const failed = first.record.chunks[1]!;
    expect(failed.status).toBe('failed');
    expect(failed.objects).toEqual([]);
    expect(failed.warnings).toEqual([]);
    // Not even a hidden file: the staged parts were discarded when the chunk failed.
    const onDisk = (await listFiles(out)).filter((f) => f.includes('w20250102T000000Z-20250103T000000Z'));
    expect(onDisk).toEqual([]);
    // The other chunks landed.
    expect((await listFiles(out)).some((f) => f.includes('w20250101T000000Z-20250102T000000Z'))).toBe(true);

    sim.faults.clear();
    const second = await runEngine({
      sim,
      event,
      destination: { kind: 'local', name: 'tmp', path: out },
      partRows: 7,
      runsDir: await tempDir('partial-runs2'),
    });
    const redone = second.record.chunks[1]!;
    expect(redone.status).toBe('success');
    const after = (await listFiles(out)).filter((f) => f.includes('w20250102T000000Z-20250103T000000Z'));
    expect(after.map((f) => path.join(out, f)).sort()).toEqual(redone.objects.map(toPath).sort());
    expect(redone.records).toBe(
      sim.truth.window('loans/transactions:search', 'creationDate', new Date('2025-01-02T00:00:00Z'), new Date('2025-01-03T00:00:00Z'))
        .length,
    );
  });
});
