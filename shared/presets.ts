// Presets: a named event plus the names of the connection and destination to run it with. Never a secret, so
// the shapes are closed (an unknown key is an error, not ignored). Shared by the renderer (forms, import preview)
// and the store in the main process / CLI. Import and export speak the original Glue event JSON.
import { toOriginalEvent, validateEvent, type BackfillEvent, type FieldIssue } from './event/schema';

/** Envelope version of presets.json. */
export const PRESETS_FILE_VERSION = 1;
/** Envelope version of an exported bundle. */
export const PRESET_BUNDLE_VERSION = 1;
export const PRESET_NAME_MAX = 80;
/** Same limit as connection/destination names in shared/settings.ts. */
export const REF_NAME_MAX = 80;

export interface Preset {
  name: string;
  /** Normalised as validateEvent returns it. */
  event: BackfillEvent;
  /** Connection name; empty when none was chosen (picked at run time). */
  connection: string;
  /** Destination name; empty when none was chosen. */
  destination: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  updatedAt: string;
}

/** What a user saves; the store stamps the times. The event may be in any form validateEvent accepts. */
export interface PresetInput {
  name: string;
  event: unknown;
  connection: string;
  destination: string;
}

/** A preset ready to store, minus times. */
export type PresetDraft = Omit<Preset, 'createdAt' | 'updatedAt'>;

/** A problem in a preset or an import; `index`/`preset` say which preset of a bundle it is about. */
export interface PresetIssue extends FieldIssue {
  index?: number;
  preset?: string;
}

export type PresetResult<T> = { ok: true; value: T } | { ok: false; issues: PresetIssue[] };

const INPUT_FIELDS = ['name', 'event', 'connection', 'destination'] as const;
const STORED_FIELDS = [...INPUT_FIELDS, 'createdAt', 'updatedAt'] as const;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Trims and collapses inner whitespace, so "Daily  loans " and "Daily loans" are the same preset. */
export function normalisePresetName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Names are unique regardless of case. */
export function presetNameKey(name: string): string {
  return normalisePresetName(name).toLowerCase();
}

export function presetNameIssues(name: unknown, field = 'name'): PresetIssue[] {
  if (typeof name !== 'string' || normalisePresetName(name) === '') {
    return [{ field, message: `${field} is required: a name for the preset, e.g. Daily loan accounts` }];
  }
  const n = normalisePresetName(name);
  if (n.length > PRESET_NAME_MAX) return [{ field, message: `${field} must be at most ${PRESET_NAME_MAX} characters` }];
  if (CONTROL_CHARS.test(name)) return [{ field, message: `${field} may not contain control characters (tabs, line breaks)` }];
  return [];
}

function refIssues(value: unknown, field: 'connection' | 'destination'): PresetIssue[] {
  if (typeof value !== 'string') {
    return [{ field, message: `${field} must be the name of a ${field} (text), or empty to choose one when running` }];
  }
  if (value.trim().length > REF_NAME_MAX) return [{ field, message: `${field} must be at most ${REF_NAME_MAX} characters` }];
  return [];
}

function unknownKeyIssues(raw: Record<string, unknown>, allowed: readonly string[], prefix: string): PresetIssue[] {
  return Object.keys(raw)
    .filter((k) => !allowed.includes(k))
    .map((k) => ({
      field: `${prefix}${k}`,
      message: `${prefix}${k} is not a preset field; remove it (fields: ${allowed.join(', ')}). Presets refer to a connection and destination by name and never hold secrets`,
    }));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates what a user saves: a name, an event (any accepted form), connection and destination names. */
export function validatePresetInput(input: unknown): PresetResult<PresetDraft> {
  if (!isObject(input))
    return { ok: false, issues: [{ field: 'preset', message: 'a preset must be an object with name, event, connection and destination' }] };
  return checkDraft(input, INPUT_FIELDS, '');
}

/** Validates a preset as stored in presets.json (times included); the event is re-normalised. */
export function validateStoredPreset(input: unknown, prefix = ''): PresetResult<Preset> {
  if (!isObject(input)) return { ok: false, issues: [{ field: prefix || 'preset', message: 'a preset must be an object' }] };
  const draft = checkDraft(input, STORED_FIELDS, prefix);
  const issues = draft.ok ? [] : [...draft.issues];
  for (const f of ['createdAt', 'updatedAt'] as const) {
    if (typeof input[f] !== 'string' || !ISO_UTC.test(input[f])) {
      issues.push({ field: `${prefix}${f}`, message: `${prefix}${f} must be an ISO-8601 UTC time such as 2025-01-31T10:00:00.000Z` });
    }
  }
  if (!draft.ok || issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { ...draft.value, createdAt: input.createdAt as string, updatedAt: input.updatedAt as string } };
}

function checkDraft(raw: Record<string, unknown>, allowed: readonly string[], prefix: string): PresetResult<PresetDraft> {
  const issues: PresetIssue[] = unknownKeyIssues(raw, allowed, prefix);
  issues.push(...presetNameIssues(raw.name, `${prefix}name`));
  for (const f of ['connection', 'destination'] as const) {
    issues.push(...refIssues(raw[f] ?? '', f).map((i) => ({ ...i, field: `${prefix}${i.field}` })));
  }
  let event: BackfillEvent | undefined;
  if (raw.event === undefined) {
    issues.push({ field: `${prefix}event`, message: `${prefix}event is required: the backfill event (table_name, endpoint, …)` });
  } else {
    const v = validateEvent(raw.event);
    if (v.ok) event = v.event;
    else issues.push(...v.issues.map((i) => ({ field: `${prefix}event.${i.field}`, message: i.message })));
  }
  if (issues.length > 0 || !event) return { ok: false, issues };
  return {
    ok: true,
    value: {
      name: normalisePresetName(raw.name as string),
      event,
      connection: ((raw.connection as string | undefined) ?? '').trim(),
      destination: ((raw.destination as string | undefined) ?? '').trim(),
    },
  };
}

/** `base copy`, then `base copy 2`, `base copy 3`… — the first not in `taken` (case-insensitive). Stays within
 *  the name limit by shortening the base. */
export function uniquePresetName(base: string, taken: Iterable<string>, suffix = 'copy'): string {
  const keys = new Set([...taken].map(presetNameKey));
  const b = normalisePresetName(base);
  for (let n = 1; ; n++) {
    const tail = n === 1 ? ` ${suffix}` : ` ${suffix} ${n}`;
    const candidate = `${b.slice(0, PRESET_NAME_MAX - tail.length).trimEnd()}${tail}`;
    if (!keys.has(presetNameKey(candidate))) return candidate;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Export and import

/** One preset's event as the original Glue job's JSON. */
export function exportEventJson(preset: Pick<Preset, 'event'>): string {
  return JSON.stringify(toOriginalEvent(preset.event), null, 2) + '\n';
}

export interface PresetBundleItem {
  name: string;
  connection: string;
  destination: string;
  /** The original Glue event form. */
  event: Record<string, unknown>;
}

export interface PresetBundle {
  version: typeof PRESET_BUNDLE_VERSION;
  presets: PresetBundleItem[];
}

export function exportBundle(presets: readonly Preset[]): PresetBundle {
  return {
    version: PRESET_BUNDLE_VERSION,
    presets: presets.map((p) => ({ name: p.name, connection: p.connection, destination: p.destination, event: toOriginalEvent(p.event) })),
  };
}

export function exportBundleJson(presets: readonly Preset[]): string {
  return JSON.stringify(exportBundle(presets), null, 2) + '\n';
}

export interface ImportOptions {
  /** Name for a single-event file (default: the event's table_name). */
  name?: string;
  /** Connection/destination for presets that do not name one (a single event never does). */
  connection?: string;
  destination?: string;
}

export interface ParsedImport {
  kind: 'event' | 'bundle';
  presets: PresetDraft[];
}

// Bundle items may also carry the times of a copied presets.json; they are accepted and not kept.
const BUNDLE_ITEM_FIELDS = [...INPUT_FIELDS, 'createdAt', 'updatedAt'] as const;

/** Parses an import file's text: one original event, or a bundle `{ "version": 1, "presets": [...] }`. Returns
 *  every problem (by field, with the preset's index and name) or every preset; never a part. */
export function parsePresetImportText(text: string, opts: ImportOptions = {}): PresetResult<ParsedImport> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, issues: [{ field: 'file', message: `the file is not valid JSON (${(e as Error).message})` }] };
  }
  return parsePresetImport(data, opts);
}

export function parsePresetImport(data: unknown, opts: ImportOptions = {}): PresetResult<ParsedImport> {
  if (!isObject(data)) {
    return { ok: false, issues: [{ field: 'file', message: 'expected one event object, or a bundle {"version": 1, "presets": [...]}' }] };
  }
  return 'presets' in data || 'version' in data ? parseBundle(data, opts) : parseSingleEvent(data, opts);
}

function parseSingleEvent(raw: Record<string, unknown>, opts: ImportOptions): PresetResult<ParsedImport> {
  const v = validateEvent(raw);
  const issues: PresetIssue[] = v.ok ? [] : v.issues.map((i) => ({ field: `event.${i.field}`, message: i.message }));
  const fallbackName = typeof raw.table_name === 'string' ? raw.table_name : '';
  const name = opts.name ?? fallbackName;
  issues.push(...presetNameIssues(name, 'name'));
  for (const f of ['connection', 'destination'] as const) issues.push(...refIssues(opts[f] ?? '', f));
  if (!v.ok || issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      kind: 'event',
      presets: [
        {
          name: normalisePresetName(name),
          event: v.event,
          connection: (opts.connection ?? '').trim(),
          destination: (opts.destination ?? '').trim(),
        },
      ],
    },
  };
}

function parseBundle(raw: Record<string, unknown>, opts: ImportOptions): PresetResult<ParsedImport> {
  const issues: PresetIssue[] = unknownKeyIssues(raw, ['version', 'presets'], '').map((i) => ({
    ...i,
    message: `${i.field} is not a bundle field; a bundle is {"version": 1, "presets": [...]}`,
  }));
  if (raw.version !== PRESET_BUNDLE_VERSION) {
    const newer = typeof raw.version === 'number' && raw.version > PRESET_BUNDLE_VERSION;
    issues.push({
      field: 'version',
      message: newer
        ? `the bundle was exported by a newer Mambu Backfill (version ${raw.version}; this one reads ${PRESET_BUNDLE_VERSION}); update the app`
        : `version must be ${PRESET_BUNDLE_VERSION}`,
    });
  }
  if (!Array.isArray(raw.presets)) {
    issues.push({ field: 'presets', message: 'presets must be a list of {name, connection, destination, event}' });
    return { ok: false, issues };
  }
  if (raw.presets.length === 0) issues.push({ field: 'presets', message: 'the bundle holds no presets' });
  const drafts: PresetDraft[] = [];
  const seen = new Map<string, number>();
  raw.presets.forEach((item, index) => {
    const prefix = `presets[${index}].`;
    const label = isObject(item) && typeof item.name === 'string' && item.name.trim() ? normalisePresetName(item.name) : undefined;
    const who = `preset ${index + 1}${label ? ` "${label}"` : ''}`;
    const tag = (i: FieldIssue): PresetIssue => ({ ...i, index, ...(label ? { preset: label } : {}), message: `${who}: ${i.message}` });
    if (!isObject(item)) {
      issues.push(tag({ field: `presets[${index}]`, message: 'must be an object {name, connection, destination, event}' }));
      return;
    }
    const withDefaults = {
      ...item,
      connection: item.connection ?? opts.connection ?? '',
      destination: item.destination ?? opts.destination ?? '',
    };
    const r = checkDraft(withDefaults, BUNDLE_ITEM_FIELDS, prefix);
    if (!r.ok) {
      issues.push(...r.issues.map(tag));
      return;
    }
    const key = presetNameKey(r.value.name);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push(
        tag({
          field: `${prefix}name`,
          message: `the name "${r.value.name}" is also used by preset ${first + 1} of this bundle; names must be unique`,
        }),
      );
      return;
    }
    seen.set(key, index);
    drafts.push(r.value);
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { kind: 'bundle', presets: drafts } };
}

/** One line per issue, for a dialog or the terminal. */
export function formatPresetIssues(issues: readonly PresetIssue[]): string {
  return issues.map((i) => `- ${i.field}: ${i.message}`).join('\n');
}
