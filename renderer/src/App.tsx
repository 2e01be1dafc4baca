// The window: event form, plan, presets and the run target; the live chunk table, summary and log; the run history
// (same views, plus retry, resume and reports); settings in their own tab. Interrupted runs are offered for resume
// at start, and problems with saved data are shown without blocking. Works with any BackfillApi (see api.tsx).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MissingDestination, StoreProblemView } from '../../shared/ipc/contract';
import { validateEvent } from '../../shared/event/schema';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { Preset } from '../../shared/presets';
import { useApi } from './api';
import { draftFromEvent, toRawEvent, type EventDraft } from './form/draft';
import { EstimatePanel } from './estimate/EstimatePanel';
import { EventForm } from './form/EventForm';
import { loadLastForm, saveLastForm } from './form/last-form';
import { HistoryView } from './history/HistoryView';
import { MissingDestinationOffer } from './history/MissingDestination';
import { ResumeBanner } from './history/ResumeBanner';
import { useHistory } from './history/useHistory';
import { PlanPreview } from './PlanPreview';
import { PresetsPanel } from './presets/PresetsPanel';
import { ExportReport } from './run/ExportReport';
import { RunTarget } from './run/RunTarget';
import { RunView } from './run/RunView';
import { useRun } from './run/useRun';
import { SettingsPanel } from './settings/SettingsPanel';
import { useSettings } from './settings/useSettings';
import { StoreNotices, type StoreNotice } from './StoreNotices';

type Tab = 'run' | 'history' | 'settings';
const NO_ISSUES: never[] = [];

export function App({ initialEvent = SAMPLE_EVENT }: { initialEvent?: typeof SAMPLE_EVENT }) {
  const api = useApi();
  // The form reopens as it was left (see form/last-form.ts); the sample only on a first start.
  const [last] = useState(() => loadLastForm());
  const [draft, setDraft] = useState<EventDraft>(() => last?.draft ?? draftFromEvent(initialEvent));
  const [tab, setTab] = useState<Tab>('run');
  const { settings, error: settingsError, reload } = useSettings(api);
  const [connection, setConnection] = useState<string | null>(last?.connection ?? null);
  const [destination, setDestination] = useState<string | null>(last?.destination ?? null);
  // The preset in the form: its name and its event as loaded, to tell "edited since" apart.
  const [loaded, setLoaded] = useState<{ name: string; event: string | null } | null>(
    last?.preset ? { name: last.preset, event: null } : null,
  );
  useEffect(() => saveLastForm({ draft, connection, destination, preset: loaded?.name ?? null }), [draft, connection, destination, loaded]);
  const [note, setNote] = useState<string | null>(null);
  const [presetProblems, setPresetProblems] = useState<StoreProblemView[]>([]);
  const run = useRun(api);
  const model = run.model;

  // Each finished run refreshes the history, the opened run (a retry updates its parent) and the resume offers.
  const [finished, setFinished] = useState(0);
  const doneAt = model?.done?.at;
  useEffect(() => {
    if (doneAt) setFinished((n) => n + 1);
  }, [doneAt]);
  const history = useHistory(api, finished);

  // Run pressed: bring the run view (progress, strip, table) into view once the run has started.
  const runViewRef = useRef<HTMLDivElement>(null);
  const shownRun = model?.runId;
  useEffect(() => {
    if (shownRun && run.busy) runViewRef.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
    // Only a new run scrolls; the user may scroll away while it runs.
  }, [shownRun]);

  const validation = useMemo(() => validateEvent(toRawEvent(draft)), [draft]);
  // A remembered name that is no longer configured falls back to the default.
  const known = (list: Array<{ name: string }> | undefined, name: string | null) =>
    name && list?.some((x) => x.name === name) ? name : null;
  const conn = known(settings?.connections, connection) ?? settings?.defaults.connection ?? '';
  const dest = known(settings?.destinations, destination) ?? settings?.defaults.destination ?? '';
  const connOk = !!settings?.connections.some((c) => c.name === conn);
  const destOk = !!settings?.destinations.some((d) => d.name === dest);
  const destView = settings?.destinations.find((d) => d.name === dest);
  const rawEvent = useMemo(() => toRawEvent(draft), [draft]);
  const rawText = useMemo(() => JSON.stringify(rawEvent), [rawEvent]);
  const canRun = validation.ok && connOk && destOk && !run.busy;

  const loadPreset = (p: Preset) => {
    const d = draftFromEvent(p.event);
    setDraft(d);
    setLoaded({ name: p.name, event: JSON.stringify(toRawEvent(d)) });
    const missing: string[] = [];
    if (p.connection && settings?.connections.some((c) => c.name === p.connection)) setConnection(p.connection);
    else if (p.connection) missing.push(`connection “${p.connection}”`);
    if (p.destination && settings?.destinations.some((d) => d.name === p.destination)) setDestination(p.destination);
    else if (p.destination) missing.push(`destination “${p.destination}”`);
    setNote(
      missing.length
        ? `Preset “${p.name}” names ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not configured; the current choice is kept.`
        : null,
    );
  };

  // A retry/resume whose destination location is not saved: offered beside the button that was pressed.
  const [missing, setMissing] = useState<{ mode: 'retry' | 'resume'; md: MissingDestination } | null>(null);
  const continueRun = async (runId: string, mode: 'retry' | 'resume') => {
    setMissing(null);
    const r = await run.begin(() => (mode === 'retry' ? api.retryRun({ runId }) : api.resumeRun({ runId })));
    if (r.ok) setTab('run');
    else if (r.error.missingDestination) setMissing({ mode, md: r.error.missingDestination });
    else setTab('run'); // the error shows by the Run button
  };
  const offerFor = (runId: string) =>
    missing && missing.md.runId === runId ? (
      <MissingDestinationOffer
        api={api}
        missing={missing.md}
        mode={missing.mode}
        onDismiss={() => setMissing(null)}
        onAdded={() => {
          void reload();
          void continueRun(runId, missing.mode);
        }}
      />
    ) : null;

  const onPresetProblems = useCallback((p: StoreProblemView[]) => setPresetProblems(p), []);
  const notices: StoreNotice[] = [
    ...presetProblems.map((p) => ({ key: `presets:${p.kind}:${p.movedTo ?? p.path}`, title: 'Presets file problem', detail: p.message })),
    ...(history.entries ?? []).flatMap((e) =>
      e.readable ? [] : [{ key: `journal:${e.path}`, title: `Run ${e.runId} cannot be shown`, detail: e.message }],
    ),
  ];

  return (
    <div className="app">
      <header className="top">
        <h1>Mambu Backfill</h1>
        <nav className="tabs" aria-label="Sections">
          <button type="button" aria-pressed={tab === 'run'} onClick={() => setTab('run')}>
            Backfill
          </button>
          <button type="button" aria-pressed={tab === 'history'} onClick={() => setTab('history')}>
            History
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
      <StoreNotices notices={notices} />
      <ResumeBanner
        api={api}
        disabled={run.busy}
        refreshKey={finished}
        onResume={(id) => void continueRun(id, 'resume')}
        offerFor={offerFor}
      />
      {tab === 'settings' && settings && <SettingsPanel api={api} settings={settings} onChanged={reload} />}
      {tab === 'history' && (
        <HistoryView
          api={api}
          entries={history.entries}
          error={history.error}
          onReload={history.reload}
          busy={run.busy}
          refreshKey={finished}
          onRetry={(id) => void continueRun(id, 'retry')}
          onResume={(id) => void continueRun(id, 'resume')}
          offerFor={offerFor}
        />
      )}
      <main hidden={tab !== 'run'}>
        <div className="columns">
          <EventForm draft={draft} issues={validation.ok ? NO_ISSUES : validation.issues} disabled={run.busy} onChange={setDraft} />
          <aside className="side">
            <PlanPreview validation={validation} destination={destView} />
            <RunTarget
              settings={settings}
              connection={conn}
              destination={dest}
              onConnection={setConnection}
              onDestination={setDestination}
              canRun={canRun}
              canCancel={run.phase === 'running' || run.phase === 'starting'}
              cancelling={run.phase === 'cancelling'}
              busy={run.busy}
              why={
                !validation.ok
                  ? `Fix ${validation.issues.length === 1 ? 'the field' : `${validation.issues.length} problems`} above to run.`
                  : !settings
                    ? 'Loading settings…'
                    : run.busy
                      ? `Running ${model?.runId ?? ''}`
                      : 'Ready.'
              }
              error={run.error?.missingDestination ? undefined : run.error?.message}
              onRun={() => void run.start({ event: toRawEvent(draft), connection: conn, destination: dest })}
              onCancel={() => void run.cancel()}
            />
            <EstimatePanel
              api={api}
              event={rawEvent}
              eventKey={rawText}
              connection={conn}
              canEstimate={validation.ok && connOk && !run.busy}
            />
            {note && (
              <p className="warning" role="status">
                {note}
              </p>
            )}
            <PresetsPanel
              api={api}
              current={{ event: rawEvent, connection: conn, destination: dest, valid: validation.ok }}
              disabled={run.busy}
              onLoad={loadPreset}
              onProblems={onPresetProblems}
              loaded={loaded ? { name: loaded.name, edited: loaded.event !== null && loaded.event !== rawText } : null}
            />
          </aside>
        </div>
        {model && (
          <RunView
            ref={runViewRef}
            run={model}
            cancelling={run.phase === 'cancelling'}
            actions={
              model.done ? (
                <>
                  {model.chunks.some((c) => c.status !== 'success') && !model.done.fatalError && (
                    <button type="button" disabled={run.busy} onClick={() => void continueRun(model.runId, 'retry')}>
                      Retry failed
                    </button>
                  )}
                  <ExportReport api={api} runId={model.runId} />
                </>
              ) : undefined
            }
          />
        )}
      </main>
    </div>
  );
}
