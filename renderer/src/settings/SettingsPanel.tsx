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

  const passed = (name: string) => (v: unknown) => `Test ${name} passed: ${(v as { detail: string }).detail}`;

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
        onTest={(name) => void run(`Test ${name}`, api.testConnection({ name }), passed(name))}
        onEdit={(name) => setEditing({ what: 'connection', name })}
        onDelete={(name) => void run(`Delete ${name}`, api.deleteConnection({ name }), () => `Deleted ${name}.`)}
        onAdd={() => setEditing({ what: 'connection' })}
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
        onTest={(name) => void run(`Test ${name}`, api.testDestination({ name }), passed(name))}
        onEdit={(name) => setEditing({ what: 'destination', name })}
        onDelete={(name) => void run(`Delete ${name}`, api.deleteDestination({ name }), () => `Deleted ${name}.`)}
        onAdd={() => setEditing({ what: 'destination' })}
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

/** One kind of saved item: a row per item with Test (and Edit and Delete unless built in), then Add. Each button's
 *  accessible name carries the item's name ("Test Prod"), set outright: a visually hidden span of it was dropped
 *  by accessible-name engines that trim each text node ("TestProd"). */
function SettingsList(props: {
  title: string;
  noun: 'connection' | 'destination';
  items: Array<{ name: string; builtIn: boolean; about: string }>;
  onTest: (name: string) => void;
  onEdit: (name: string) => void;
  onDelete: (name: string) => void;
  onAdd: () => void;
}) {
  return (
    <>
      <h3>{props.title}</h3>
      <ul className="settings-list">
        {props.items.map((item) => (
          <li key={item.name}>
            <span className="name">{item.name}</span>
            <span className="muted">{item.about}</span>
            <button type="button" aria-label={`Test ${item.name}`} onClick={() => props.onTest(item.name)}>
              Test
            </button>
            {!item.builtIn && (
              <>
                <button type="button" aria-label={`Edit ${item.name}`} onClick={() => props.onEdit(item.name)}>
                  Edit
                </button>
                <button type="button" aria-label={`Delete ${item.name}`} onClick={() => props.onDelete(item.name)}>
                  Delete
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={props.onAdd}>
        Add {props.noun}
      </button>
    </>
  );
}
