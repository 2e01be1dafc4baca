// One preset in the list: Load, Rename (inline), Duplicate, Delete (confirmed inline), Export event / bundle.
import { useState } from 'react';
import type { Preset } from '../../../shared/presets';
import { Outcome, type OutcomeNote } from './Outcome';

export interface PresetActions {
  load(p: Preset): void;
  rename(from: string, to: string): Promise<boolean>;
  duplicate(name: string): void;
  remove(name: string): void;
  exportAs(name: string, format: 'event' | 'bundle'): void;
}

export interface PresetItemProps {
  preset: Preset;
  actions: PresetActions;
  disabled?: boolean;
  /** This preset is the one in the form: as saved, or edited since it was loaded. */
  loaded?: 'as-saved' | 'edited';
  /** The outcome of the last action on this preset, shown in its row. */
  note?: OutcomeNote | null;
}

export function PresetItem({ preset, actions, disabled, loaded, note }: PresetItemProps) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const p = preset;
  const inputId = `rename-${p.name.replace(/\W+/g, '-')}`;

  if (renaming !== null) {
    const submit = async () => {
      if (await actions.rename(p.name, renaming)) setRenaming(null);
    };
    return (
      <li className="preset editing">
        {note && <Outcome note={note} />}
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setRenaming(null);
          }}
        >
          <label htmlFor={inputId}>New name for {p.name}</label>
          <input id={inputId} value={renaming} autoFocus onChange={(e) => setRenaming(e.target.value)} />
          <button type="submit">Save name</button>
          <button type="button" onClick={() => setRenaming(null)}>
            Cancel
          </button>
        </form>
      </li>
    );
  }

  return (
    <li className={`preset${loaded ? ' loaded' : ''}`} aria-current={loaded ? 'true' : undefined}>
      <div className="preset-head">
        <span className="name">
          {p.name}
          {loaded && (
            <span className="loaded-badge" data-testid="preset-loaded">
              {loaded === 'edited' ? 'in the form, edited' : 'in the form'}
            </span>
          )}
        </span>
        <span className="muted">
          {p.event.table_name} · {p.event.start_date} → {p.event.end_date}
          {p.connection ? ` · ${p.connection}` : ''}
          {p.destination ? ` → ${p.destination}` : ''}
        </span>
      </div>
      {confirming ? (
        <div className="buttons" role="group" aria-label={`Delete ${p.name}?`}>
          <span>Delete “{p.name}”?</span>
          <button type="button" className="danger" autoFocus onClick={() => actions.remove(p.name)}>
            Delete
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <div className="buttons" role="group" aria-label={`Preset ${p.name}`}>
          <button type="button" disabled={disabled} onClick={() => actions.load(p)}>
            Load <span className="sr-only">{p.name}</span>
          </button>
          <button type="button" onClick={() => setRenaming(p.name)}>
            Rename <span className="sr-only">{p.name}</span>
          </button>
          <button type="button" onClick={() => actions.duplicate(p.name)}>
            Duplicate <span className="sr-only">{p.name}</span>
          </button>
          <button type="button" onClick={() => setConfirming(true)}>
            Delete <span className="sr-only">{p.name}</span>
          </button>
          <button type="button" onClick={() => actions.exportAs(p.name, 'event')} title="The original Glue event JSON">
            Export event <span className="sr-only">{p.name}</span>
          </button>
          <button
            type="button"
            onClick={() => actions.exportAs(p.name, 'bundle')}
            title="A bundle with the name, connection and destination"
          >
            Export bundle <span className="sr-only">{p.name}</span>
          </button>
        </div>
      )}
      {note && <Outcome note={note} />}
    </li>
  );
}
