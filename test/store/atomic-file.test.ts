import { spawnSync } from 'node:child_process';
import { promises as fs, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isTempFile,
  readJsonFile,
  renameWithRetry,
  sweepStaleTemps,
  writeFileAtomic,
  writeJsonAtomic,
  type ReadJsonOptions,
} from '../../electron/engine/store/atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mb-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const numbers: ReadJsonOptions<number[]> = {
  version: 2,
  label: 'numbers file',
  parse: (env) =>
    Array.isArray(env.items) && env.items.every((n) => typeof n === 'number')
      ? { ok: true, value: env.items as number[] }
      : { ok: false, issues: [{ field: 'items', message: 'must be a list of numbers' }] },
};

describe('writeFileAtomic', () => {
  it('writes the content with mode 0600 and leaves no temp file behind', async () => {
    const file = path.join(dir, 'sub', 'a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await fs.readFile(file, 'utf8')).toBe('two');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await fs.readdir(path.dirname(file))).toEqual(['a.json']);
  });

  it('keeps the old file intact when the process is killed between write and rename', async () => {
    const file = path.join(dir, 'presets.json');
    await writeJsonAtomic(file, 1, { items: [1, 2, 3] });
    const before = await fs.readFile(file, 'utf8');
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'crash-writer.ts'), file, '{"version":1,"items":[9]}'],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(child.signal).toBe('SIGKILL');
    // The crash left its temp file (fully written) but the target was never replaced.
    const names = await fs.readdir(dir);
    const temps = names.filter(isTempFile);
    expect(temps).toHaveLength(1);
    expect(child.stdout.trim()).toBe(path.join(dir, temps[0]!));
    expect(await fs.readFile(file, 'utf8')).toBe(before);
    const r = await readJsonFile(file, numbers);
    expect(r).toMatchObject({ status: 'ok', value: [1, 2, 3] });
    // Later writes work, and the stale temp is swept once old enough (not while young: it may be a live writer's).
    await writeJsonAtomic(file, 1, { items: [4] });
    expect(await sweepStaleTemps(dir, 60_000)).toEqual([]);
    expect(await sweepStaleTemps(dir, 60_000, Date.now() + 120_000)).toEqual(temps);
    expect(await fs.readdir(dir)).toEqual(['presets.json']);
  });

  it('removes its temp file when the write fails before the rename', async () => {
    const file = path.join(dir, 'x.json');
    await expect(writeFileAtomic(file, 'data', { beforeRename: () => Promise.reject(new Error('disk gone')) })).rejects.toThrow(
      'disk gone',
    );
    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe('renameWithRetry', () => {
  const busy = (n: number) => {
    let calls = 0;
    return {
      get calls() {
        return calls;
      },
      rename: async () => {
        calls++;
        if (calls <= n) throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' });
      },
    };
  };

  it('retries EBUSY/EPERM briefly on Windows', async () => {
    const r = busy(2);
    await renameWithRetry('a', 'b', { rename: r.rename, platform: 'win32', delaysMs: [1, 1, 1] });
    expect(r.calls).toBe(3);
  });

  it('gives up after its retries on Windows, and does not retry elsewhere', async () => {
    const r = busy(10);
    await expect(renameWithRetry('a', 'b', { rename: r.rename, platform: 'win32', delaysMs: [1, 1] })).rejects.toThrow('EBUSY');
    expect(r.calls).toBe(3);
    const l = busy(1);
    await expect(renameWithRetry('a', 'b', { rename: l.rename, platform: 'linux', delaysMs: [1, 1] })).rejects.toThrow('EBUSY');
    expect(l.calls).toBe(1);
  });
});

describe('readJsonFile', () => {
  const now = () => new Date('2025-04-07T10:15:00.123Z');

  it('reports a missing file as missing', async () => {
    expect(await readJsonFile(path.join(dir, 'none.json'), numbers)).toMatchObject({ status: 'missing' });
  });

  it.each([
    ['truncated JSON', '{"version":1,"items":[1,2'],
    ['an empty file', ''],
    ['no version', '{"items":[1]}'],
    ['an array', '[1,2]'],
    ['content failing validation', '{"version":1,"items":["x"]}'],
  ])('moves %s aside with a clear message, never deleting it', async (_label, content) => {
    const file = path.join(dir, 'data.json');
    await fs.writeFile(file, content);
    const r = await readJsonFile(file, { ...numbers, now });
    expect(r.status).toBe('corrupt');
    if (r.status !== 'corrupt') return;
    expect(r.movedTo).toBe(`${file}.corrupt-2025-04-07T10-15-00-123Z`);
    expect(await fs.readFile(r.movedTo!, 'utf8')).toBe(content);
    expect(r.message).toContain('numbers file');
    expect(r.message).toContain('moved aside to data.json.corrupt-2025-04-07T10-15-00-123Z');
    await expect(fs.access(file)).rejects.toThrow();
  });

  it('does not overwrite an earlier copy kept aside', async () => {
    const file = path.join(dir, 'data.json');
    await fs.writeFile(file, 'first');
    await readJsonFile(file, { ...numbers, now });
    await fs.writeFile(file, 'second');
    const r = await readJsonFile(file, { ...numbers, now });
    expect(r.status === 'corrupt' && r.movedTo).toBe(`${file}.corrupt-2025-04-07T10-15-00-123Z-2`);
    expect(await fs.readFile(`${file}.corrupt-2025-04-07T10-15-00-123Z`, 'utf8')).toBe('first');
  });

  it('keeps a file from a newer version exactly as it is', async () => {
    const file = path.join(dir, 'data.json');
    const content = '{"version":3,"items":"a new shape"}';
    await fs.writeFile(file, content);
    const r = await readJsonFile(file, numbers);
    expect(r).toMatchObject({ status: 'future-version', version: 3 });
    expect(r.status === 'future-version' && r.message).toMatch(/newer Mambu Backfill \(format 3; this version reads up to 2\)/);
    expect(await fs.readFile(file, 'utf8')).toBe(content);
    expect(await fs.readdir(dir)).toEqual(['data.json']);
  });

  it('passes older versions to the parser to migrate', async () => {
    const file = path.join(dir, 'data.json');
    await writeJsonAtomic(file, 1, { items: [7] });
    let seen = 0;
    const r = await readJsonFile(file, { ...numbers, parse: (env, v) => ((seen = v), numbers.parse(env, v)) });
    expect(seen).toBe(1);
    expect(r).toMatchObject({ status: 'ok', version: 1, value: [7] });
  });
});
