// A local folder as destination: same Hive layout as S3, written atomically (temp file in the same directory,
// then rename) so a reader or a crash never sees half a Parquet file.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Destination } from '../types';
import { abortError, assertRelativeKey } from './keys';

const TMP_MARK = '.tmp-';

function fsReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message ?? String(err);
}

export function createLocalDestination(folder: string): Destination {
  const root = resolve(folder);
  const pathOf = (key: string) => join(root, ...key.split('/'));
  const uriOf = (key: string) => pathOf(key);

  async function ensureDir(dir: string): Promise<void> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      throw new Error(`cannot create the output folder ${dir} (${fsReason(err)}): choose a folder you can write to`);
    }
  }

  async function walk(dir: string, rel: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw new Error(`cannot list the output folder ${dir} (${fsReason(err)})`);
    }
    for (const e of entries) {
      const key = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(dir, e.name), key, out);
      else if (e.isFile() && !(e.name.startsWith('.') && e.name.includes(TMP_MARK))) out.push(key);
    }
  }

  return {
    uri: root.endsWith(sep) ? root : root + sep,
    uriOf,

    async check(signal) {
      if (signal.aborted) throw abortError(signal);
      await ensureDir(root);
      const probe = join(root, `.mambu_backfill_probe${TMP_MARK}${randomBytes(6).toString('hex')}`);
      try {
        await writeFile(probe, 'probe', { signal });
      } catch (err) {
        if (signal.aborted) throw abortError(signal);
        throw new Error(`the output folder ${root} is not writable (${fsReason(err)}): choose a folder you can write to`);
      }
      await rm(probe, { force: true });
    },

    async put(key, body, signal) {
      assertRelativeKey(key);
      if (signal.aborted) throw abortError(signal);
      const target = pathOf(key);
      const dir = dirname(target);
      await ensureDir(dir);
      const tmp = join(dir, `.${key.split('/').pop()}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        await writeFile(tmp, body, { signal });
        await rename(tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        if (signal.aborted) throw abortError(signal);
        throw new Error(`cannot write ${target} (${fsReason(err)}): check free space and permissions of ${root}`);
      }
      return target;
    },

    async readTail(key, bytes, signal) {
      assertRelativeKey(key);
      if (signal.aborted) throw abortError(signal);
      const fh = await open(pathOf(key), 'r');
      try {
        const size = (await fh.stat()).size;
        const n = Math.min(size, bytes);
        const buf = new Uint8Array(n);
        await fh.read(buf, 0, n, size - n);
        return buf;
      } finally {
        await fh.close();
      }
    },

    async list(prefix, signal) {
      if (signal.aborted) throw abortError(signal);
      // Walk only the deepest directory the prefix names, then filter by the rest of it.
      const slash = prefix.lastIndexOf('/');
      const dirKey = slash >= 0 ? prefix.slice(0, slash) : '';
      const out: string[] = [];
      await walk(dirKey ? pathOf(dirKey) : root, dirKey, out);
      return out.filter((k) => k.startsWith(prefix)).sort();
    },

    async delete(keys, signal) {
      const dirs = new Set<string>();
      for (const key of keys) {
        assertRelativeKey(key);
        if (signal.aborted) throw abortError(signal);
        try {
          await unlink(pathOf(key));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
            throw new Error(`cannot delete ${pathOf(key)} (${fsReason(err)})`);
          }
        }
        dirs.add(dirname(pathOf(key)));
      }
      // Tidy partitions left empty (S3 has no folders; a local reader should not see empty date= folders).
      for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
        for (let cur = d; cur.startsWith(root + sep) && cur !== root; cur = dirname(cur)) {
          try {
            await rmdir(cur);
          } catch {
            break; // not empty (or gone): stop climbing
          }
        }
      }
    },
  };
}
