// Crash-safe files for presets and run journals. A write goes to a temp file in the same folder, is fsynced, then
// renamed over the target, so a reader sees the old content or the new one, never half of either. JSON files carry a
// `{ "version": N, ... }` envelope; a file we cannot read is reported and moved aside (never overwritten), and a
// file from a newer version is left exactly where it is.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { StoreIssue } from './store-error';

const TEMP_SUFFIX = '.tmp';

export interface AtomicWriteOptions {
  /** Default 0o600: journals and presets are the user's business only. */
  mode?: number;
  /** Test seam: runs after the temp file is written and fsynced, just before the rename. */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

/** Writes `data` to `file` atomically (temp file + fsync + rename), creating the folder (0700) if needed. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const mode = opts.mode ?? 0o600;
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // Same folder as the target: rename is only atomic within one file system.
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    try {
      // The umask may have narrowed the mode; chmod makes it exact (a no-op beyond read-only on Windows).
      await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await opts.beforeRename?.(tmp);
    await renameWithRetry(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await fsyncDir(dir);
}

export interface RenameRetryOptions {
  rename?: (from: string, to: string) => Promise<void>;
  platform?: NodeJS.Platform;
  /** Waits between attempts; the number of retries is its length. */
  delaysMs?: readonly number[];
}

const WINDOWS_TRANSIENT = new Set(['EPERM', 'EBUSY', 'EACCES']);

/** On Windows a virus scanner or indexer briefly holding the target makes rename fail with EPERM/EBUSY; retry a
 *  few times over about a second. Elsewhere those errors are real and are thrown at once. */
export async function renameWithRetry(from: string, to: string, opts: RenameRetryOptions = {}): Promise<void> {
  const rename = opts.rename ?? fs.rename;
  const platform = opts.platform ?? process.platform;
  const delays = opts.delaysMs ?? [20, 50, 100, 200, 300, 400];
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      const delay = delays[attempt];
      if (platform !== 'win32' || !WINDOWS_TRANSIENT.has(code) || delay === undefined) throw e;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** Makes the rename itself durable. Not supported on Windows (and some file systems): best effort. */
async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let h: fs.FileHandle | undefined;
  try {
    h = await fs.open(dir, 'r');
    await h.sync();
  } catch {
    // Durability of the directory entry is a bonus; the data itself is already synced.
  } finally {
    await h?.close().catch(() => undefined);
  }
}

/** Whether a folder entry is one of our temp files (a write that never reached its rename). */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** Removes temp files left by crashed writes that are older than `maxAgeMs` (young ones may belong to a live
 *  writer in another process). Returns the names removed. */
export async function sweepStaleTemps(dir: string, maxAgeMs = 10 * 60_000, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter(isTempFile)) {
    const p = path.join(dir, name);
    try {
      const st = await fs.stat(p);
      if (now - st.mtimeMs >= maxAgeMs) {
        await fs.rm(p, { force: true });
        removed.push(name);
      }
    } catch {
      // Gone already (its writer finished): fine.
    }
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------------------------
// Versioned JSON

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: StoreIssue[] };

export interface ReadJsonOptions<T> {
  /** The highest envelope version this build understands. */
  version: number;
  /** What the file holds, for messages, e.g. "presets file". */
  label: string;
  /** Validates (and migrates from an older `version`) the envelope's content. Never throws. */
  parse: (envelope: Record<string, unknown>, version: number) => ParseResult<T>;
  /** Move an unreadable file aside (default true). With false it is only reported. */
  moveAside?: boolean;
  now?: () => Date;
}

export type JsonReadResult<T> =
  | { status: 'missing'; path: string }
  | { status: 'ok'; path: string; version: number; value: T }
  /** `movedTo` is null when moving aside was not asked for or failed; the file is then still in place. */
  | { status: 'corrupt'; path: string; movedTo: string | null; message: string; issues: StoreIssue[] }
  | { status: 'future-version'; path: string; version: number; message: string };

/** Reads a versioned JSON file. Never throws for bad content: unreadable files come back as `corrupt` (and are
 *  moved aside to `<name>.corrupt-<timestamp>`), newer ones as `future-version` (left untouched). I/O errors other
 *  than "not found" (permissions, …) are thrown: they are not the file's fault and moving it would not help. */
export async function readJsonFile<T>(file: string, opts: ReadJsonOptions<T>): Promise<JsonReadResult<T>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing', path: file };
    throw e;
  }
  const checked = checkEnvelope(text, opts);
  if (checked.status !== 'corrupt') return { ...checked, path: file } as JsonReadResult<T>;
  let movedTo: string | null = null;
  if (opts.moveAside !== false) {
    try {
      movedTo = await moveAside(file, opts.now?.() ?? new Date());
    } catch {
      movedTo = null;
    }
  }
  const where = movedTo
    ? `It was moved aside to ${path.basename(movedTo)} (nothing was deleted); fix or remove that copy.`
    : `It was left in place; fix or remove it.`;
  const detail = checked.issues
    .slice(0, 10)
    .map((i) => `${i.field}: ${i.message}`)
    .join('; ');
  const more = checked.issues.length > 10 ? ` (and ${checked.issues.length - 10} more)` : '';
  return {
    status: 'corrupt',
    path: file,
    movedTo,
    issues: checked.issues,
    message: `The ${opts.label} ${file} could not be read (${detail}${more}). ${where}`,
  };
}

type Checked<T> =
  | { status: 'ok'; version: number; value: T }
  | { status: 'corrupt'; issues: StoreIssue[] }
  | { status: 'future-version'; version: number; message: string };

function checkEnvelope<T>(text: string, opts: ReadJsonOptions<T>): Checked<T> {
  if (text.trim() === '') return { status: 'corrupt', issues: [{ field: 'file', message: 'the file is empty' }] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { status: 'corrupt', issues: [{ field: 'file', message: `not valid JSON (${(e as Error).message})` }] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { status: 'corrupt', issues: [{ field: 'file', message: 'expected a JSON object with a "version" field' }] };
  }
  const envelope = data as Record<string, unknown>;
  const version = envelope.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { status: 'corrupt', issues: [{ field: 'version', message: 'missing or not a positive whole number' }] };
  }
  if (version > opts.version) {
    return {
      status: 'future-version',
      version,
      message:
        `The ${opts.label} was written by a newer Mambu Backfill (format ${version}; this version reads up to ${opts.version}). ` +
        `It was left untouched and is read-only here; update Mambu Backfill to use it.`,
    };
  }
  const parsed = opts.parse(envelope, version);
  return parsed.ok ? { status: 'ok', version, value: parsed.value } : { status: 'corrupt', issues: parsed.issues };
}

/** Renames `file` to `<file>.corrupt-<UTC timestamp>` (with `-2`, `-3`… if taken). Returns the new path. */
export async function moveAside(file: string, at: Date = new Date()): Promise<string> {
  // No ':' in the stamp: Windows forbids it in file names.
  const stamp = at.toISOString().replace(/:/g, '-').replace(/\./g, '-');
  for (let n = 1; ; n++) {
    const target = `${file}.corrupt-${stamp}${n > 1 ? `-${n}` : ''}`;
    try {
      await fs.access(target);
      continue;
    } catch {
      await renameWithRetry(file, target);
      return target;
    }
  }
}

/** Serialises `{ version, ...body }` and writes it atomically. */
export async function writeJsonAtomic(
  file: string,
  version: number,
  body: Record<string, unknown>,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  await writeFileAtomic(file, JSON.stringify({ version, ...body }, null, 2) + '\n', opts);
}
