// rename_columns as rows of old name → new name (the event's `[{"old": "new"}]`), added and removed one by one.
import { newRenameRow, type RenameRow } from './draft';

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
                <input
                  value={r.from}
                  placeholder="old_name"
                  aria-label={`Old name, rename ${i + 1}`}
                  disabled={props.disabled}
                  aria-invalid={!!err}
                  onChange={(e) => update(r.id, { from: e.target.value })}
                />
              </label>
              <span aria-hidden="true">→</span>
              <label>
                <span className="sr-only">New name, rename {i + 1}</span>
                <input
                  value={r.to}
                  placeholder="new_name"
                  aria-label={`New name, rename ${i + 1}`}
                  disabled={props.disabled}
                  aria-invalid={!!err}
                  onChange={(e) => update(r.id, { to: e.target.value })}
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
