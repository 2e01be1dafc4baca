// Presets: save the form's event with the chosen connection and destination names; list, load, rename, duplicate,
// delete; import an original event or a bundle from a file; export as the original event JSON or a bundle (the
// main process asks where). Never a secret: presets hold names only.
import { useEffect, useId, useState } from 'react';
import type { BackfillApi, IpcError, ImportConflictMode, Result, StoreProblemView } from '../../../shared/ipc/contract';
import type { Preset } from '../../../shared/presets';
import { Outcome, type OutcomeNote } from './Outcome';
import { PresetImport } from './PresetImport';
import { PresetItem, type PresetActions } from './PresetItem';
import { usePresets } from './usePresets';

export interface PresetsPanelProps {
  api: BackfillApi;
  /** What "Save" stores: the form's event as typed, and the run target's names. */
  current: { event: unknown; connection: string; destination: string; valid: boolean };
  disabled?: boolean;
  onLoad: (p: Preset) => void;
  /** The preset last loaded into the form (marked in the list), and whether the form still matches it. */
  loaded?: { name: string; edited: boolean } | null;
  /** Problems the store found reading presets.json, for the app-wide notices. */
  onProblems?: (problems: StoreProblemView[]) => void;
}

const failed = (what: string, e: IpcError): OutcomeNote => ({ kind: 'error', text: `${what}: ${e.message}`, issues: e.issues });

/** Where an outcome is shown: next to the control that caused it. */
type Where = { at: 'save' } | { at: 'import' } | { at: 'preset'; name: string };

export function PresetsPanel({ api, current, disabled, onLoad, onProblems, loaded }: PresetsPanelProps) {
  const id = useId();
  const { presets, problems, error, reload } = usePresets(api);
  const [name, setName] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [note, setNoteAt] = useState<(OutcomeNote & { where: Where }) | null>(null);
  const noteFor = (w: Where): OutcomeNote | null => {
    if (!note || note.where.at !== w.at) return null;
    return note.where.at === 'preset' && w.at === 'preset' && note.where.name !== w.name ? null : note;
  };

  useEffect(() => onProblems?.(problems), [problems, onProblems]);

  /** Runs a preset command, shows its outcome, reloads the list; true when it worked. */
  const act = async <T,>(where: Where, what: string, call: Promise<Result<T>>, ok: (v: T) => string): Promise<boolean> => {
    const r = await call;
    setNoteAt({ ...(r.ok ? { kind: 'ok' as const, text: ok(r.value) } : failed(what, r.error)), where });
    await reload();
    return r.ok;
  };

  const actions: PresetActions = {
    load: (p) => {
      onLoad(p);
      setNoteAt({ kind: 'ok', text: `Loaded “${p.name}” into the form.`, where: { at: 'preset', name: p.name } });
    },
    // A renamed preset's outcome shows under its new name (the old row is gone).
    rename: (from, to) =>
      act(
        { at: 'preset', name: to.trim() },
        `Could not rename “${from}”`,
        api.renamePreset({ from, to }),
        (p) => `Renamed “${from}” to “${p.name}”.`,
      ),
    duplicate: (n) =>
      void act(
        { at: 'preset', name: n },
        `Could not duplicate “${n}”`,
        api.duplicatePreset({ name: n }),
        (p) => `Copied “${n}” as “${p.name}”.`,
      ),
    remove: (n) => void act({ at: 'save' }, `Could not delete “${n}”`, api.deletePreset({ name: n }), () => `Deleted “${n}”.`),
    exportAs: (n, format) =>
      void act({ at: 'preset', name: n }, `Could not export “${n}”`, api.exportPreset({ name: n, format }), (v) =>
        v.saved ? `Exported “${n}” ${format === 'event' ? 'as the original event JSON' : 'as a bundle'} to ${v.path}` : 'Export cancelled.',
      ),
  };

  const save = async () => {
    const done = await act(
      { at: 'save' },
      'Could not save the preset',
      api.savePreset({
        preset: { name, event: current.event, connection: current.connection, destination: current.destination },
        ...(overwrite ? { overwrite: true } : {}),
      }),
      (p) => `Saved “${p.name}” (${p.event.table_name}, ${p.connection || 'no connection'} → ${p.destination || 'no destination'}).`,
    );
    if (done) {
      setName('');
      setOverwrite(false);
    }
  };

  const importText = (text: string, fileName: string, onConflict: ImportConflictMode) =>
    void act({ at: 'import' }, `Nothing was imported from ${fileName}`, api.importPresets({ text, onConflict }), (v) => {
      const names = v.imported.map((p) => `“${p.name}”`).join(', ');
      const renamed = v.renamed.length ? ` Renamed: ${v.renamed.map((r) => `${r.from} → ${r.to}`).join(', ')}.` : '';
      const replaced = v.replaced.length ? ` Replaced: ${v.replaced.join(', ')}.` : '';
      return `Imported ${v.imported.length === 1 ? 'preset' : `${v.imported.length} presets`} ${names} from ${fileName}.${renamed}${replaced}`;
    });

  return (
    <section className="presets" aria-label="Presets">
      <h2>Presets</h2>
      <form
        className="preset-save"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor={`${id}-name`}>Preset name</label>
        <input
          id={`${id}-name`}
          type="text"
          value={name}
          autoComplete="off"
          placeholder="e.g. Daily loan accounts"
          aria-describedby={`${id}-hint`}
          onChange={(e) => setName(e.target.value)}
        />
        <label className="inline">
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} /> Replace a preset with this name
        </label>
        <button type="submit" disabled={!current.valid || !name.trim()}>
          Save current event
        </button>
        <p className="hint" id={`${id}-hint`}>
          {current.valid
            ? `Saves the form with “${current.connection}” → “${current.destination}” (names only, never a secret).`
            : 'Fix the event first: only a valid event can be saved.'}
        </p>
        <Outcome note={noteFor({ at: 'save' })} />
      </form>
      {error && (
        <p className="error" role="alert">
          Could not list the presets: {error}
        </p>
      )}
      {presets && presets.length === 0 && <p className="muted">No presets yet.</p>}
      {presets && presets.length > 0 && (
        <ul className="preset-list" aria-label="Saved presets">
          {presets.map((p) => (
            <PresetItem
              key={p.name}
              preset={p}
              actions={actions}
              disabled={disabled}
              loaded={loaded?.name === p.name ? (loaded.edited ? 'edited' : 'as-saved') : undefined}
              note={noteFor({ at: 'preset', name: p.name })}
            />
          ))}
        </ul>
      )}
      <PresetImport onText={importText} />
      <Outcome note={noteFor({ at: 'import' })} />
    </section>
  );
}
