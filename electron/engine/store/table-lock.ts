// One writer per destination table. Two runs (the app, the CLI, two CLIs) writing the same table at once would
// replace each other's chunk objects, so every run, retry and resume takes a lock file in the shared data folder
// (`<MAMBU_BACKFILL_HOME>/locks/`) for (destination URI, table) before chunk 1 and removes it when it ends.
//
// Creating: the lock's full content is written and fsynced to a temp file, then hard-linked to the lock name;
// link() fails with EEXIST when the lock exists, so creation is atomic and a reader never sees half a lock.
// Taking over: a lock whose process is gone (same host, pid not alive) is removed only by the holder of a short
// `<lock>.takeover` mutex (created with O_EXCL), and only if it still holds exactly the content judged stale; the
// new lock is then created by the same link() race as always, so two contenders never both win. A takeover mutex
// left by a process that crashed within those few milliseconds is cleared after 10 s.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LockHolder {
  pid: number;
  hostname: string;
  /** Which face of the product runs it. */
  kind: 'app' | 'cli';
  runId: string;
  /** ISO time the lock was taken. */
  since: string;
  destinationUri: string;
  table: string;
}

export interface TableLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Removes the lock if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

export class TableLockedError extends Error {
  override readonly name = 'TableLockedError';
  constructor(
    readonly holder: LockHolder | undefined,
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export interface LockOptions {
  hostname?: string;
  /** Whether a pid on this host is alive (tests may stand in). */
  isAlive?: (pid: number) => boolean;
  now?: () => Date;
}

const MUTEX_STALE_MS = 10_000;

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `s3://bucket/prefix` and absolute folders, without trailing slashes: one table, one name. */
export function lockTarget(destinationUri: string): string {
  const uri = destinationUri.trim();
  return (/^s3:\/\//i.test(uri) ? uri : path.resolve(uri)).replace(/[/\\]+$/, '');
}

export function lockFileFor(locksDir: string, destinationUri: string, table: string): string {
  const digest = createHash('sha256')
    .update(`${lockTarget(destinationUri)}\n${table}`)
    .digest('hex')
    .slice(0, 32);
  return path.join(locksDir, `${table.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60)}-${digest}.lock`);
}

export function describeHolder(h: LockHolder): string {
  return `${h.kind === 'app' ? 'the app' : 'the CLI'} (pid ${h.pid} on ${h.hostname}, run ${h.runId}) since ${h.since}`;
}

/** Takes the lock of (destinationUri, table) for `runId`, or throws TableLockedError naming who holds it. */
export async function acquireTableLock(
  locksDir: string,
  who: { destinationUri: string; table: string; runId: string; kind: 'app' | 'cli' },
  opts: LockOptions = {},
): Promise<TableLock> {
  const hostname = opts.hostname ?? os.hostname();
  const isAlive = opts.isAlive ?? pidAlive;
  const file = lockFileFor(locksDir, who.destinationUri, who.table);
  const holder: LockHolder = {
    pid: process.pid,
    hostname,
    kind: who.kind,
    runId: who.runId,
    since: (opts.now?.() ?? new Date()).toISOString(),
    destinationUri: lockTarget(who.destinationUri),
    table: who.table,
  };
  const text = JSON.stringify(holder, null, 2) + '\n';
  await fs.mkdir(locksDir, { recursive: true, mode: 0o700 });
  const tmp = path.join(locksDir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const h = await fs.open(tmp, 'wx', 0o600);
  try {
    await h.writeFile(text);
    await h.sync();
  } finally {
    await h.close();
  }
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        await fs.link(tmp, file);
        return { file, holder, release: () => releaseIfOurs(file, text) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const current = await readText(file);
      if (current === undefined) continue; // released meanwhile: try again
      const other = parseHolder(current);
      if (!other) {
        throw new TableLockedError(
          undefined,
          file,
          `Table ${who.table} at ${holder.destinationUri} is locked by ${file}, which cannot be read. If no run is writing this table, remove that file and start again.`,
        );
      }
      const stale = other.hostname === hostname && other.pid !== process.pid && !isAlive(other.pid);
      if (!stale) {
        throw new TableLockedError(
          other,
          file,
          `Table ${who.table} at ${holder.destinationUri} is being written by ${describeHolder(other)}. ` +
            `Two runs must not write one table at once: wait for that run to finish or cancel it, then start again.` +
            (other.hostname !== hostname ? ` (It runs on another computer; if it is gone, remove ${file}.)` : ''),
        );
      }
      await takeOverStale(file, current);
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
    }
    throw new Error(`Could not take the lock ${file}: too many runs are contending for it`);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

async function takeOverStale(file: string, staleText: string): Promise<void> {
  const mutex = `${file}.takeover`;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(mutex, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Someone else is taking it over right now (a few ms); only a mutex from a crashed taker is this old.
    const st = await fs.stat(mutex).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > MUTEX_STALE_MS) await fs.rm(mutex, { force: true });
    return;
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    // Still exactly the lock judged stale? Then nobody took it over before we held the mutex.
    if ((await readText(file)) === staleText) await fs.rm(file, { force: true });
  } finally {
    await fs.rm(mutex, { force: true });
  }
}

async function releaseIfOurs(file: string, text: string): Promise<void> {
  if ((await readText(file)) === text) await fs.rm(file, { force: true });
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof v.pid === 'number' &&
      typeof v.hostname === 'string' &&
      typeof v.runId === 'string' &&
      typeof v.since === 'string' &&
      (v.kind === 'app' || v.kind === 'cli')
    ) {
      return v as LockHolder;
    }
  } catch {
    // not a lock we wrote
  }
  return undefined;
}

/** Reads who holds the lock of (destinationUri, table), if anyone (for messages and tests). */
export async function lockHolder(locksDir: string, destinationUri: string, table: string): Promise<LockHolder | undefined> {
  const text = await readText(lockFileFor(locksDir, destinationUri, table));
  return text === undefined ? undefined : parseHolder(text);
}
