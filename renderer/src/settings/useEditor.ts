// What a settings editor does around its draft, Save and Test, the same for connections and destinations: the saved
// item (after the first Save of a new one, later Saves edit it instead of adding a second one), the busy flag, the
// outcome line and the field issues it names.
import { useState } from 'react';
import type { Result, SaveOutcome, TestOutcome } from '../../../shared/ipc/contract';
import type { EditorOutcome } from './EditorActions';

export function useEditor<View extends { name: string }, Draft>(o: {
  existing: View | undefined;
  fromView: (view?: View) => Draft;
  /** The request field the main process names issues under (`connection.baseUrl`). */
  field: 'connection' | 'destination';
  onSaved: (name: string) => void;
}) {
  const [existing, setExisting] = useState(o.existing);
  const [draft, setDraft] = useState<Draft>(() => o.fromView(o.existing));
  const [result, setResult] = useState<EditorOutcome>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((x) => ({ ...x, [k]: v }));
  const issue = (f: string) => result?.issues?.filter((i) => i.field === `${o.field}.${f}` || i.field === f).map((i) => i.message);

  /** Saves; on success the typed secrets are cleared from the draft (`forget`) and the outcome says what was saved. */
  const save = async (send: () => Promise<Result<SaveOutcome<View>>>, forget: (d: Draft) => Draft) => {
    setBusy(true);
    const r = await send();
    setBusy(false);
    if (!r.ok) return setResult({ kind: 'error', text: r.error.message, issues: r.error.issues });
    setDraft(forget);
    setExisting(r.value.saved);
    setResult(r.value.warning ? { kind: 'warning', text: r.value.warning } : { kind: 'ok', text: `Saved "${r.value.saved.name}".` });
    o.onSaved(r.value.saved.name);
  };

  const test = async (send: () => Promise<Result<TestOutcome>>) => {
    setBusy(true);
    setResult({ kind: 'ok', text: 'Testing…' });
    const r = await send();
    setBusy(false);
    setResult(
      r.ok
        ? { kind: 'ok', text: `Test passed: ${r.value.detail}` }
        : { kind: 'error', text: `Test failed: ${r.error.message}`, issues: r.error.issues },
    );
  };

  return { existing, draft, set, result, busy, issue, save, test };
}
