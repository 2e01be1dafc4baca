import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalDestination } from '../../electron/engine/sink/local';

const signal = () => new AbortController().signal;

describe('local destination', () => {
  it('writes, replaces, lists and deletes objects; no temp files left', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'dest-')), 'out', 'nested');
    const d = createLocalDestination(root);
    await d.check(signal());
    expect(await readdir(root)).toEqual([]);
    const uri = await d.put('t/date=20250101/a.parquet', new Uint8Array([1, 2]), signal());
    expect(uri).toBe(join(root, 't', 'date=20250101', 'a.parquet'));
    await d.put('t/date=20250101/a.parquet', new Uint8Array([3]), signal());
    await d.put('t/date=20250102/b.parquet', new Uint8Array([4]), signal());
    await d.put('u/c.parquet', new Uint8Array([5]), signal());
    expect([...(await readFile(uri))]).toEqual([3]);
    expect(await d.list('', signal())).toEqual(['t/date=20250101/a.parquet', 't/date=20250102/b.parquet', 'u/c.parquet']);
    expect(await d.list('t/date=20250102/', signal())).toEqual(['t/date=20250102/b.parquet']);
    expect(await d.list('t/date=2025', signal())).toEqual(['t/date=20250101/a.parquet', 't/date=20250102/b.parquet']);
    expect(await d.list('missing/', signal())).toEqual([]);
    expect(await readdir(join(root, 't', 'date=20250101'))).toEqual(['a.parquet']);
    await d.delete(['t/date=20250102/b.parquet', 't/date=20250102/gone.parquet'], signal());
    expect(await d.list('t/', signal())).toEqual(['t/date=20250101/a.parquet']);
    expect(await readdir(join(root, 't'))).toEqual(['date=20250101']); // the emptied partition folder is gone
  });

  it('rejects keys that escape the root', async () => {
    const d = createLocalDestination(await mkdtemp(join(tmpdir(), 'dest-')));
    await expect(d.put('../x', new Uint8Array([1]), signal())).rejects.toThrowError(/must be a relative path/);
    await expect(d.put('/abs', new Uint8Array([1]), signal())).rejects.toThrowError(/must be a relative path/);
  });

  it('says clearly when the folder cannot be created or written', async () => {
    const base = await mkdtemp(join(tmpdir(), 'dest-'));
    const file = join(base, 'a-file');
    await writeFile(file, 'x');
    await expect(createLocalDestination(join(file, 'sub')).check(signal())).rejects.toThrowError(
      new RegExp(`cannot create the output folder ${file}/sub \\((ENOTDIR|EEXIST)\\): choose a folder you can write to`),
    );
    if (process.getuid?.() !== 0) {
      const ro = join(base, 'ro');
      await createLocalDestination(ro).check(signal());
      await chmod(ro, 0o555);
      await expect(createLocalDestination(ro).check(signal())).rejects.toThrowError(/is not writable \(EACCES\)/);
    }
  });

  it('honours an aborted signal', async () => {
    const d = createLocalDestination(await mkdtemp(join(tmpdir(), 'dest-')));
    const ac = new AbortController();
    ac.abort(new Error('stop now'));
    await expect(d.put('k', new Uint8Array([1]), ac.signal)).rejects.toThrowError('stop now');
    expect(await d.list('', signal())).toEqual([]);
  });
});
