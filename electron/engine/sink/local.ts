// A local folder as destination: same Hive layout as S3, written atomically (temp file in the same directory,
// then rename) so a reader or a crash never sees half a Parquet file. A staged object is such a temp file kept
// until the chunk commits: dot-prefixed, so Hive-style readers (DuckDB, Spark, Athena over a synced copy) skip it.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Destination } from '../types';
import { abortError, assertRelativeKey } from './keys';

const TMP_MARK = '.tmp-';
const STAGED_RE = /^\.(.+)\.staged-[0-9a-f]+$/;

/** Names a query engine skips (Hive convention): hidden and `_`-prefixed files. */
const invisible = (name: string) => name.startsWith('.') || name.startsWith('_');

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

  async function walk(dir: string, rel: string, out: string[], keep: (name: string) => boolean = (n) => !invisible(n)): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw new Error(`cannot list the output folder ${dir} (${fsReason(err)})`);
    }
    for (const e of entries) {
      const key = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(dir, e.name), key, out, keep);
      else if (e.isFile() && keep(e.name)) out.push(key);
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

    async stage(key, body, signal) {
      assertRelativeKey(key);
      if (signal.aborted) throw abortError(signal);
      const target = pathOf(key);
      await ensureDir(dirname(target));
      const token = `.${key.split('/').pop()}.staged-${randomBytes(6).toString('hex')}`;
      const tmp = join(dirname(target), token);
      try {
        await writeFile(tmp, body, { signal });
      } catch (err) {
        await rm(tmp, { force: true });
        if (signal.aborted) throw abortError(signal);
        throw new Error(`cannot write ${tmp} (${fsReason(err)}): check free space and permissions of ${root}`);
      }
      return { key, token };
    },

    async publish(staged, signal) {
      assertRelativeKey(staged.key);
      if (signal.aborted) throw abortError(signal);
      const target = pathOf(staged.key);
      try {
        await rename(join(dirname(target), staged.token), target);
      } catch (err) {
        throw new Error(`cannot publish ${target} (${fsReason(err)})`);
      }
      return target;
    },

    async discard(staged) {
      for (const s of staged) {
        assertRelativeKey(s.key);
        await rm(join(dirname(pathOf(s.key)), s.token), { force: true });
      }
    },

    async listStaged(prefix, signal) {
      if (signal.aborted) throw abortError(signal);
      const out: string[] = [];
      const slash = prefix.lastIndexOf('/');
      const dirKey = slash >= 0 ? prefix.slice(0, slash) : '';
      await walk(dirKey ? pathOf(dirKey) : root, dirKey, out, (n) => STAGED_RE.test(n));
      return out
        .map((k) => {
          const at = k.lastIndexOf('/');
          const token = k.slice(at + 1);
          return { key: `${k.slice(0, at + 1)}${STAGED_RE.exec(token)![1]}`, token };
        })
        .filter((s) => s.key.startsWith(prefix))
        .sort((a, b) => (a.key + a.token).localeCompare(b.key + b.token));
    },

    async read(key, signal, tail) {
      assertRelativeKey(key);
      if (signal.aborted) throw abortError(signal);
      let fh;
      try {
        fh = await open(pathOf(key), 'r');
      } catch (err) {
        throw new Error(`cannot read ${pathOf(key)} (${fsReason(err)})`);
      }
      try {
        const { size } = await fh.stat();
        const n = tail === undefined ? size : Math.min(tail, size);
        const bytes = new Uint8Array(n);
        let got = 0;
        while (got < n) {
          const { bytesRead } = await fh.read(bytes, got, n - got, size - n + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return { bytes: got === n ? bytes : bytes.subarray(0, got), size };
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
