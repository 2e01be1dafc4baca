// Fill the form from an original event: paste its JSON or open the file (read here, in the page; nothing is sent).
import { useId, useState } from 'react';
import { draftFromOriginal, type EventDraft } from './draft';

export function ImportEvent(props: { disabled?: boolean; onImport: (d: EventDraft) => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const pasteId = useId();
  const fileId = useId();

  const apply = (json: string, source: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (err) {
      setMessage({ kind: 'error', text: `${source} is not valid JSON: ${(err as Error).message}` });
      return;
    }
    const r = draftFromOriginal(raw);
    if ('error' in r) {
      setMessage({ kind: 'error', text: r.error });
      return;
    }
    props.onImport(r.draft);
    setMessage({
      kind: 'ok',
      text: `Form filled from ${source}.${r.ignored.length ? ` Ignored unknown keys: ${r.ignored.join(', ')}.` : ''}`,
    });
    setOpen(false);
  };

  return (
    <div className="import">
      <button type="button" aria-expanded={open} aria-controls={pasteId} disabled={props.disabled} onClick={() => setOpen((o) => !o)}>
        Paste event JSON…
      </button>
      <label className="file-button" htmlFor={fileId}>
        Open event file…
      </label>
      <input
        id={fileId}
        className="sr-only-file"
        type="file"
        accept=".json,application/json"
        disabled={props.disabled}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) apply(await file.text(), file.name);
        }}
      />
      {open && (
        <div className="paste" id={pasteId}>
          <label htmlFor={`${pasteId}-text`}>Original event JSON</label>
          <textarea
            id={`${pasteId}-text`}
            rows={8}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder='{"table_name": "mambu_loan_accounts", "endpoint": "mambu:loans:search", …}'
          />
          <button type="button" onClick={() => apply(text, 'the pasted JSON')}>
            Fill form
          </button>
        </div>
      )}
      {message && (
        <p className={message.kind === 'error' ? 'error' : 'ok'} role="status">
          {message.text}
        </p>
      )}
    </div>
  );
}
