// Add or edit a destination: an S3 bucket + prefix (region, AWS profile, optional endpoint/path-style and optional
// access keys kept in safeStorage) or a local folder.
import type { BackfillApi, DestinationView, EncryptionStatus } from '../../../shared/ipc/contract';
import type { DestinationSettings } from '../../../shared/settings';
import { Field, TextInput } from '../form/Field';
import { EditorActions } from './EditorActions';
import { useEditor } from './useEditor';

interface Draft {
  kind: 's3' | 'local';
  name: string;
  bucket: string;
  prefix: string;
  region: string;
  profile: string;
  endpoint: string;
  forcePathStyle: boolean;
  /** Register the table and its partitions in the Glue Data Catalog (on unless turned off). */
  glue: boolean;
  glueDatabase: string;
  disableChecksums: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  path: string;
}

function fromView(x?: DestinationView): Draft {
  const base: Draft = {
    kind: 's3',
    name: '',
    bucket: '',
    prefix: '',
    region: '',
    profile: '',
    endpoint: '',
    forcePathStyle: false,
    disableChecksums: false,
    glue: true,
    glueDatabase: '',
    accessKeyId: '',
    secretAccessKey: '',
    path: '',
  };
  if (!x) return base;
  return x.kind === 's3'
    ? {
        ...base,
        kind: 's3',
        name: x.name,
        bucket: x.bucket,
        prefix: x.prefix,
        region: x.region,
        profile: x.profile,
        endpoint: x.endpoint,
        forcePathStyle: x.forcePathStyle,
        disableChecksums: x.disableChecksums ?? false,
        glue: x.glue !== false,
        glueDatabase: x.glueDatabase ?? '',
      }
    : { ...base, kind: 'local', name: x.name, path: x.path };
}

function toSettings(d: Draft): DestinationSettings {
  return d.kind === 's3'
    ? {
        kind: 's3',
        name: d.name,
        bucket: d.bucket,
        prefix: d.prefix,
        region: d.region,
        profile: d.profile,
        endpoint: d.endpoint,
        forcePathStyle: d.forcePathStyle,
        ...(d.disableChecksums ? { disableChecksums: true } : {}),
        glue: d.glue,
        ...(d.glueDatabase.trim() ? { glueDatabase: d.glueDatabase } : {}),
      }
    : { kind: 'local', name: d.name, path: d.path };
}

export function DestinationEditor(props: {
  api: BackfillApi;
  existing?: DestinationView;
  encryption: EncryptionStatus;
  onSaved: (name: string) => void;
  onClose: () => void;
}) {
  const { api } = props;
  const editor = useEditor({ existing: props.existing, fromView, field: 'destination', onSaved: props.onSaved });
  const { existing, draft: d, set, result, busy, issue } = editor;
  const keys =
    d.kind === 's3' && d.accessKeyId && d.secretAccessKey
      ? { s3Keys: { accessKeyId: d.accessKeyId, secretAccessKey: d.secretAccessKey } }
      : {};

  // After the first Save of a new destination, later Saves edit it instead of adding a second one (useEditor).
  const save = () =>
    editor.save(
      () => api.saveDestination({ destination: toSettings(d), ...keys, ...(existing ? { originalName: existing.name } : {}) }),
      (x) => ({ ...x, accessKeyId: '', secretAccessKey: '' }),
    );
  const test = () => editor.test(() => api.testDestination({ destination: toSettings(d), ...keys }));

  return (
    <form
      className="editor"
      aria-label={existing ? `Edit destination ${existing.name}` : 'New destination'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
    >
      <Field id="dest-name" label="Name" errors={issue('name')}>
        {(a) => <TextInput aria={a} value={d.name} onChange={(v) => set('name', v)} />}
      </Field>
      <Field id="dest-kind" label="Kind">
        {(a) => (
          <select {...a} value={d.kind} onChange={(e) => set('kind', e.target.value as Draft['kind'])}>
            <option value="s3">S3 bucket</option>
            <option value="local">Local folder</option>
          </select>
        )}
      </Field>
      {d.kind === 'local' ? (
        <Field
          id="dest-path"
          label="Folder"
          hint="An absolute path; Parquet files are written under it, Hive-partitioned."
          errors={issue('path')}
        >
          {(a) => <TextInput aria={a} value={d.path} onChange={(v) => set('path', v)} />}
        </Field>
      ) : (
        <>
          <Field id="dest-bucket" label="Bucket" errors={issue('bucket')}>
            {(a) => <TextInput aria={a} value={d.bucket} onChange={(v) => set('bucket', v)} />}
          </Field>
          <Field id="dest-prefix" label="Prefix" hint="e.g. raw/mambu" errors={issue('prefix')}>
            {(a) => <TextInput aria={a} value={d.prefix} onChange={(v) => set('prefix', v)} />}
          </Field>
          <Field id="dest-region" label="Region" hint="e.g. eu-central-1; empty for the AWS default." errors={issue('region')}>
            {(a) => <TextInput aria={a} value={d.region} onChange={(v) => set('region', v)} />}
          </Field>
          <Field id="dest-profile" label="AWS profile" hint="From ~/.aws; empty for the default chain." errors={issue('profile')}>
            {(a) => <TextInput aria={a} value={d.profile} onChange={(v) => set('profile', v)} />}
          </Field>
          <Field
            id="dest-endpoint"
            label="Endpoint (optional)"
            hint="For S3-compatible storage, e.g. http://127.0.0.1:9000."
            errors={issue('endpoint')}
          >
            {(a) => <TextInput aria={a} value={d.endpoint} onChange={(v) => set('endpoint', v)} />}
          </Field>
          <div className="field checkbox">
            <input
              id="dest-path-style"
              type="checkbox"
              checked={d.forcePathStyle}
              onChange={(e) => set('forcePathStyle', e.target.checked)}
            />
            <label htmlFor="dest-path-style">Path-style addressing</label>
          </div>
          <div className="field checkbox">
            <input id="dest-glue" type="checkbox" checked={d.glue} onChange={(e) => set('glue', e.target.checked)} />
            <label htmlFor="dest-glue">Register tables and partitions in the Glue Data Catalog</label>
          </div>
          {d.glue && (
            <Field
              id="dest-glue-db"
              label="Glue database"
              hint="Empty for GLUE_DATABASE, else datalake_raw (the original job's)."
              errors={issue('glueDatabase')}
            >
              {(a) => <TextInput aria={a} value={d.glueDatabase} placeholder="datalake_raw" onChange={(v) => set('glueDatabase', v)} />}
            </Field>
          )}
          <div className="field checkbox">
            <input
              id="dest-no-checksums"
              type="checkbox"
              checked={d.disableChecksums}
              onChange={(e) => set('disableChecksums', e.target.checked)}
            />
            <label htmlFor="dest-no-checksums">
              S3-compatible store without checksum support (send upload checksums only where required)
            </label>
          </div>
          <Field
            id="dest-key-id"
            label="Access key ID (optional)"
            hint={
              !props.encryption.available
                ? props.encryption.detail
                : existing?.secret === 'saved'
                  ? 'Access keys are saved; leave empty to keep them.'
                  : 'Leave empty to use the profile or default credentials.'
            }
            errors={issue('s3Keys.accessKeyId')}
          >
            {(a) => <TextInput aria={a} value={d.accessKeyId} onChange={(v) => set('accessKeyId', v)} />}
          </Field>
          <Field id="dest-secret-key" label="Secret access key (optional)" errors={issue('s3Keys.secretAccessKey')}>
            {(a) => (
              <input
                {...a}
                type="password"
                autoComplete="off"
                value={d.secretAccessKey}
                onChange={(e) => set('secretAccessKey', e.target.value)}
              />
            )}
          </Field>
        </>
      )}
      <EditorActions noun="destination" busy={busy} onTest={() => void test()} onClose={props.onClose} result={result} />
    </form>
  );
}
