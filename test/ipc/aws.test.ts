// The app's AWS settings through the real preload, handlers, main-process secret resolution and engine:
// - a connection whose API key lives in AWS Secrets Manager: nothing is stored locally, Test and Run read the key
//   from the secret, and failures name the secret id, never its value;
// - an S3 destination's Glue registration (on by default, its database setting, off) and its Test.
// AWS is the stand-ins (and s3rver), reached by the real SDK clients through AWS_ENDPOINT_URL_*.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackfillApi } from '../../shared/ipc/contract';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { RunEvent } from '../../shared/run-types';
import type { ConnectionSettings } from '../../shared/settings';
import { connectionSecretKey, MemorySecretStore } from '../../electron/main/core/secret-store';
import { LOCAL_DESTINATION } from '../../electron/main/core/settings-store';
import { apiKeyConnection } from '../helpers/connections';
import { openAppBridge } from './app-bridge';
import { engineApi } from '../../electron/main/engine-adapter';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../servers/secrets-manager-stand-in';
import { useAwsEnv } from '../aws/aws-env';
import { startGlueStandIn, type GlueStandIn } from '../servers/glue-stand-in';
import { startS3rver, type S3rverHandle } from '../servers/s3rver';

vi.mock('electron', () => import('./fake-electron'));

const KEY = 'ipc-sm-Key/5d4c+3b2a=1009';
let page: BackfillApi;
let secrets: MemorySecretStore;
let sim: Simulator;
let sm: SecretsManagerStandIn;
let unregister: () => void;
let restoreEnv: () => void;
let glue: GlueStandIn;
let s3: S3rverHandle;

beforeAll(async () => {
  sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: KEY }, perDay: 3 });
  sm = await startSecretsManagerStandIn({
    'prod/mambu': { secretString: JSON.stringify({ MAMBU_API_KEY: KEY }) },
    'prod/no-key': { secretString: JSON.stringify({ OTHER: KEY }) },
  });
  glue = await startGlueStandIn({ databases: ['datalake_raw', 'lake_settings'] });
  s3 = await startS3rver(['ipc-lake']);
  restoreEnv = useAwsEnv({
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
    AWS_ENDPOINT_URL_GLUE: glue.url,
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
  });
  const bridge = await openAppBridge(engineApi, 'mb-ipc-sm-');
  ({ page } = bridge);
  secrets = bridge.deps.secrets as MemorySecretStore;
  unregister = bridge.close;
});
afterAll(async () => {
  unregister?.();
  restoreEnv?.();
  await sim?.close();
  await sm?.close();
  await glue?.close();
  await s3?.stop();
});

async function runToEnd(
  connection: string,
  destination: string,
  event = { ...SAMPLE_EVENT, start_date: '2025-01-01 00:00:00', end_date: '2025-01-03 00:00:00' },
) {
  const seen: RunEvent[] = [];
  const off = page.onRunEvents((batch) => seen.push(...batch));
  const r = await page.startRun({ event, connection, destination });
  if (!r.ok) {
    off();
    return { r, seen, done: undefined };
  }
  const until = Date.now() + 60_000;
  while (!seen.some((e) => e.type === 'run-done') && Date.now() < until) await new Promise((res) => setTimeout(res, 10));
  off();
  return { r, seen, done: seen.find((e) => e.type === 'run-done') as Extract<RunEvent, { type: 'run-done' }> | undefined };
}

const conn = (secretId: string): ConnectionSettings =>
  apiKeyConnection('Prod (Secrets Manager)', sim.url, { timeoutSeconds: 60, secretSource: { kind: 'secrets-manager', secretId } });

describe('a connection with "AWS Secrets Manager: <secret id>"', () => {
  it('is saved without any local secret, and Test and Run read the key from the secret', async () => {
    const saved = await page.saveConnection({ connection: conn('prod/mambu'), secret: 'typed-but-ignored-1234' });
    expect(saved).toMatchObject({
      ok: true,
      value: { saved: { secret: 'not-needed', secretSource: { kind: 'secrets-manager', secretId: 'prod/mambu' } } },
    });
    expect(await secrets.has(connectionSecretKey('Prod (Secrets Manager)'))).toBe(false);

    expect(await page.testConnection({ name: 'Prod (Secrets Manager)' })).toMatchObject({ ok: true });

    const { r, seen, done } = await runToEnd('Prod (Secrets Manager)', LOCAL_DESTINATION);
    expect(r.ok).toBe(true);
    expect(done!.status).toBe(0);
    expect(done!.totals.records).toBeGreaterThan(0);
    expect(sm.calls.filter((c) => c.operation === 'GetSecretValue' && c.input.SecretId === 'prod/mambu').length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(seen)).not.toContain(KEY);
  }, 90_000);

  it('a missing secret or key fails Test and Run naming the secret id, never the value', async () => {
    for (const [id, msg] of [
      ['prod/gone', 'AWS Secrets Manager secret "prod/gone" (connection "Prod (Secrets Manager)") was not found'],
      ['prod/no-key', 'AWS Secrets Manager secret "prod/no-key" (connection "Prod (Secrets Manager)") has no key MAMBU_API_KEY'],
    ] as const) {
      const t = await page.testConnection({ connection: conn(id) });
      expect(t.ok).toBe(false);
      expect(!t.ok && t.error.message).toContain(msg);
      expect(JSON.stringify(t)).not.toContain(KEY);
      await page.saveConnection({ connection: conn(id), originalName: 'Prod (Secrets Manager)' });
      const r = await page.startRun({ event: SAMPLE_EVENT, connection: 'Prod (Secrets Manager)', destination: LOCAL_DESTINATION });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.message).toContain(msg);
    }
  });

  it('a secret id with user + password authentication is refused with the fix', async () => {
    const t = await page.testConnection({ connection: { ...conn('prod/mambu'), authKind: 'basic', username: 'u' } });
    expect(t.ok).toBe(false);
    expect(!t.ok && t.error.message).toContain('an AWS Secrets Manager secret holds an API key; choose API key authentication');
  });
});

describe("an S3 destination's Glue registration", () => {
  const lake = (over: Record<string, unknown> = {}) => ({
    kind: 's3' as const,
    name: 'Lake',
    bucket: 'ipc-lake',
    prefix: 'raw',
    region: 'us-east-1',
    profile: '',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    ...over,
  });

  it('registers in datalake_raw by default, in the database the setting names, and not at all when turned off', async () => {
    await page.saveConnection({ connection: conn('prod/mambu') });
    expect(await page.saveDestination({ destination: lake() })).toMatchObject({ ok: true });
    expect(await page.testDestination({ name: 'Lake' })).toEqual({
      ok: true,
      value: { detail: 's3://ipc-lake/raw/ is writable; the Glue database is reachable' },
    });
    const a = await runToEnd('Prod (Secrets Manager)', 'Lake');
    expect(a.done?.status).toBe(0);
    expect(glue.partitionValues('datalake_raw', 'mambu_loan_transactions')).toEqual(['20250101', '20250102']);

    await page.saveDestination({ destination: lake({ prefix: 'raw2', glueDatabase: 'lake_settings' }), originalName: 'Lake' });
    expect((await runToEnd('Prod (Secrets Manager)', 'Lake')).done?.status).toBe(0);
    expect(
      (glue.table('lake_settings', 'mambu_loan_transactions')!.def as { StorageDescriptor: { Location: string } }).StorageDescriptor
        .Location,
    ).toBe('s3://ipc-lake/raw2/mambu_loan_transactions/');

    await page.saveDestination({ destination: lake({ prefix: 'raw3', glueDatabase: 'not_there' }), originalName: 'Lake' });
    const t = await page.testDestination({ name: 'Lake' });
    expect(!t.ok && t.error.message).toMatch(/Glue database "not_there" does not exist/);
    const failed = await runToEnd('Prod (Secrets Manager)', 'Lake');
    expect(failed.done?.status).toBe(1);
    expect(failed.done?.fatalError).toMatch(/Glue database "not_there" does not exist/);

    await page.saveDestination({ destination: lake({ prefix: 'raw4', glue: false, glueDatabase: 'not_there' }), originalName: 'Lake' });
    const before = glue.calls.length;
    expect((await runToEnd('Prod (Secrets Manager)', 'Lake')).done?.status).toBe(0);
    expect(glue.calls.length).toBe(before);
  }, 120_000);
});
