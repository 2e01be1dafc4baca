// Connections and destinations: lists with Edit / Test / Delete, and the editors. Shows whether the OS can keep
// secrets encrypted; when it cannot, says so (nothing is stored in clear).
import { useState } from 'react';
import type { BackfillApi, SettingsView } from '../../../shared/ipc/contract';
import { ConnectionEditor } from './ConnectionEditor';
import { DestinationEditor } from './DestinationEditor';

type Editing = { what: 'connection' | 'destination'; name?: string } | null;

export function SettingsPanel(props: { api: BackfillApi; settings: SettingsView; onChanged: () => void | Promise<void> }) {
  const { api, settings } = props;
  const [editing, setEditing] = useState<Editing>(null);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const run = async (
    label: string,
    p: Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string } }>,
    text?: (v: unknown) => string,
  ) => {
    setNote({ kind: 'ok', text: `${label}…` });
    const r = await p;
    setNote(
      r.ok ? { kind: 'ok', text: text ? text(r.value) : `${label}: done.` } : { kind: 'error', text: `${label}: ${r.error.message}` },
    );
    await props.onChanged();
  };

  return (
    <section className="settings" aria-label="Connections and destinations">
      <h2>Connections and destinations</h2>
      {!settings.encryption.available && (
        <p className="warning" role="note">
          Secrets cannot be saved on this system: {settings.encryption.detail}
        </p>
      )}
      {settings.problems.map((p) => (
        <p className="warning" key={p}>
          {p}
        </p>
      ))}
      <h3>Mambu connections</h3>
      <ul className="settings-list">
        {settings.connections.map((c) => (
          <li key={c.name}>
            <span className="name">{c.name}</span>
            <span className="muted">
              {c.builtIn
                ? 'built in, no credentials needed'
                : `${c.baseUrl} · ${c.authKind === 'basic' ? 'password' : 'API key'}: ${c.secret === 'saved' ? 'saved' : 'not saved'}`}
            </span>
            <button
              type="button"
              onClick={() =>
                void run(
                  `Test ${c.name}`,
                  api.testConnection({ name: c.name }),
                  (v) => `Test ${c.name} passed: ${(v as { detail: string }).detail}`,
                )
              }
            >
              Test<span className="sr-only"> {c.name}</span>
            </button>
            {!c.builtIn && (
              <>
                <button type="button" onClick={() => setEditing({ what: 'connection', name: c.name })}>
                  Edit<span className="sr-only"> {c.name}</span>
                </button>
                <button
                  type="button"
                  onClick={() => void run(`Delete ${c.name}`, api.deleteConnection({ name: c.name }), () => `Deleted ${c.name}.`)}
                >
                  Delete<span className="sr-only"> {c.name}</span>
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setEditing({ what: 'connection' })}>
        Add connection
      </button>
      <h3>Destinations</h3>
      <ul className="settings-list">
        {settings.destinations.map((x) => (
          <li key={x.name}>
            <span className="name">{x.name}</span>
            <span className="muted">
              {x.kind === 's3' ? `s3://${x.bucket}/${x.prefix}${x.secret === 'saved' ? ' · access keys saved' : ''}` : x.path}
              {x.builtIn ? ' (default)' : ''}
            </span>
            <button
              type="button"
              onClick={() =>
                void run(
                  `Test ${x.name}`,
                  api.testDestination({ name: x.name }),
                  (v) => `Test ${x.name} passed: ${(v as { detail: string }).detail}`,
                )
              }
            >
              Test<span className="sr-only"> {x.name}</span>
            </button>
            {!x.builtIn && (
              <>
                <button type="button" onClick={() => setEditing({ what: 'destination', name: x.name })}>
                  Edit<span className="sr-only"> {x.name}</span>
                </button>
                <button
                  type="button"
                  onClick={() => void run(`Delete ${x.name}`, api.deleteDestination({ name: x.name }), () => `Deleted ${x.name}.`)}
                >
                  Delete<span className="sr-only"> {x.name}</span>
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setEditing({ what: 'destination' })}>
        Add destination
      </button>
      {note && (
        <p className={note.kind === 'error' ? 'error' : 'ok'} role="status">
          {note.text}
        </p>
      )}
      {editing?.what === 'connection' && (
        <ConnectionEditor
          key={editing.name ?? 'new'}
          api={api}
          encryption={settings.encryption}
          existing={settings.connections.find((c) => c.name === editing.name)}
          onSaved={() => void props.onChanged()}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.what === 'destination' && (
        <DestinationEditor
          key={editing.name ?? 'new'}
          api={api}
          encryption={settings.encryption}
          existing={settings.destinations.find((x) => x.name === editing.name)}
          onSaved={() => void props.onChanged()}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}
