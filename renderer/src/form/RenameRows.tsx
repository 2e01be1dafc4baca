// rename_columns as rows of old name → new name (the event's `[{"old": "new"}]`), added and removed one by one.
import { newRenameRow, type RenameRow } from './draft';
import { TextInput } from './Field';

export function RenameRows(props: {
  rows: RenameRow[];
  errors: Partial<Record<string, string[]>>;
  disabled?: boolean;
  onChange: (rows: RenameRow[]) => void;
}) {
  const { rows, onChange } = props;
  const update = (id: number, patch: Partial<RenameRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <fieldset className="renames">
      <legend>Rename columns (rename_columns)</legend>
      <p className="hint" id="rename-hint">
        Column names as they are after snake_case → the name to write instead. Leave empty for none.
      </p>
      {rows.length === 0 && <p className="muted">No renames.</p>}
      <ul>
        {rows.map((r, i) => {
          const err = props.errors[`rename_columns[${i}]`];
          return (
            <li key={r.id} className={err ? 'invalid' : undefined}>
              <label>
                <span className="sr-only">Old name, rename {i + 1}</span>
                <TextInput
                  aria={{ 'aria-label': `Old name, rename ${i + 1}`, 'aria-invalid': !!err }}
                  value={r.from}
                  placeholder="old_name"
                  disabled={props.disabled}
                  onChange={(v) => update(r.id, { from: v })}
                />
              </label>
              <span aria-hidden="true">→</span>
              <label>
                <span className="sr-only">New name, rename {i + 1}</span>
                <TextInput
                  aria={{ 'aria-label': `New name, rename ${i + 1}`, 'aria-invalid': !!err }}
                  value={r.to}
                  placeholder="new_name"
                  disabled={props.disabled}
                  onChange={(v) => update(r.id, { to: v })}
                />
              </label>
              <button
                type="button"
                disabled={props.disabled}
                onClick={() => onChange(rows.filter((x) => x.id !== r.id))}
                aria-label={`Remove rename ${i + 1}`}
              >
                Remove
              </button>
              {err && (
                <p className="error" aria-live="polite">
                  {err.join(' ')}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <button type="button" disabled={props.disabled} onClick={() => onChange([...rows, newRenameRow()])}>
        Add rename
      </button>
    </fieldset>
  );
}
