// The window: event form, plan, Run/Cancel with the connection and destination, the live chunk table, the summary
// and the log; settings in their own tab. Works with any BackfillApi (see api.tsx).
import { useMemo, useState } from 'react';
import { validateEvent } from '../../shared/event/schema';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { useApi } from './api';
import { draftFromEvent, toRawEvent, type EventDraft } from './form/draft';
import { EventForm } from './form/EventForm';
import { PlanPreview } from './PlanPreview';
import { ChunkTable } from './run/ChunkTable';
import { LogPane } from './run/LogPane';
import { Summary } from './run/Summary';
import { useRun } from './run/useRun';
import { SettingsPanel } from './settings/SettingsPanel';
import { useSettings } from './settings/useSettings';

export function App({ initialEvent = SAMPLE_EVENT }: { initialEvent?: typeof SAMPLE_EVENT }) {
  const api = useApi();
  const [draft, setDraft] = useState<EventDraft>(() => draftFromEvent(initialEvent));
  const [tab, setTab] = useState<'run' | 'settings'>('run');
  const { settings, error: settingsError, reload } = useSettings(api);
  const [connection, setConnection] = useState<string | null>(null);
  const [destination, setDestination] = useState<string | null>(null);
  const run = useRun(api);
  const [follow, setFollow] = useState(true);

  const validation = useMemo(() => validateEvent(toRawEvent(draft)), [draft]);
  const conn = connection ?? settings?.defaults.connection ?? '';
  const dest = destination ?? settings?.defaults.destination ?? '';
  const connOk = !!settings?.connections.some((c) => c.name === conn);
  const destOk = !!settings?.destinations.some((d) => d.name === dest);
  const canRun = validation.ok && connOk && destOk && !run.busy;
  const model = run.model;

  return (
    <div className="app">
      <header className="top">
        <h1>Mambu Backfill</h1>
        <nav className="tabs" aria-label="Sections">
          <button type="button" aria-pressed={tab === 'run'} onClick={() => setTab('run')}>
            Backfill
          </button>
          <button type="button" aria-pressed={tab === 'settings'} onClick={() => setTab('settings')}>
            Connections &amp; destinations
          </button>
        </nav>
      </header>
      {settingsError && (
        <p className="error" role="alert">
          Could not load settings: {settingsError.message}
        </p>
      )}
      {tab === 'settings' && settings && <SettingsPanel api={api} settings={settings} onChanged={reload} />}
      <main hidden={tab !== 'run'}>
        <div className="columns">
          <EventForm draft={draft} issues={validation.ok ? [] : validation.issues} disabled={run.busy} onChange={setDraft} />
          <aside className="side">
            <PlanPreview validation={validation} />
            <section className="targets" aria-label="Run target">
              <h2>Run</h2>
              <div className="field">
                <label htmlFor="run-connection">Connection</label>
                <select id="run-connection" value={conn} disabled={run.busy || !settings} onChange={(e) => setConnection(e.target.value)}>
                  {settings?.connections.map((c) => (
                    <option key={c.name} value={c.name}>
                      {c.name}
                      {c.secret === 'missing' ? ' (no secret saved)' : ''}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="run-destination">Destination</label>
                <select id="run-destination" value={dest} disabled={run.busy || !settings} onChange={(e) => setDestination(e.target.value)}>
                  {settings?.destinations.map((d) => (
                    <option key={d.name} value={d.name}>
                      {d.name} — {d.kind === 's3' ? `s3://${d.bucket}/${d.prefix}` : d.path}
                    </option>
                  ))}
                </select>
              </div>
              <div className="buttons">
                <button type="button" className="primary" disabled={!canRun} aria-describedby="run-why" onClick={() => void run.start({ event: toRawEvent(draft), connection: conn, destination: dest })}>
                  Run
                </button>
                <button type="button" disabled={!(run.phase === 'running' || run.phase === 'starting')} onClick={() => void run.cancel()}>
                  {run.phase === 'cancelling' ? 'Cancelling…' : 'Cancel'}
                </button>
              </div>
              <p id="run-why" className="muted">
                {!validation.ok
                  ? `Fix ${validation.issues.length === 1 ? 'the field' : `${validation.issues.length} problems`} above to run.`
                  : !settings
                    ? 'Loading settings…'
                    : run.busy
                      ? `Running ${model?.runId ?? ''}`
                      : 'Ready.'}
              </p>
              {run.error && (
                <p className="error" role="alert">
                  {run.error.message}
                </p>
              )}
            </section>
          </aside>
        </div>
        {model && (
          <>
            {model.done && <Summary run={model} />}
            <section className="chunks" aria-label="Chunks">
              <div className="chunks-head">
                <h2>Chunks</h2>
                <label className="inline">
                  <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow the running chunk
                </label>
              </div>
              <ChunkTable chunks={model.chunks} version={model.version} follow={follow} />
            </section>
            <LogPane lines={model.logs} version={model.version} />
          </>
        )}
      </main>
    </div>
  );
}
