// Connections and destinations: lists with Edit / Test / Delete, and the editors. Shows whether the OS can keep
// secrets encrypted; when it cannot, says so (nothing is stored in clear).
import { useState } from 'react';
import type { BackfillApi, Result, SettingsView, TestOutcome } from '../../../shared/ipc/contract';
import { ConnectionEditor } from './ConnectionEditor';
import { DestinationEditor } from './DestinationEditor';

type Editing = { what: 'connection' | 'destination'; name?: string } | null;

export function SettingsPanel(props: { api: BackfillApi; settings: SettingsView; onChanged: () => void | Promise<void> }) {
  const { api, settings } = props;
  const [editing, setEditing] = useState<Editing>(null);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  // Test and Delete of a listed item: "Test Prod…" while it runs, then its outcome; the lists are read again.
  const run = async <T,>(label: string, answer: Promise<Result<T>>, text: (value: T) => string) => {
    setNote({ kind: 'ok', text: `${label}…` });
    const r = await answer;
    setNote(r.ok ? { kind: 'ok', text: text(r.value) } : { kind: 'error', text: `${label}: ${r.error.message}` });
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
      <SettingsList
        title="Mambu connections"
        noun="connection"
        items={settings.connections.map((c) => ({
          name: c.name,
          builtIn: c.builtIn,
          about: c.builtIn
            ? 'built in, no credentials needed'
            : `${c.baseUrl} · ${c.authKind === 'basic' ? 'password' : 'API key'}: ${c.secret === 'saved' ? 'saved' : 'not saved'}`,
        }))}
        test={(name) => api.testConnection({ name })}
        remove={(name) => api.deleteConnection({ name })}
        edit={(name) => setEditing({ what: 'connection', name })}
        run={run}
      />
      <SettingsList
        title="Destinations"
        noun="destination"
        items={settings.destinations.map((x) => ({
          name: x.name,
          builtIn: x.builtIn,
          about:
            (x.kind === 's3' ? `s3://${x.bucket}/${x.prefix}${x.secret === 'saved' ? ' · access keys saved' : ''}` : x.path) +
            (x.builtIn ? ' (default)' : ''),
        }))}
        test={(name) => api.testDestination({ name })}
        remove={(name) => api.deleteDestination({ name })}
        edit={(name) => setEditing({ what: 'destination', name })}
        run={run}
      />
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

/** One kind of saved item: a row per item with Test (and Edit and Delete unless built in), then Add (`edit` with no
 *  name). Test and Delete go through the panel's `run`, which shows their outcome. Each button's accessible name
 *  carries the item's name ("Test Prod"), set outright: a visually hidden span of it was dropped by accessible-name
 *  engines that trim each text node ("TestProd"). */
function SettingsList(props: {
  title: string;
  noun: 'connection' | 'destination';
  items: Array<{ name: string; builtIn: boolean; about: string }>;
  test: (name: string) => Promise<Result<TestOutcome>>;
  remove: (name: string) => Promise<Result<unknown>>;
  edit: (name?: string) => void;
  run: <T>(label: string, answer: Promise<Result<T>>, text: (value: T) => string) => Promise<void>;
}) {
  const test = (name: string) => void props.run(`Test ${name}`, props.test(name), (v) => `Test ${name} passed: ${v.detail}`);
  const remove = (name: string) => void props.run(`Delete ${name}`, props.remove(name), () => `Deleted ${name}.`);
  return (
    <>
      <h3>{props.title}</h3>
      <ul className="settings-list">
        {props.items.map((item) => (
          <li key={item.name}>
            <span className="name">{item.name}</span>
            <span className="muted">{item.about}</span>
            <button type="button" aria-label={`Test ${item.name}`} onClick={() => test(item.name)}>
              Test
            </button>
            {!item.builtIn && (
              <>
                <button type="button" aria-label={`Edit ${item.name}`} onClick={() => props.edit(item.name)}>
                  Edit
                </button>
                <button type="button" aria-label={`Delete ${item.name}`} onClick={() => remove(item.name)}>
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => props.edit()}>
        Add {props.noun}
      </button>
    </>
  );
}
