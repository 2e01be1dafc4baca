// The form's working copy of the event: everything as the user typed it (strings), so a half-typed value is kept
// while the shared schema reports what is wrong with it. toRawEvent() gives the object validateEvent checks.
import { normaliseEndpoint } from '../../../shared/endpoints';
import { EVENT_FIELDS, type BackfillEvent } from '../../../shared/event/schema';

export interface RenameRow {
  id: number;
  from: string;
  to: string;
}

export interface EventDraft {
  table_name: string;
  endpoint: string;
  request_type: string;
  cdc_field: string;
  start_date: string;
  end_date: string;
  extra_params: string;
  auto_schema: boolean;
  rename_columns: RenameRow[];
  chunk_hours: string;
}

let nextRowId = 1;
export const newRenameRow = (from = '', to = ''): RenameRow => ({ id: nextRowId++, from, to });

export function draftFromEvent(e: BackfillEvent): EventDraft {
  return {
    table_name: e.table_name,
    endpoint: e.endpoint,
    request_type: e.request_type,
    cdc_field: e.cdc_field ?? '',
    start_date: e.start_date,
    end_date: e.end_date,
    extra_params: e.extra_params,
    auto_schema: e.auto_schema,
    rename_columns: e.rename_columns.map((r) => {
      const [from, to] = Object.entries(r)[0] ?? ['', ''];
      return newRenameRow(from, to);
    }),
    chunk_hours: String(e.chunk_hours),
  };
}

/** Exactly what the user entered, in the event's shape; validateEvent does the rest. */
export function toRawEvent(d: EventDraft): Record<string, unknown> {
  return {
    table_name: d.table_name,
    endpoint: d.endpoint,
    request_type: d.request_type,
    cdc_field: d.cdc_field,
    start_date: d.start_date,
    end_date: d.end_date,
    extra_params: d.extra_params,
    auto_schema: d.auto_schema,
    rename_columns: d.rename_columns.map((r) => ({ [r.from]: r.to })),
    chunk_hours: d.chunk_hours,
  };
}

const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v));

/**
 * Fills a draft from an original Glue event (pasted or opened), accepting its loose forms: `mambu:` prefixes,
 * `Post`, `"False"`, `"24"`. Unknown keys are returned so the form can say they were ignored.
 */
export function draftFromOriginal(raw: unknown): { draft: EventDraft; ignored: string[] } | { error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { error: 'The event must be a JSON object with table_name, endpoint, request_type, …' };
  const o = raw as Record<string, unknown>;
  const known: readonly string[] = EVENT_FIELDS;
  const autoSchema =
    typeof o.auto_schema === 'string' ? ['true', '1', 'yes'].includes(o.auto_schema.trim().toLowerCase()) : o.auto_schema === true;
  const renames: RenameRow[] = [];
  if (Array.isArray(o.rename_columns)) {
    for (const r of o.rename_columns) {
      if (r && typeof r === 'object' && !Array.isArray(r)) {
        for (const [from, to] of Object.entries(r as Record<string, unknown>)) renames.push(newRenameRow(from, text(to)));
      }
    }
  } else if (o.rename_columns !== undefined && o.rename_columns !== null) {
    return { error: 'rename_columns must be a list like [{"old_name": "new_name"}]' };
  }
  return {
    draft: {
      table_name: text(o.table_name).trim(),
      endpoint: normaliseEndpoint(text(o.endpoint)),
      request_type: text(o.request_type).trim().toLowerCase(),
      cdc_field: text(o.cdc_field).trim(),
      start_date: text(o.start_date).trim(),
      end_date: text(o.end_date).trim(),
      extra_params: text(o.extra_params),
      auto_schema: autoSchema,
      rename_columns: renames,
      chunk_hours: o.chunk_hours === undefined || o.chunk_hours === null ? '24' : text(o.chunk_hours),
    },
    ignored: Object.keys(o).filter((k) => !known.includes(k)),
  };
}
