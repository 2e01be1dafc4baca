// The run target: connection and destination by name, Run and Cancel, and why Run is disabled.
import type { SettingsView } from '../../../shared/ipc/contract';

export interface RunTargetProps {
  settings: SettingsView | null;
  connection: string;
  destination: string;
  onConnection: (name: string) => void;
  onDestination: (name: string) => void;
  canRun: boolean;
  canCancel: boolean;
  cancelling: boolean;
  busy: boolean;
  why: string;
  error?: string;
  onRun: () => void;
  onCancel: () => void;
}

export function RunTarget(p: RunTargetProps) {
  return (
    <section className="targets" aria-label="Run target">
      <h2>Run</h2>
      <div className="field">
        <label htmlFor="run-connection">Connection</label>
        <select id="run-connection" value={p.connection} disabled={p.busy || !p.settings} onChange={(e) => p.onConnection(e.target.value)}>
          {p.settings?.connections.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
              {c.secret === 'missing' ? ' (no secret saved)' : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="run-destination">Destination</label>
        <select
          id="run-destination"
          value={p.destination}
          disabled={p.busy || !p.settings}
          onChange={(e) => p.onDestination(e.target.value)}
        >
          {p.settings?.destinations.map((d) => (
            <option key={d.name} value={d.name}>
              {d.name} — {d.kind === 's3' ? `s3://${d.bucket}/${d.prefix}` : d.path}
            </option>
          ))}
        </select>
      </div>
      <div className="buttons">
        <button type="button" className="primary" disabled={!p.canRun} aria-describedby="run-why" onClick={p.onRun}>
          Run
        </button>
        <button type="button" disabled={!p.canCancel} onClick={p.onCancel}>
          {p.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <p id="run-why" className="muted">
        {p.why}
      </p>
      {p.error && (
        <p className="error" role="alert">
          {p.error}
        </p>
      )}
    </section>
  );
}
