import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { PresetStore, type StoreProblem } from '../../electron/engine/store/presets';
import { isStoreError } from '../../electron/engine/store/store-error';

let dir: string;
let file: string;
let clock: number;
const now = () => new Date(clock++ * 1000 + Date.UTC(2025, 3, 7, 10));
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mb-presets-'));
  file = path.join(dir, 'presets.json');
  clock = 0;
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const input = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  event: SAMPLE_EVENT,
  connection: 'Prod tenant',
  destination: 'Raw zone',
  ...over,
});

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('PresetStore CRUD', () => {
  it('saves, lists, gets and deletes, persisting to presets.json', async () => {
    const store = new PresetStore(file, { now });
    expect(await store.list()).toEqual([]);
    const saved = await store.save(input('  Daily   loans ', { event: { ...SAMPLE_EVENT, request_type: 'Post', chunk_hours: '12' } }));
    expect(saved).toMatchObject({
      name: 'Daily loans',
      connection: 'Prod tenant',
      destination: 'Raw zone',
      createdAt: '2025-04-07T10:00:00.000Z',
    });
    expect(saved.event).toEqual({ ...SAMPLE_EVENT, chunk_hours: 12 });
    await store.save(input('Another'));

    // A second store on the same file (the CLI next to the app) sees the same presets.
    const other = new PresetStore(file);
    expect((await other.list()).map((p) => p.name)).toEqual(['Another', 'Daily loans']);
    expect(await other.get('daily LOANS')).toEqual(saved);
    const onDisk = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(onDisk.version).toBe(1);
    expect(onDisk.presets).toHaveLength(2);

    expect((await store.delete('Another')).name).toBe('Another');
    expect((await other.list()).map((p) => p.name)).toEqual(['Daily loans']);
    const err = await rejection(store.delete('Another'));
    expect(isStoreError(err, 'not-found')).toBe(true);
  });

  it('refuses to save over an existing name unless asked, keeping createdAt when overwriting', async () => {
    const store = new PresetStore(file, { now });
    const first = await store.save(input('Daily'));
    const err = await rejection(store.save(input('DAILY', { connection: 'Other' })));
    expect(isStoreError(err, 'conflict')).toBe(true);
    expect((err as Error).message).toContain('A preset named "Daily" already exists');
    const replaced = await store.save(input('Daily', { connection: 'Other' }), { overwrite: true });
    expect(replaced.connection).toBe('Other');
    expect(replaced.createdAt).toBe(first.createdAt);
    expect(replaced.updatedAt > first.updatedAt).toBe(true);
    expect(await store.list()).toHaveLength(1);
  });

  it('rejects secrets and unknown keys, and invalid events, naming every field', async () => {
    const store = new PresetStore(file);
    const err = await rejection(
      store.save({ ...input('X'), apiKey: 'k-123', event: { ...SAMPLE_EVENT, chunk_hours: 0, start_date: 'yesterday' } } as never),
    );
    expect(isStoreError(err, 'invalid')).toBe(true);
    const fields = (err as { issues: Array<{ field: string }> }).issues.map((i) => i.field).sort();
    expect(fields).toEqual(['apiKey', 'event.chunk_hours', 'event.start_date']);
    expect((err as Error).message).toMatch(/never hold secrets/);
    await expect(fs.access(file)).rejects.toThrow();
  });

  it('renames, with a clear conflict error', async () => {
    const store = new PresetStore(file, { now });
    await store.save(input('A'));
    await store.save(input('B'));
    const err = await rejection(store.rename('A', 'b'));
    expect(isStoreError(err, 'conflict')).toBe(true);
    expect((err as Error).message).toBe(
      'Cannot rename "A" to "b": a preset with that name already exists. Choose another name or delete the other preset first.',
    );
    expect((await store.rename('A', 'a')).name).toBe('a'); // a change of case only is fine
    const renamed = await store.rename('a', 'Monthly accounts');
    expect(renamed.name).toBe('Monthly accounts');
    expect((await store.list()).map((p) => p.name)).toEqual(['B', 'Monthly accounts']);
    expect(isStoreError(await rejection(store.rename('nope', 'C')), 'not-found')).toBe(true);
    expect(isStoreError(await rejection(store.rename('B', '  ')), 'invalid')).toBe(true);
  });

  it('duplicates as "X copy", "X copy 2", …', async () => {
    const store = new PresetStore(file, { now });
    await store.save(input('Daily'));
    expect((await store.duplicate('Daily')).name).toBe('Daily copy');
    expect((await store.duplicate('Daily')).name).toBe('Daily copy 2');
    expect((await store.duplicate('Daily copy')).name).toBe('Daily copy copy');
    const named = await store.duplicate('Daily', 'Weekly');
    expect(named.event).toEqual((await store.get('Daily'))!.event);
    expect(isStoreError(await rejection(store.duplicate('Daily', 'weekly')), 'conflict')).toBe(true);
    expect((await store.list()).map((p) => p.name)).toEqual(['Daily', 'Daily copy', 'Daily copy 2', 'Daily copy copy', 'Weekly']);
  });

  it('serialises concurrent changes so none is lost', async () => {
    const store = new PresetStore(file);
    await Promise.all(Array.from({ length: 15 }, (_, i) => store.save(input(`P${i}`))));
    expect(await new PresetStore(file).list()).toHaveLength(15);
  });
});

describe('PresetStore with damaged files', () => {
  it('moves a corrupted presets.json aside, reports it, and keeps working', async () => {
    await fs.writeFile(file, '{"version":1,"presets":[{"name":"Da');
    const problems: StoreProblem[] = [];
    const store = new PresetStore(file, { onProblem: (p) => problems.push(p), now: () => new Date('2025-04-07T10:15:00Z') });
    expect(await store.list()).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.kind).toBe('corrupt');
    expect(problems[0]!.message).toMatch(/presets file .*presets\.json could not be read \(file: not valid JSON/);
    expect(problems[0]!.message).toContain('moved aside to presets.json.corrupt-2025-04-07T10-15-00-000Z');
    expect(await fs.readFile(`${file}.corrupt-2025-04-07T10-15-00-000Z`, 'utf8')).toBe('{"version":1,"presets":[{"name":"Da');
    await store.save(input('Fresh'));
    expect((await store.list()).map((p) => p.name)).toEqual(['Fresh']);
    expect(problems).toHaveLength(1);
  });

  it('keeps the valid presets of a file with a bad entry, and the whole original aside', async () => {
    const good = { ...input('Good'), event: SAMPLE_EVENT, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' };
    const bad = { ...good, name: 'Bad', event: { ...SAMPLE_EVENT, chunk_hours: -1 }, password: 'hunter2' };
    const original = JSON.stringify({ version: 1, presets: [good, bad] });
    await fs.writeFile(file, original);
    const store = new PresetStore(file);
    expect((await store.list()).map((p) => p.name)).toEqual(['Good']);
    const [problem] = store.problems;
    expect(problem!.kind).toBe('invalid-entries');
    expect(problem!.issues.map((i) => i.field).sort()).toEqual(['presets[1].event.chunk_hours', 'presets[1].password']);
    expect(problem!.message).toContain('1 preset in');
    expect(await fs.readFile(problem!.movedTo!, 'utf8')).toBe(original);
    // The rewritten file holds only the good preset and reads cleanly from now on.
    expect((await new PresetStore(file).list()).map((p) => p.name)).toEqual(['Good']);
  });

  it('leaves a future-version file untouched, lists nothing and refuses to write over it', async () => {
    const content = JSON.stringify({ version: 2, presets: [], folders: [] });
    await fs.writeFile(file, content);
    const store = new PresetStore(file);
    expect(await store.list()).toEqual([]);
    expect(store.problems.map((p) => p.kind)).toEqual(['future-version']);
    const err = await rejection(store.save(input('New')));
    expect(isStoreError(err, 'future-version')).toBe(true);
    expect((err as Error).message).toMatch(/newer Mambu Backfill .*update Mambu Backfill/);
    expect(await fs.readFile(file, 'utf8')).toBe(content);
    expect(store.problems).toHaveLength(1);
  });
});
