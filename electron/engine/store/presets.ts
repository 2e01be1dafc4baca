// presets.json: every preset in one versioned file, written atomically. Each operation re-reads the file, so the app
// and a CLI sharing the data folder see each other's changes; operations in this process are serialised.
// Unreadable content is moved aside (never overwritten); a newer format is kept and makes the store read-only.
import {
  PRESETS_FILE_VERSION,
  exportBundleJson,
  exportEventJson,
  formatPresetIssues,
  normalisePresetName,
  parsePresetImportText,
  presetNameIssues,
  presetNameKey,
  uniquePresetName,
  validatePresetInput,
  validateStoredPreset,
  type ImportOptions,
  type Preset,
  type PresetDraft,
  type PresetInput,
  type PresetIssue,
} from '../../../shared/presets';
import { moveAside, readJsonFile, writeJsonAtomic, type ParseResult } from './atomic-file';
import { writeQueue } from './write-queue';
import { StoreError, type StoreIssue } from './store-error';

export interface StoreProblem {
  kind: 'corrupt' | 'future-version' | 'invalid-entries';
  /** A sentence for a banner or the terminal: what happened, where the file is now, what to do. */
  message: string;
  path: string;
  movedTo?: string | null;
  issues: StoreIssue[];
}

export interface PresetStoreOptions {
  now?: () => Date;
  /** Called once per problem found while reading (corrupt file, newer format, invalid entries). */
  onProblem?: (p: StoreProblem) => void;
}

export type ImportConflict = 'error' | 'rename' | 'replace';

export interface ImportResult {
  kind: 'event' | 'bundle';
  imported: Preset[];
  /** Presets given a new name because theirs was taken (onConflict 'rename'). */
  renamed: Array<{ from: string; to: string }>;
  /** Existing presets overwritten (onConflict 'replace'). */
  replaced: string[];
}

interface Loaded {
  presets: Preset[];
  /** False when the file is from a newer version (or could not be moved aside): writing would destroy it. */
  writable: boolean;
  problem?: StoreProblem;
}

export class PresetStore {
  private readonly queue = writeQueue();
  private readonly problemsSeen: StoreProblem[] = [];
  private readonly now: () => Date;

  constructor(
    readonly file: string,
    private readonly opts: PresetStoreOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Problems found while reading since this store was created, oldest first. */
  get problems(): readonly StoreProblem[] {
    return this.problemsSeen;
  }

  /** Every preset, sorted by name. Never throws for bad content (see `problems`). */
  list(): Promise<Preset[]> {
    return this.serial(async () => sortByName((await this.load()).presets));
  }

  get(name: string): Promise<Preset | undefined> {
    return this.serial(async () => findByName((await this.load()).presets, name));
  }

  /** Creates a preset; with `overwrite` replaces the one of that name (keeping its createdAt). */
  save(input: PresetInput, opts: { overwrite?: boolean } = {}): Promise<Preset> {
    const v = validatePresetInput(input);
    if (!v.ok) return Promise.reject(invalid('The preset', v.issues));
    return this.mutate((presets) => {
      const at = this.stamp();
      const existing = findByName(presets, v.value.name);
      if (existing && !opts.overwrite) {
        throw new StoreError('conflict', `A preset named "${existing.name}" already exists; choose another name or overwrite it.`, {
          issues: [{ field: 'name', message: `"${existing.name}" is taken` }],
        });
      }
      const preset: Preset = { ...v.value, createdAt: existing?.createdAt ?? at, updatedAt: at };
      return { presets: [...presets.filter((p) => p !== existing), preset], result: preset };
    });
  }

  rename(from: string, to: string): Promise<Preset> {
    const issues = presetNameIssues(to, 'name');
    if (issues.length > 0) return Promise.reject(invalid('The new name', issues));
    const newName = normalisePresetName(to);
    return this.mutate((presets) => {
      const current = requireByName(presets, from);
      const clash = findByName(presets, newName);
      if (clash && clash !== current) {
        throw new StoreError(
          'conflict',
          `Cannot rename "${current.name}" to "${newName}": a preset with that name already exists. Choose another name or delete the other preset first.`,
          {
            issues: [{ field: 'name', message: `"${clash.name}" is taken` }],
          },
        );
      }
      const renamed: Preset = { ...current, name: newName, updatedAt: this.stamp() };
      return { presets: presets.map((p) => (p === current ? renamed : p)), result: renamed };
    });
  }

  /** Copies a preset as "X copy" ("X copy 2", …) or under `newName`. */
  duplicate(name: string, newName?: string): Promise<Preset> {
    if (newName !== undefined) {
      const issues = presetNameIssues(newName, 'name');
      if (issues.length > 0) return Promise.reject(invalid('The new name', issues));
    }
    return this.mutate((presets) => {
      const source = requireByName(presets, name);
      const target =
        newName === undefined
          ? uniquePresetName(
              source.name,
              presets.map((p) => p.name),
            )
          : normalisePresetName(newName);
      if (findByName(presets, target)) {
        throw new StoreError('conflict', `A preset named "${target}" already exists; choose another name for the copy.`);
      }
      const at = this.stamp();
      const copy: Preset = { ...source, event: structuredClone(source.event), name: target, createdAt: at, updatedAt: at };
      return { presets: [...presets, copy], result: copy };
    });
  }

  delete(name: string): Promise<Preset> {
    return this.mutate((presets) => {
      const victim = requireByName(presets, name);
      return { presets: presets.filter((p) => p !== victim), result: victim };
    });
  }

  /** The preset's event as the original Glue JSON. */
  async exportEvent(name: string): Promise<string> {
    const p = await this.get(name);
    if (!p) throw notFound(name);
    return exportEventJson(p);
  }

  /** A bundle of the named presets (all when `names` is omitted), in the given order. */
  async exportBundle(names?: readonly string[]): Promise<string> {
    const all = await this.list();
    const chosen = names ? names.map((n) => findByName(all, n) ?? throwNotFound(n)) : all;
    return exportBundleJson(chosen);
  }

  /** Imports an original event or a bundle. All or nothing: any problem (every one listed, by field and preset)
   *  or, with onConflict 'error' (default), any name already taken, rejects with nothing written. */
  importText(text: string, opts: ImportOptions & { onConflict?: ImportConflict } = {}): Promise<ImportResult> {
    const parsed = parsePresetImportText(text, opts);
    if (!parsed.ok) return Promise.reject(invalid('The import file', parsed.issues, 'Nothing was imported.'));
    const mode = opts.onConflict ?? 'error';
    return this.mutate((presets) => {
      const at = this.stamp();
      const out: ImportResult = { kind: parsed.value.kind, imported: [], renamed: [], replaced: [] };
      const clashes = parsed.value.presets.filter((d) => findByName(presets, d.name));
      if (mode === 'error' && clashes.length > 0) {
        throw new StoreError(
          'conflict',
          `Nothing was imported: ${clashes.length === 1 ? 'a preset' : 'presets'} named ${clashes.map((c) => `"${c.name}"`).join(', ')} already ${clashes.length === 1 ? 'exists' : 'exist'}. ` +
            `Rename or delete them, or import again choosing to rename or replace.`,
          { issues: clashes.map((c) => ({ field: 'name', message: `"${c.name}" is taken` })) },
        );
      }
      let next = [...presets];
      for (const draft of parsed.value.presets) {
        const existing = findByName(next, draft.name);
        let name = draft.name;
        if (existing && mode === 'rename') {
          name = uniquePresetName(
            draft.name,
            next.map((p) => p.name),
            'imported',
          );
          out.renamed.push({ from: draft.name, to: name });
        } else if (existing) {
          next = next.filter((p) => p !== existing);
          out.replaced.push(existing.name);
        }
        const preset: Preset = {
          ...(draft as PresetDraft),
          name,
          createdAt: existing && mode === 'replace' ? existing.createdAt : at,
          updatedAt: at,
        };
        next.push(preset);
        out.imported.push(preset);
      }
      return { presets: next, result: out };
    });
  }

  // -------------------------------------------------------------------------------------------------------------

  private stamp(): string {
    return this.now().toISOString();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue(fn);
  }

  private mutate<T>(change: (presets: Preset[]) => { presets: Preset[]; result: T }): Promise<T> {
    return this.serial(async () => {
      const loaded = await this.load();
      if (!loaded.writable) {
        throw new StoreError(
          loaded.problem?.kind === 'future-version' ? 'future-version' : 'io',
          `Presets cannot be changed: ${loaded.problem?.message ?? 'the presets file is not writable'}`,
          {
            path: this.file,
          },
        );
      }
      const { presets, result } = change(loaded.presets);
      await writeJsonAtomic(this.file, PRESETS_FILE_VERSION, { presets: sortByName(presets) });
      return result;
    });
  }

  private report(p: StoreProblem): void {
    this.problemsSeen.push(p);
    this.opts.onProblem?.(p);
  }

  private async load(): Promise<Loaded> {
    const r = await readJsonFile(this.file, {
      version: PRESETS_FILE_VERSION,
      label: 'presets file',
      parse: parsePresetsFile,
      now: this.now,
    });
    switch (r.status) {
      case 'missing':
        return { presets: [], writable: true };
      case 'future-version': {
        const problem: StoreProblem = { kind: 'future-version', message: r.message, path: r.path, issues: [] };
        // Reported once per store: the file stays as is until the user updates the app.
        if (!this.problemsSeen.some((p) => p.kind === 'future-version')) this.report(problem);
        return { presets: [], writable: false, problem };
      }
      case 'corrupt': {
        const problem: StoreProblem = {
          kind: 'corrupt',
          message: `${r.message} Presets start empty.`,
          path: r.path,
          movedTo: r.movedTo,
          issues: r.issues,
        };
        this.report(problem);
        return { presets: [], writable: r.movedTo !== null, problem };
      }
      case 'ok': {
        if (r.value.rejected.length === 0) return { presets: r.value.presets, writable: true };
        // Keep the good presets, and the whole original file aside so the bad entries are not lost by the next save.
        const movedTo = await moveAside(this.file, this.now());
        await writeJsonAtomic(this.file, PRESETS_FILE_VERSION, { presets: sortByName(r.value.presets) });
        const n = new Set(r.value.rejected.map((i) => i.field.match(/^presets\[\d+\]/)?.[0])).size;
        const problem: StoreProblem = {
          kind: 'invalid-entries',
          path: this.file,
          movedTo,
          issues: r.value.rejected,
          message:
            `${n} preset${n === 1 ? '' : 's'} in ${this.file} could not be read and ${n === 1 ? 'was' : 'were'} left out; ` +
            `the original file was kept as ${movedTo}.\n${formatPresetIssues(r.value.rejected)}`,
        };
        this.report(problem);
        return { presets: r.value.presets, writable: true, problem };
      }
    }
  }
}

function parsePresetsFile(envelope: Record<string, unknown>): ParseResult<{ presets: Preset[]; rejected: PresetIssue[] }> {
  const extra = Object.keys(envelope).filter((k) => k !== 'version' && k !== 'presets');
  if (!Array.isArray(envelope.presets)) {
    return { ok: false, issues: [{ field: 'presets', message: 'missing or not a list' }] };
  }
  if (extra.length > 0) return { ok: false, issues: extra.map((k) => ({ field: k, message: 'unexpected field in presets file' })) };
  const presets: Preset[] = [];
  const rejected: PresetIssue[] = [];
  envelope.presets.forEach((item, i) => {
    const v = validateStoredPreset(item, `presets[${i}].`);
    if (!v.ok) rejected.push(...v.issues);
    else if (findByName(presets, v.value.name)) rejected.push({ field: `presets[${i}].name`, message: `duplicate name "${v.value.name}"` });
    else presets.push(v.value);
  });
  return { ok: true, value: { presets, rejected } };
}

function findByName(presets: readonly Preset[], name: string): Preset | undefined {
  const key = presetNameKey(name);
  return presets.find((p) => presetNameKey(p.name) === key);
}

function requireByName(presets: readonly Preset[], name: string): Preset {
  return findByName(presets, name) ?? throwNotFound(name);
}

function notFound(name: string): StoreError {
  return new StoreError('not-found', `There is no preset named "${normalisePresetName(name)}"; it may have been renamed or deleted.`);
}

function throwNotFound(name: string): never {
  throw notFound(name);
}

function invalid(what: string, issues: PresetIssue[], tail = ''): StoreError {
  return new StoreError(
    'invalid',
    `${what} has ${issues.length} problem${issues.length === 1 ? '' : 's'}${tail ? `. ${tail}` : ''}\n${formatPresetIssues(issues)}`,
    {
      issues,
    },
  );
}

function sortByName(presets: readonly Preset[]): Preset[] {
  return [...presets].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
}
