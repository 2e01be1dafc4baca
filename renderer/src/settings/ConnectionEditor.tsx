// Add or edit a named Mambu connection. The API key/password goes to the main process (safeStorage) and is never
// shown again: the form only says whether one is saved.
import type { BackfillApi, ConnectionView, EncryptionStatus } from '../../../shared/ipc/contract';
import { CONNECTION_BOUNDS as B, type ConnectionSettings } from '../../../shared/settings';
import { Field, TextInput } from '../form/Field';
import { EditorActions } from './EditorActions';
import { useEditor } from './useEditor';

type AuthKind = 'apiKey' | 'basic';
interface Draft {
  name: string;
  baseUrl: string;
  authKind: AuthKind;
  username: string;
  secret: string;
  /** Where the API key is: saved on this computer, or read at run time from AWS Secrets Manager. */
  keySource: 'local' | 'secrets-manager';
  secretId: string;
  timezone: string;
  pageSize: string;
  requestsPerSecond: string;
  timeoutSeconds: string;
}

const fromView = (c?: ConnectionView): Draft => ({
  name: c?.name ?? '',
  baseUrl: c?.baseUrl ?? '',
  authKind: c?.authKind === 'basic' ? 'basic' : 'apiKey',
  username: c?.username ?? '',
  secret: '',
  keySource: c?.secretSource ? 'secrets-manager' : 'local',
  secretId: c?.secretSource?.secretId ?? '',
  timezone: c?.timezone ?? 'UTC',
  pageSize: String(c?.pageSize ?? B.pageSize.default),
  requestsPerSecond: String(c?.requestsPerSecond ?? B.requestsPerSecond.default),
  timeoutSeconds: String(c?.timeoutSeconds ?? B.timeoutSeconds.default),
});

function toSettings(d: Draft): ConnectionSettings {
  return {
    name: d.name,
    baseUrl: d.baseUrl,
    authKind: d.authKind,
    username: d.authKind === 'basic' ? d.username : '',
    timezone: d.timezone,
    pageSize: Number(d.pageSize),
    requestsPerSecond: Number(d.requestsPerSecond),
    timeoutSeconds: Number(d.timeoutSeconds),
    ...(d.authKind === 'apiKey' && d.keySource === 'secrets-manager'
      ? { secretSource: { kind: 'secrets-manager' as const, secretId: d.secretId } }
      : {}),
  };
}

export function ConnectionEditor(props: {
  api: BackfillApi;
  existing?: ConnectionView;
  encryption: EncryptionStatus;
  onSaved: (name: string) => void;
  onClose: () => void;
}) {
  const { api } = props;
  const editor = useEditor({ existing: props.existing, fromView, field: 'connection', onSaved: props.onSaved });
  const { existing, draft: d, set, result, busy, issue } = editor;
  const secretLabel = d.authKind === 'basic' ? 'Password' : 'API key';
  const fromAws = d.authKind === 'apiKey' && d.keySource === 'secrets-manager';
  const typedSecret = !fromAws && d.secret ? { secret: d.secret } : {};

  // After the first Save of a new connection, later Saves edit it (rename, keep the key) and the key hint says it
  // is saved (useEditor keeps what was saved).
  const save = () =>
    editor.save(
      () => api.saveConnection({ connection: toSettings(d), ...typedSecret, ...(existing ? { originalName: existing.name } : {}) }),
      (x) => ({ ...x, secret: '' }),
    );
  const test = () => editor.test(() => api.testConnection({ connection: toSettings(d), ...typedSecret }));

  return (
    <form
      className="editor"
      aria-label={existing ? `Edit connection ${existing.name}` : 'New connection'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
    >
      <Field id="conn-name" label="Name" errors={issue('name')}>
        {(a) => <TextInput aria={a} value={d.name} onChange={(v) => set('name', v)} />}
      </Field>
      <Field
        id="conn-baseUrl"
        label="Base URL or subdomain"
        hint="e.g. mybank (→ https://mybank.mambu.com/api) or a full URL."
        errors={issue('baseUrl')}
      >
        {(a) => <TextInput aria={a} value={d.baseUrl} onChange={(v) => set('baseUrl', v)} />}
      </Field>
      <Field id="conn-auth" label="Authentication">
        {(a) => (
          <select {...a} value={d.authKind} onChange={(e) => set('authKind', e.target.value as AuthKind)}>
            <option value="apiKey">API key</option>
            <option value="basic">User and password</option>
          </select>
        )}
      </Field>
      {d.authKind === 'basic' && (
        <Field id="conn-username" label="User" errors={issue('username')}>
          {(a) => <TextInput aria={a} value={d.username} onChange={(v) => set('username', v)} />}
        </Field>
      )}
      {d.authKind === 'apiKey' && (
        <Field id="conn-keySource" label="Key source">
          {(a) => (
            <select {...a} value={d.keySource} onChange={(e) => set('keySource', e.target.value as Draft['keySource'])}>
              <option value="local">Saved on this computer</option>
              <option value="secrets-manager">AWS Secrets Manager</option>
            </select>
          )}
        </Field>
      )}
      {fromAws ? (
        <Field
          id="conn-secretId"
          label="Secret id"
          hint="Name or ARN of a secret whose value is JSON with the key MAMBU_API_KEY, read at each run with the AWS default credentials. Nothing is stored on this computer."
          errors={[...(issue('secretSource.secretId') ?? []), ...(issue('secret') ?? [])]}
        >
          {(a) => <TextInput aria={a} value={d.secretId} onChange={(v) => set('secretId', v)} />}
        </Field>
      ) : (
        <Field
          id="conn-secret"
          label={secretLabel}
          hint={
            !props.encryption.available
              ? props.encryption.detail
              : existing?.secret === 'saved'
                ? `${d.authKind === 'basic' ? 'A password' : 'An API key'} is saved; leave empty to keep it.`
                : `Not saved yet.`
          }
          errors={issue('secret')}
        >
          {(a) => (
            <input
              {...a}
              type="password"
              autoComplete="off"
              value={d.secret}
              placeholder={existing?.secret === 'saved' ? '•••••• (saved)' : ''}
              onChange={(e) => set('secret', e.target.value)}
            />
          )}
        </Field>
      )}
      <Field id="conn-timezone" label="Tenant time zone" hint="IANA name, e.g. Europe/Berlin." errors={issue('timezone')}>
        {(a) => <TextInput aria={a} value={d.timezone} onChange={(v) => set('timezone', v)} />}
      </Field>
      <Field
        id="conn-pageSize"
        label="Page size"
        hint={`${B.pageSize.min} to ${B.pageSize.max} records per request.`}
        errors={issue('pageSize')}
      >
        {(a) => <TextInput aria={a} inputMode="numeric" value={d.pageSize} onChange={(v) => set('pageSize', v)} />}
      </Field>
      <Field
        id="conn-rps"
        label="Requests per second"
        hint={`${B.requestsPerSecond.min} to ${B.requestsPerSecond.max}; the tenant is shared with the bank's own traffic.`}
        errors={issue('requestsPerSecond')}
      >
        {(a) => <TextInput aria={a} inputMode="decimal" value={d.requestsPerSecond} onChange={(v) => set('requestsPerSecond', v)} />}
      </Field>
      <Field
        id="conn-timeout"
        label="Timeout (seconds)"
        hint={`Per request, ${B.timeoutSeconds.min} to ${B.timeoutSeconds.max}.`}
        errors={issue('timeoutSeconds')}
      >
        {(a) => <TextInput aria={a} inputMode="numeric" value={d.timeoutSeconds} onChange={(v) => set('timeoutSeconds', v)} />}
      </Field>
      <EditorActions noun="connection" busy={busy} onTest={() => void test()} onClose={props.onClose} result={result} />
    </form>
  );
}
