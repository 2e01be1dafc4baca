// A connection whose API key lives in AWS Secrets Manager, through the real preload, handlers, main-process secret
// resolution and engine: nothing is stored locally, Test and Run read the key from the secret (the stand-in, reached
// by the real SDK client with AWS_ENDPOINT_URL_SECRETS_MANAGER), and failures name the secret id, never its value.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackfillApi } from '../../shared/ipc/contract';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { RunEvent } from '../../shared/run-types';
import type { ConnectionSettings } from '../../shared/settings';
import { RunManager } from '../../electron/main/core/run-manager';
import { connectionSecretKey, MemorySecretStore } from '../../electron/main/core/secret-store';
import { TrustedWindows } from '../../electron/main/core/sender-check';
import { LOCAL_DESTINATION, SettingsStore } from '../../electron/main/core/settings-store';
import { engineApi } from '../../electron/main/engine-adapter';
import { registerIpcHandlers } from '../../electron/main/ipc/register';
import { openDataStores } from '../../electron/main/core/data-stores';
import { startSimulator, type Simulator } from '../../electron/simulator';
import * as fake from './fake-electron';
import { recordingDialogs, tempDir } from './helpers';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../servers/secrets-manager-stand-in';
import { useAwsEnv } from '../aws/aws-env';

vi.mock('electron', () => import('./fake-electron'));

const KEY = 'ipc-sm-Key/5d4c+3b2a=1009';
const APP_URL = pathToFileURL('/opt/app/out/renderer/index.html').href;
let page: BackfillApi;
let secrets: MemorySecretStore;
let sim: Simulator;
let sm: SecretsManagerStandIn;
let unregister: () => void;
let restoreEnv: () => void;

beforeAll(async () => {
  sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: KEY }, perDay: 3 });
  sm = await startSecretsManagerStandIn({
    'prod/mambu': { secretString: JSON.stringify({ MAMBU_API_KEY: KEY }) },
    'prod/no-key': { secretString: JSON.stringify({ OTHER: KEY }) },
  });
  restoreEnv = useAwsEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url });
  fake.resetFakeElectron();
  const dir = await tempDir('mb-ipc-sm-');
  const out = path.join(dir, 'out');
  const settings = new SettingsStore({ file: path.join(dir, 'settings.json'), defaultOutputDir: out });
  secrets = new MemorySecretStore();
  const { presets, journals } = openDataStores(path.join(dir, 'home'));
  const runs = new RunManager({ engine: engineApi, settings, secrets, journals });
  const trusted = new TrustedWindows();
  unregister = registerIpcHandlers(
    {
      settings,
      secrets,
      runs,
      engine: engineApi,
      presets,
      journals,
      dialogs: recordingDialogs(path.join(dir, 'exports')).dialogs,
      app: { name: 'Mambu Backfill', version: 'test', platform: process.platform, electron: null, defaultOutputDir: out },
    },
    { appIndexUrl: APP_URL, isOurWindow: (id) => trusted.has(id) },
  );
  const win = new fake.FakeWebContents(APP_URL);
  trusted.add(win.id);
  fake.attachRenderer(win);
  await import('../../electron/preload/index');
  page = fake.mainWorld().backfill as BackfillApi;
});
afterAll(async () => {
  unregister?.();
  restoreEnv?.();
  await sim?.close();
  await sm?.close();
});

const conn = (secretId: string): ConnectionSettings => ({
  name: 'Prod (Secrets Manager)',
  baseUrl: sim.url,
  authKind: 'apiKey',
  username: '',
  timezone: 'UTC',
  pageSize: 1000,
  requestsPerSecond: 50,
  timeoutSeconds: 60,
  secretSource: { kind: 'secrets-manager', secretId },
});

describe('a connection with "AWS Secrets Manager: <secret id>"', () => {
  it('is saved without any local secret, and Test and Run read the key from the secret', async () => {
    const saved = await page.saveConnection({ connection: conn('prod/mambu'), secret: 'typed-but-ignored-1234' });
    expect(saved).toMatchObject({ ok: true, value: { saved: { secret: 'not-needed', secretSource: { kind: 'secrets-manager', secretId: 'prod/mambu' } } } });
    expect(await secrets.has(connectionSecretKey('Prod (Secrets Manager)'))).toBe(false);

    expect(await page.testConnection({ name: 'Prod (Secrets Manager)' })).toMatchObject({ ok: true });

    const seen: RunEvent[] = [];
    const off = page.onRunEvent((e) => seen.push(e));
    const event = { ...SAMPLE_EVENT, start_date: '2025-01-01 00:00:00', end_date: '2025-01-03 00:00:00' };
    const r = await page.startRun({ event, connection: 'Prod (Secrets Manager)', destination: LOCAL_DESTINATION });
    expect(r.ok).toBe(true);
    const until = Date.now() + 60_000;
    while (!seen.some((e) => e.type === 'run-done') && Date.now() < until) await new Promise((res) => setTimeout(res, 10));
    off();
    const done = seen.find((e) => e.type === 'run-done') as Extract<RunEvent, { type: 'run-done' }>;
    expect(done.status).toBe(0);
    expect(done.totals.records).toBeGreaterThan(0);
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
