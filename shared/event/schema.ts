// One schema for the backfill event, used by the form (as you type) and re-applied by the main process and CLI.
// It accepts the original Glue event as is, loose forms included, and normalises it to one typed form.
import { z } from 'zod';
import { canonicalDateField, endpointInfo, endpointKind, normaliseEndpoint, unknownEndpointWarning } from '../endpoints';
import { tableColumns } from '../catalog/tables';
import { EVENT_DATE_EXAMPLE, parseEventDate } from './datetime';

/** The normalised event: the original's field names, one type per field. */
export interface BackfillEvent {
  table_name: string;
  /** Without the `mambu:` prefix, e.g. `loans:search`. */
  endpoint: string;
  request_type: 'get' | 'post';
  /** Required for post; optional for get (a windowed GET defaults to its date field). */
  cdc_field: string | null;
  /** `YYYY-MM-DD HH:MM:SS`, UTC, inclusive. */
  start_date: string;
  /** `YYYY-MM-DD HH:MM:SS`, UTC, exclusive. */
  end_date: string;
  /** A query string without a leading `?`; may be empty. */
  extra_params: string;
  auto_schema: boolean;
  /** `[{ "old_name": "new_name" }]`, names as they are after snake_case. */
  rename_columns: Array<Record<string, string>>;
  chunk_hours: number;
}

export interface FieldIssue {
  /** The event field the problem is in (`rename_columns[1]` for an item), or `event` for the whole object. */
  field: string;
  /** A sentence naming the field and what is expected. */
  message: string;
}

/** `warnings`: accepted but probably wrong (an endpoint the engine does not know, with the closest known one). */
export type EventValidation =
  { ok: true; event: BackfillEvent; warnings?: FieldIssue[] } | { ok: false; issues: FieldIssue[]; warnings?: FieldIssue[] };

export const EVENT_FIELDS = [
  'table_name',
  'endpoint',
  'request_type',
  'cdc_field',
  'start_date',
  'end_date',
  'extra_params',
  'auto_schema',
  'rename_columns',
  'chunk_hours',
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/** Query parameters the engine owns; extra_params may not set them. */
export const RESERVED_QUERY_PARAMS = ['offset', 'limit', 'paginationDetails', 'cursor'] as const;
/** Columns the engine adds; a rename may not produce them. */
export const RESERVED_COLUMNS = ['date', 'timestamp_extracted'] as const;
export const MAX_CHUNK_HOURS = 8760;
/** At most this many chunks per run (a year of hourly chunks is 8,760): beyond it is almost certainly a typo. */
export const MAX_CHUNKS = 100_000;

/** The one chunk-count rule (schema, planner and plan preview all apply it): why `chunks` chunks of `chunkHours`
 *  hours are refused, or undefined when they are not. */
export function chunkLimitProblem(chunks: number, chunkHours: number): string | undefined {
  if (chunks <= MAX_CHUNKS) return undefined;
  return (
    `chunk_hours ${chunkHours} splits this window into ${chunks.toLocaleString('en-US')} chunks; ` +
    `the most is ${MAX_CHUNKS.toLocaleString('en-US')}: raise chunk_hours or shorten the window`
  );
}

const blankToUndefined = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

const tableName = z
  .string({ error: 'table_name is required: the Athena table to write, e.g. mambu_loan_accounts' })
  .trim()
  .min(1, 'table_name is required: the Athena table to write, e.g. mambu_loan_accounts')
  .max(255, 'table_name must be at most 255 characters')
  .regex(
    /^[a-z][a-z0-9_]*$/,
    'table_name must be lowercase letters, digits and _ starting with a letter (an Athena table name), e.g. mambu_loan_accounts',
  );

const endpoint = z
  .string({ error: 'endpoint is required, e.g. loans:search or mambu:deposits/transactions:search' })
  .transform(normaliseEndpoint)
  .pipe(
    z
      .string()
      .min(1, 'endpoint is required, e.g. loans:search or mambu:deposits/transactions:search')
      .regex(
        /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*(:[A-Za-z]+)?$/,
        'endpoint must be a Mambu v2 path such as loans:search, deposits/transactions:search or users',
      ),
  );

const requestType = z
  .string({ error: 'request_type is required: Get or Post' })
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(['get', 'post'], { error: 'request_type must be Get or Post (any case)' }));

const cdcField = z.preprocess(
  blankToUndefined,
  z
    .string({ error: 'cdc_field must be a text field name such as lastModifiedDate' })
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'cdc_field must be a field name such as lastModifiedDate or creationDate')
    .optional(),
);

const eventDate = (field: 'start_date' | 'end_date') =>
  z
    .string({ error: `${field} is required and must look like ${EVENT_DATE_EXAMPLE} (UTC)` })
    .trim()
    .refine((s) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s), {
      message: `${field} must look like ${EVENT_DATE_EXAMPLE} (YYYY-MM-DD HH:MM:SS, UTC)`,
    })
    .refine((s) => !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s) || parseEventDate(s) !== null, {
      message: `${field} is not a real calendar date and time; expected e.g. ${EVENT_DATE_EXAMPLE}`,
    });

const extraParams = z.preprocess(
  (v) => (v === undefined || v === null ? '' : v),
  z
    .string({ error: 'extra_params must be a query string such as accountState=ACTIVE&branchId=B1' })
    .transform((s) => s.trim().replace(/^\?/, ''))
    .superRefine((s, ctx) => {
      if (s === '') return;
      for (const pair of s.split('&')) {
        if (pair === '') continue;
        const [key] = pair.split('=');
        if (!key) {
          ctx.addIssue({
            code: 'custom',
            message: `extra_params has an empty parameter name in "${pair}"; use key=value pairs joined by &`,
          });
          continue;
        }
        let name = key;
        try {
          name = decodeURIComponent(key);
        } catch {
          ctx.addIssue({ code: 'custom', message: `extra_params has a badly encoded name "${key}"` });
          continue;
        }
        if ((RESERVED_QUERY_PARAMS as readonly string[]).includes(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `extra_params may not set ${name}: the engine controls ${RESERVED_QUERY_PARAMS.join(', ')}; remove it`,
          });
        }
      }
    }),
);

const looseBoolean = z.preprocess(
  (v) => {
    if (v === undefined || v === null || v === '') return false;
    if (typeof v === 'string') {
      const s = v.trim().toLowerCase();
      if (s === 'true' || s === '1' || s === 'yes') return true;
      if (s === 'false' || s === '0' || s === 'no') return false;
    }
    return v;
  },
  z.boolean({ error: 'auto_schema must be true or false ("True"/"False" strings are accepted)' }),
);

const renameColumns = z.preprocess(
  (v) => (v === undefined || v === null ? [] : v),
  z.array(z.unknown(), { error: 'rename_columns must be a list like [{"old_name": "new_name"}]' }),
);

const chunkHours = z.preprocess(
  (v) => {
    if (v === undefined || v === null || v === '') return 24;
    if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
    return v;
  },
  z
    .number({ error: `chunk_hours must be a whole number of hours from 1 to ${MAX_CHUNK_HOURS}` })
    .int(`chunk_hours must be a whole number of hours from 1 to ${MAX_CHUNK_HOURS}`)
    .min(1, `chunk_hours must be a whole number of hours from 1 to ${MAX_CHUNK_HOURS}`)
    .max(MAX_CHUNK_HOURS, `chunk_hours must be at most ${MAX_CHUNK_HOURS} (one year)`),
);

const shape = z.object({
  table_name: tableName,
  endpoint,
  request_type: requestType,
  cdc_field: cdcField,
  start_date: eventDate('start_date'),
  end_date: eventDate('end_date'),
  extra_params: extraParams,
  auto_schema: looseBoolean,
  rename_columns: renameColumns,
  chunk_hours: chunkHours,
});

function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return 'event';
  const [head, ...rest] = path;
  return String(head) + rest.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** Validates and normalises an event. Never throws; every issue names its field. */
export function validateEvent(input: unknown): EventValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      issues: [{ field: 'event', message: 'the event must be a JSON object with table_name, endpoint, request_type, … fields' }],
    };
  }
  const issues: FieldIssue[] = [];
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(EVENT_FIELDS as readonly string[]).includes(key)) {
      issues.push({ field: key, message: `${key} is not an event field; remove it (fields: ${EVENT_FIELDS.join(', ')})` });
    }
  }
  const parsed = shape.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path);
      const message = issue.message.startsWith(field.split(/[[.]/)[0]!) ? issue.message : `${field}: ${issue.message}`;
      issues.push({ field, message });
    }
  }
  // Cross-field rules run on whatever parsed, so the user sees every problem at once.
  const v = parsed.success ? parsed.data : undefined;
  const loose = (field: EventField) => {
    const r = (shape.shape[field] as z.ZodType).safeParse(raw[field]);
    return r.success ? r.data : undefined;
  };
  const ep = (v?.endpoint ?? loose('endpoint')) as string | undefined;
  const rt = (v?.request_type ?? loose('request_type')) as 'get' | 'post' | undefined;
  const cdc = (v ? v.cdc_field : loose('cdc_field')) as string | undefined;
  const start = (v?.start_date ?? loose('start_date')) as string | undefined;
  const end = (v?.end_date ?? loose('end_date')) as string | undefined;
  const table = (v?.table_name ?? loose('table_name')) as string | undefined;

  if (ep && rt) {
    const kind = endpointKind(ep);
    if (kind === 'search' && rt === 'get') {
      issues.push({ field: 'request_type', message: `request_type must be Post for the search endpoint ${ep}` });
    } else if (kind !== 'search' && rt === 'post' && endpointInfo(ep)) {
      issues.push({ field: 'request_type', message: `request_type must be Get for ${ep} (it has no :search)` });
    }
    if (rt === 'post' && !cdc && !issues.some((i) => i.field === 'cdc_field')) {
      issues.push({ field: 'cdc_field', message: 'cdc_field is required for Post: the date field to window on, e.g. lastModifiedDate' });
    }
    const info = endpointInfo(ep);
    // Case-insensitive like Mambu's own field matching; the event then carries the endpoint's spelling (below).
    if (info && cdc && info.dateFields.length > 0 && !canonicalDateField(info, cdc)) {
      issues.push({
        field: 'cdc_field',
        message: `cdc_field ${cdc} cannot filter ${info.path}; use one of ${info.dateFields.join(', ')}`,
      });
    }
  }
  if (start && end) {
    const s = parseEventDate(start);
    const e = parseEventDate(end);
    if (s && e && s >= e) {
      issues.push({ field: 'end_date', message: `end_date must be after start_date (${start}); the window is [start_date, end_date)` });
    }
    const hours = (v?.chunk_hours ?? loose('chunk_hours')) as number | undefined;
    if (s && e && s < e && hours && ep && endpointKind(ep) !== 'snapshot-get') {
      // The planner's limit, checked here so that an event the form calls valid always plans.
      const problem = chunkLimitProblem(Math.ceil(e.diff(s, 'hours').hours / hours), hours);
      if (problem) issues.push({ field: 'chunk_hours', message: problem });
    }
  }
  const renames = (v?.rename_columns ?? loose('rename_columns')) as unknown[] | undefined;
  const normalisedRenames: Array<Record<string, string>> = [];
  if (renames) {
    const known = table ? tableColumns(table) : undefined;
    const olds = new Set<string>();
    const news = new Map<string, number>();
    // A catalog column that is itself renamed away frees its name for another rename.
    const renamedAway = new Set(renames.flatMap((r) => (r && typeof r === 'object' && !Array.isArray(r) ? Object.keys(r) : [])));
    renames.forEach((item, i) => {
      const field = `rename_columns[${i}]`;
      if (typeof item !== 'object' || item === null || Array.isArray(item) || Object.keys(item).length !== 1) {
        issues.push({ field, message: `${field} must be one object with one key, like {"old_name": "new_name"}` });
        return;
      }
      const [oldName, newName] = Object.entries(item as Record<string, unknown>)[0]!;
      if (typeof newName !== 'string' || newName.trim() === '' || oldName.trim() === '') {
        issues.push({ field, message: `${field} needs a non-empty old name and a non-empty new name, like {"old_name": "new_name"}` });
        return;
      }
      const nn = newName.trim();
      if (!/^[a-z_][a-z0-9_]*$/.test(nn)) {
        issues.push({ field, message: `${field} new name "${nn}" must be lowercase letters, digits and _ (an Athena column name)` });
      }
      if ((RESERVED_COLUMNS as readonly string[]).includes(nn)) {
        issues.push({ field, message: `${field} may not rename to ${nn}: the engine writes that column` });
      }
      if (olds.has(oldName)) issues.push({ field, message: `${field} renames ${oldName} a second time` });
      if (news.has(nn)) issues.push({ field, message: `${field} new name ${nn} is already produced by rename_columns[${news.get(nn)}]` });
      if (known && known.has(nn) && nn !== oldName && !renamedAway.has(nn)) {
        issues.push({ field, message: `${field} new name ${nn} collides with the existing column ${nn} of ${table}` });
      }
      olds.add(oldName);
      news.set(nn, i);
      normalisedRenames.push({ [oldName]: nn });
    });
  }

  const unknown = typeof ep === 'string' ? unknownEndpointWarning(ep) : undefined;
  const warnings: FieldIssue[] | undefined = unknown ? [{ field: 'endpoint', message: unknown }] : undefined;
  if (issues.length > 0 || !v) return { ok: false, issues: dedupeIssues(issues), ...(warnings ? { warnings } : {}) };
  const info = endpointInfo(v.endpoint);
  const givenCdc = v.cdc_field && info ? (canonicalDateField(info, v.cdc_field) ?? v.cdc_field) : v.cdc_field;
  const cdcField = givenCdc ?? (info?.kind === 'windowed-get' ? (info.defaultCdc ?? null) : null);
  return {
    ok: true,
    event: {
      table_name: v.table_name,
      endpoint: v.endpoint,
      request_type: v.request_type,
      cdc_field: cdcField,
      start_date: v.start_date,
      end_date: v.end_date,
      extra_params: v.extra_params,
      auto_schema: v.auto_schema,
      rename_columns: normalisedRenames,
      chunk_hours: v.chunk_hours,
    },
    ...(warnings ? { warnings } : {}),
  };
}

function dedupeIssues(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.field}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Issues grouped by top-level field, for the form's inline errors. */
export function issuesByField(issues: FieldIssue[]): Partial<Record<string, string[]>> {
  const out: Partial<Record<string, string[]>> = {};
  for (const i of issues) {
    const top = i.field.split(/[[.]/)[0]!;
    (out[top] ??= []).push(i.message);
  }
  return out;
}

/** The event as the original Glue job wrote it (Title-case request type), for export. */
export function toOriginalEvent(e: BackfillEvent): Record<string, unknown> {
  return {
    table_name: e.table_name,
    endpoint: e.endpoint,
    request_type: e.request_type === 'post' ? 'Post' : 'Get',
    ...(e.cdc_field ? { cdc_field: e.cdc_field } : {}),
    start_date: e.start_date,
    end_date: e.end_date,
    extra_params: e.extra_params,
    auto_schema: e.auto_schema ? 'True' : 'False',
    rename_columns: e.rename_columns,
    chunk_hours: e.chunk_hours,
  };
}
