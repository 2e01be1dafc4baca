// Connections and destinations as one JSON file in userData. No secrets here (see secret-store.ts).
// The built-in sandbox connection and the local output folder are not stored: they are always there, so a
// newcomer's first run works with nothing configured.
import { readFile } from 'node:fs/promises';
import {
  connectionSchema,
  destinationSchema,
  SANDBOX_CONNECTION,
  SANDBOX_SETTINGS,
  type ConnectionSettings,
  type DestinationSettings,
} from '../../../shared/settings';
import { moveAside, writeFileAtomic, writeQueue } from '../../engine/store';

export const LOCAL_DESTINATION = 'Local folder';

interface SettingsFile {
  version: 1;
  connections: ConnectionSettings[];
  destinations: DestinationSettings[];
}

export interface SettingsSnapshot {
  connections: Array<ConnectionSettings & { builtIn: boolean }>;
  destinations: Array<DestinationSettings & { builtIn: boolean }>;
  problems: string[];
}

export class SettingsError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export class SettingsStore {
  private data?: SettingsFile;
  private problems: string[] = [];
  /** The settings file could not be read nor moved aside: saving would overwrite it. */
  private readOnly = false;
  private readonly queue = writeQueue();

  constructor(private readonly opts: { file: string; defaultOutputDir: string }) {}

  get localDestination(): DestinationSettings {
    return { kind: 'local', name: LOCAL_DESTINATION, path: this.opts.defaultOutputDir };
  }

  async snapshot(): Promise<SettingsSnapshot> {
    const d = await this.load();
    return {
      connections: [{ ...SANDBOX_SETTINGS, builtIn: true }, ...d.connections.map((c) => ({ ...c, builtIn: false }))],
      destinations: [{ ...this.localDestination, builtIn: true }, ...d.destinations.map((x) => ({ ...x, builtIn: false }))],
      problems: [...this.problems],
    };
  }

  async connection(name: string): Promise<ConnectionSettings | undefined> {
    if (name === SANDBOX_CONNECTION) return SANDBOX_SETTINGS;
    return (await this.load()).connections.find((c) => c.name === name);
  }

  async destination(name: string): Promise<DestinationSettings | undefined> {
    if (name === LOCAL_DESTINATION) return this.localDestination;
    return (await this.load()).destinations.find((d) => d.name === name);
  }

  saveConnection(c: ConnectionSettings, originalName?: string): Promise<ConnectionSettings> {
    return this.mutate((d) => {
      d.connections = upsert(d.connections, c, originalName, SANDBOX_CONNECTION, 'connection');
      return c;
    });
  }

  saveDestination(x: DestinationSettings, originalName?: string): Promise<DestinationSettings> {
    return this.mutate((d) => {
      d.destinations = upsert(d.destinations, x, originalName, LOCAL_DESTINATION, 'destination');
      return x;
    });
  }

  deleteConnection(name: string): Promise<boolean> {
    if (name === SANDBOX_CONNECTION) return Promise.reject(new SettingsError('the built-in sandbox connection cannot be deleted', 'name'));
    return this.mutate((d) => {
      const before = d.connections.length;
      d.connections = d.connections.filter((c) => c.name !== name);
      return d.connections.length !== before;
    });
  }

  deleteDestination(name: string): Promise<boolean> {
    if (name === LOCAL_DESTINATION) return Promise.reject(new SettingsError('the built-in local folder cannot be deleted', 'name'));
    return this.mutate((d) => {
      const before = d.destinations.length;
      d.destinations = d.destinations.filter((x) => x.name !== name);
      return d.destinations.length !== before;
    });
  }

  private mutate<T>(change: (d: SettingsFile) => T): Promise<T> {
    return this.queue(async () => {
      const d = structuredClone(await this.load());
      if (this.readOnly) throw new SettingsError(`Settings cannot be saved: ${this.problems.at(-1) ?? 'the settings file cannot be read'}`);
      const out = change(d);
      await writeFileAtomic(this.opts.file, JSON.stringify(d, null, 2) + '\n');
      this.data = d;
      return out;
    });
  }

  private async load(): Promise<SettingsFile> {
    if (this.data) return this.data;
    let text: string | undefined;
    try {
      text = await readFile(this.opts.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    this.data = text === undefined ? { version: 1, connections: [], destinations: [] } : await this.parse(text);
    return this.data;
  }

  /** Keeps every valid entry and reports the rest, so one bad edit never loses the other settings. */
  private async parse(text: string): Promise<SettingsFile> {
    const out: SettingsFile = { version: 1, connections: [], destinations: [] };
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      // The stores' one policy: an unreadable file is kept aside, reported, never overwritten.
      const kept = await moveAside(this.opts.file).catch(() => null);
      this.problems.push(
        kept
          ? `The settings file was not valid JSON; it was kept as ${kept} and the defaults are used.`
          : `The settings file ${this.opts.file} is not valid JSON and could not be moved aside; fix or remove it.`,
      );
      if (!kept) this.readOnly = true;
      return out;
    }
    const obj = (raw ?? {}) as { connections?: unknown; destinations?: unknown };
    const each = <T>(
      list: unknown,
      parse: (
        v: unknown,
      ) => { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } },
      what: string,
      into: T[],
      reserved: string,
    ) => {
      if (!Array.isArray(list)) return;
      list.forEach((item, i) => {
        const r = parse(item);
        if (!r.success) {
          const first = r.error.issues[0];
          this.problems.push(
            `Skipped ${what} ${i + 1} in the settings file: ${first ? `${first.path.join('.')} ${first.message}` : 'invalid'}.`,
          );
          return;
        }
        const nm = (r.data as { name: string }).name;
        if (nm === reserved || into.some((x) => (x as { name: string }).name === nm)) {
          this.problems.push(`Skipped ${what} "${nm}" in the settings file: the name is already taken.`);
          return;
        }
        into.push(r.data);
      });
    };
    each(obj.connections, (v) => connectionSchema.safeParse(v), 'connection', out.connections, SANDBOX_CONNECTION);
    each(obj.destinations, (v) => destinationSchema.safeParse(v), 'destination', out.destinations, LOCAL_DESTINATION);
    // The sandbox is built in; a stored connection must not claim its auth kind.
    out.connections = out.connections.filter((c) => c.authKind !== 'sandbox');
    if (this.problems.length > 0) {
      // The next save would drop the skipped entries: keep the whole original aside first.
      const kept = await moveAside(this.opts.file);
      await writeFileAtomic(this.opts.file, JSON.stringify(out, null, 2) + '\n');
      this.problems.push(`The original settings file was kept as ${kept}.`);
    }
    return out;
  }
}

function upsert<T extends { name: string }>(list: T[], item: T, originalName: string | undefined, reserved: string, what: string): T[] {
  if (item.name === reserved || originalName === reserved) {
    throw new SettingsError(`"${reserved}" is built in and cannot be changed; save your ${what} under another name`, 'name');
  }
  const replacing = originalName ?? item.name;
  if (item.name !== replacing && list.some((x) => x.name === item.name)) {
    throw new SettingsError(`a ${what} named "${item.name}" already exists; choose another name`, 'name');
  }
  const at = list.findIndex((x) => x.name === replacing);
  if (at < 0) return [...list, item];
  const next = [...list];
  next[at] = item;
  return next;
}
