// A result line for the presets panel: a sentence, and each problem by field when there are any.
import type { FieldIssue } from '../../../shared/event/schema';

export interface OutcomeNote {
  kind: 'ok' | 'error';
  text: string;
  issues?: FieldIssue[];
}

export function Outcome({ note }: { note: OutcomeNote | null }) {
  if (!note) return <p role="status" className="sr-only" />;
  // The store's message may already list the issues line by line; show its first line and the list once.
  const headline = note.issues?.length ? note.text.split('\n')[0] : note.text;
  return (
    <div role="status" className={note.kind === 'error' ? 'error' : 'ok'} data-testid="presets-outcome">
      <p>{headline}</p>
      {note.issues && note.issues.length > 0 && (
        <ul className="issues">
          {note.issues.map((i, n) => (
            <li key={`${i.field}-${n}`}>
              <code>{i.field}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
