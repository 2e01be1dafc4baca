// Save / Test / Close and the outcome line, shared by the connection and destination editors.
import type { IpcError } from '../../../shared/ipc/contract';

export type EditorOutcome = { kind: 'ok' | 'error' | 'warning'; text: string; issues?: IpcError['issues'] } | null;

export function EditorActions(props: {
  noun: 'connection' | 'destination';
  busy: boolean;
  onTest: () => void;
  onClose: () => void;
  result: EditorOutcome;
}) {
  return (
    <>
      <div className="buttons">
        <button type="submit" disabled={props.busy}>
          Save {props.noun}
        </button>
        <button type="button" disabled={props.busy} onClick={props.onTest}>
          Test {props.noun}
        </button>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {props.result && (
        <p className={props.result.kind} role="status">
          {props.result.text}
        </p>
      )}
    </>
  );
}
