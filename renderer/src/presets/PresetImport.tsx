// Import an original event JSON or a bundle of presets: the page reads the file's TEXT and sends that (never a
// path). What to do when a name is taken is chosen here.
import { useId, useState } from 'react';
import type { ImportConflictMode } from '../../../shared/ipc/contract';

export function PresetImport({ onText }: { onText: (text: string, fileName: string, onConflict: ImportConflictMode) => void }) {
  const id = useId();
  const [mode, setMode] = useState<ImportConflictMode>('error');
  return (
    <div className="preset-import">
      <label className="file-button" htmlFor={`${id}-file`}>
        Import event or bundle…
      </label>
      <input
        id={`${id}-file`}
        className="sr-only-file"
        type="file"
        accept=".json,application/json"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onText(await file.text(), file.name, mode);
        }}
      />
      <label htmlFor={`${id}-mode`}>If a name is taken</label>
      <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as ImportConflictMode)}>
        <option value="error">import nothing</option>
        <option value="rename">rename the imported one</option>
        <option value="replace">replace the existing one</option>
      </select>
    </div>
  );
}
