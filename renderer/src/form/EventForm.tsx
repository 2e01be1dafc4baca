// The event form: every field of the event with a label, a hint and the shared schema's error as you type.
// Choosing a known table fills endpoint, request type and cdc field; cdc field offers the endpoint's date fields.
import { memo } from 'react';
import { closestEndpoint, ENDPOINTS, endpointInfo, endpointKind } from '../../../shared/endpoints';
import { EVENT_FIELDS, issuesByField, MAX_CHUNK_HOURS, type FieldIssue } from '../../../shared/event/schema';
import { STANDARD_TABLES, tableDefaults } from '../../../shared/standard-tables';
import { DateField } from './DateField';
import type { EventDraft } from './draft';
import { Field, TextInput } from './Field';
import { ImportEvent } from './ImportEvent';
import { RenameRows } from './RenameRows';

export interface EventFormProps {
  draft: EventDraft;
  issues: FieldIssue[];
  disabled?: boolean;
  onChange: (d: EventDraft) => void;
}

// Memoised: the app re-renders every ~50 ms while a run streams; the form only changes with its own props.
export const EventForm = memo(function EventForm({ draft, issues, disabled, onChange }: EventFormProps) {
  const errors = issuesByField(issues);
  const exact: Partial<Record<string, string[]>> = {};
  for (const i of issues) (exact[i.field] ??= []).push(i.message);
  const set = <K extends keyof EventDraft>(key: K, value: EventDraft[K]) => onChange({ ...draft, [key]: value });
  const known = tableDefaults(draft.table_name);
  const info = endpointInfo(draft.endpoint);
  const kind = draft.endpoint.trim() ? endpointKind(draft.endpoint) : undefined;
  // An endpoint the app does not know may still exist (the event stays valid), but a typo only shows as Mambu's 404
  // at run time: say so here, with the closest known one.
  const unknownEndpoint = !!draft.endpoint.trim() && !info && !errors.endpoint;
  const suggestion = unknownEndpoint ? closestEndpoint(draft.endpoint) : undefined;
  const formLevel = issues.filter((i) => !(EVENT_FIELDS as readonly string[]).includes(i.field.split(/[[.]/)[0]!));

  const chooseTable = (name: string) => {
    const t = tableDefaults(name);
    if (!t) return;
    onChange({ ...draft, table_name: t.table_name, endpoint: t.endpoint, request_type: t.request_type, cdc_field: t.cdc_field ?? '' });
  };

  return (
    <form className="event-form" aria-label="Backfill event" onSubmit={(e) => e.preventDefault()} noValidate>
      <div className="form-head">
        <h2>Event</h2>
        <ImportEvent disabled={disabled} onImport={onChange} />
      </div>
      {formLevel.length > 0 && (
        <p className="error" role="alert">
          {formLevel.map((i) => i.message).join(' ')}
        </p>
      )}
      <div className="grid">
        <Field id="known-table" label="Known table" hint="Fills endpoint, request type and cdc field from the standard schedule.">
          {(aria) => (
            <select {...aria} value={known ? known.table_name : ''} disabled={disabled} onChange={(e) => chooseTable(e.target.value)}>
              <option value="">Custom…</option>
              {STANDARD_TABLES.map((t) => (
                <option key={t.table_name} value={t.table_name}>
                  {t.label} ({t.table_name})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="table_name"
          label="Table name (table_name)"
          hint="The Athena table to write, e.g. mambu_loan_accounts."
          errors={errors.table_name}
        >
          {(aria) => <TextInput aria={aria} value={draft.table_name} disabled={disabled} onChange={(v) => set('table_name', v)} />}
        </Field>
        <Field
          id="endpoint"
          label="Endpoint (endpoint)"
          hint="A Mambu v2 path, e.g. loans:search; the mambu: prefix is optional."
          errors={errors.endpoint}
        >
          {(aria) => (
            <>
              <TextInput
                aria={aria}
                list="endpoint-options"
                value={draft.endpoint}
                disabled={disabled}
                onChange={(v) => set('endpoint', v)}
              />
              <datalist id="endpoint-options">
                {ENDPOINTS.map((e) => (
                  <option key={e.path} value={e.path} />
                ))}
              </datalist>
              {unknownEndpoint && (
                <p className="warning field-warning" role="status" data-testid="endpoint-warning">
                  ⚠ “{draft.endpoint.trim()}” is not an endpoint this app knows: Mambu may answer 404 when the run starts.
                  {suggestion && (
                    <>
                      {' '}
                      Did you mean{' '}
                      <button type="button" className="link" disabled={disabled} onClick={() => set('endpoint', suggestion)}>
                        {suggestion}
                      </button>
                      ?
                    </>
                  )}
                </p>
              )}
            </>
          )}
        </Field>
        <Field
          id="request_type"
          label="Request type (request_type)"
          hint={kind === 'search' ? 'Post for :search endpoints.' : 'Get for list endpoints, Post for :search.'}
          errors={errors.request_type}
        >
          {(aria) => (
            <select {...aria} value={draft.request_type} disabled={disabled} onChange={(e) => set('request_type', e.target.value)}>
              {draft.request_type !== 'post' && draft.request_type !== 'get' && (
                <option value={draft.request_type}>{draft.request_type || '—'}</option>
              )}
              <option value="post">Post</option>
              <option value="get">Get</option>
            </select>
          )}
        </Field>
        <Field
          id="cdc_field"
          label="CDC field (cdc_field)"
          hint={
            info
              ? info.dateFields.length
                ? `The date field to window on; ${info.path} can filter ${info.dateFields.length} fields.`
                : `${info.path} is a snapshot: no date filter.`
              : 'The date field to window on, e.g. lastModifiedDate.'
          }
          errors={errors.cdc_field}
        >
          {(aria) =>
            info ? (
              <select
                {...aria}
                value={draft.cdc_field}
                disabled={disabled || info.dateFields.length === 0}
                onChange={(e) => set('cdc_field', e.target.value)}
              >
                <option value="">
                  {info.dateFields.length === 0 ? '— none (snapshot) —' : info.defaultCdc ? `— default (${info.defaultCdc}) —` : '— none —'}
                </option>
                {draft.cdc_field && !info.dateFields.includes(draft.cdc_field) && (
                  <option value={draft.cdc_field}>{draft.cdc_field} (not filterable here)</option>
                )}
                {info.dateFields.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            ) : (
              <TextInput aria={aria} value={draft.cdc_field} disabled={disabled} onChange={(v) => set('cdc_field', v)} />
            )
          }
        </Field>
        <div className="date-pair" role="group" aria-label="Window (UTC)">
          <DateField
            id="start_date"
            label="Start (start_date)"
            hint="UTC, 24-hour, inclusive. ↑/↓ step the part under the caret."
            value={draft.start_date}
            errors={errors.start_date}
            disabled={disabled}
            onChange={(v) => set('start_date', v)}
          />
          <DateField
            id="end_date"
            label="End (end_date)"
            hint="UTC, 24-hour, exclusive."
            value={draft.end_date}
            errors={errors.end_date}
            disabled={disabled}
            onChange={(v) => set('end_date', v)}
          />
        </div>
        <Field
          id="chunk_hours"
          label="Chunk hours (chunk_hours)"
          hint={`Hours per chunk, 1 to ${MAX_CHUNK_HOURS}.`}
          errors={errors.chunk_hours}
        >
          {(aria) => (
            <TextInput
              aria={aria}
              inputMode="numeric"
              value={draft.chunk_hours}
              disabled={disabled}
              onChange={(v) => set('chunk_hours', v)}
            />
          )}
        </Field>
        <Field
          id="extra_params"
          label="Extra parameters (extra_params)"
          hint="Query string added to every request, e.g. accountState=ACTIVE. Not offset, limit, paginationDetails or cursor."
          errors={errors.extra_params}
        >
          {(aria) => <TextInput aria={aria} value={draft.extra_params} disabled={disabled} onChange={(v) => set('extra_params', v)} />}
        </Field>
        <div className={`field checkbox${errors.auto_schema ? ' invalid' : ''}`}>
          <input
            id="auto_schema"
            type="checkbox"
            checked={draft.auto_schema}
            disabled={disabled}
            aria-describedby="auto_schema-hint"
            onChange={(e) => set('auto_schema', e.target.checked)}
          />
          <label htmlFor="auto_schema">Infer the schema (auto_schema)</label>
          <p className="hint" id="auto_schema-hint">
            On: column types are inferred from the data. Off: the table catalog decides.
          </p>
        </div>
      </div>
      <RenameRows rows={draft.rename_columns} errors={exact} disabled={disabled} onChange={(rows) => set('rename_columns', rows)} />
      {errors.rename_columns && !Object.keys(exact).some((k) => k.startsWith('rename_columns[')) && (
        <p className="error" aria-live="polite">
          {errors.rename_columns.join(' ')}
        </p>
      )}
    </form>
  );
});
