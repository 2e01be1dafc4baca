// A saved secret goes only where it was saved for. The real handlers, the real engine and two real loopback
// servers that record every request's credentials: "home" (where the key was saved for) and "foreign" (where a
// renderer, or a hand-edited settings file, tries to send it). Every handler that resolves a secret is tried.
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEvent } from '../../shared/event/schema';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { planChunks } from '../../shared/plan';
import { pendingChunk, type RunRecord } from '../../shared/run-types';
import type { ConnectionSettings, DestinationSettings } from '../../shared/settings';
import type { Result } from '../../shared/ipc/contract';
import { JournalStore } from '../../electron/engine/store';
import { openDataStores } from '../../electron/main/core/data-stores';
import { handlerFor, type HandlerDeps } from '../../electron/main/core/handlers';
import { RunManager } from '../../electron/main/core/run-manager';
import { EncryptedFileSecretStore } from '../../electron/main/core/secret-store';
import { LOCAL_DESTINATION, SettingsStore } from '../../electron/main/core/settings-store';
import { engineApi } from '../../electron/main/engine-adapter';
import { apiKeyConnection } from '../helpers/connections';
import { aesCipher, recordingDialogs, tempDir } from './helpers';

const API_KEY = 'sk-live-BOUND-key-7f3a9c';
const AKID = 'AKIABOUNDTESTKEY0001';
const S3_SECRET = 'bound/secret/access/key/0123456789abcd';

interface Recorder {
  url: string;
  server: Server;
  seen: string[];
  /** Whether any request carried the saved API key or the saved S3 access key id. */
  gotSavedKey(): boolean;
}

/** Answers everything with 200 [] (a Mambu page with no rows; S3 takes it as success or a parse error) and keeps
 *  each request's credential headers. */
async function recorder(): Promise<Recorder> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(JSON.stringify({ url: req.url, apikey: req.headers.apikey, authorization: req.headers.authorization }));
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[]');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, seen, gotSavedKey: () => seen.some((s) => s.includes(API_KEY) || s.includes(AKID)) };
}

let dir: string;
let home: Recorder;
let foreign: Recorder;
let deps: HandlerDeps;
const owner = { id: 1, send: () => undefined, isDestroyed: () => false };
const call = (channel: Parameters<typeof handlerFor>[0], input: unknown) =>
  handlerFor(channel)(deps, input, { owner }) as Promise<Result<unknown>>;
const errorOf = (r: Result<unknown>) => (r.ok ? `expected a refusal, got ok: ${JSON.stringify(r.value)}` : r.error.message);

let prod: ConnectionSettings;
let lake: Extract<DestinationSettings, { kind: 's3' }>;

function makeDeps(settings: SettingsStore, secrets: EncryptedFileSecretStore): HandlerDeps {
  const { presets, journals } = openDataStores(path.join(dir, 'home'));
  const runs = new RunManager({ engine: engineApi, settings, secrets, journals });
  return {
    settings,
    secrets,
    runs,
    engine: engineApi,
    presets,
    journals,
    dialogs: recordingDialogs(path.join(dir, 'exports')).dialogs,
    app: { name: 'Mambu Backfill', version: 'test', platform: 'linux', electron: null, defaultOutputDir: path.join(dir, 'out') },
    testTimeoutMs: 10_000,
  };
}

let cipher: ReturnType<typeof aesCipher>;
beforeAll(async () => {
  dir = await tempDir('mb-binding-');
  home = await recorder();
  foreign = await recorder();
  cipher = aesCipher();
  deps = makeDeps(
    new SettingsStore({ file: path.join(dir, 'settings.json'), defaultOutputDir: path.join(dir, 'out') }),
    new EncryptedFileSecretStore(path.join(dir, 'secrets.json'), cipher),
  );
  prod = apiKeyConnection('Prod', `${home.url}/api`, { pageSize: 100, timeoutSeconds: 5 });
  lake = {
    kind: 's3',
    name: 'Lake',
    bucket: 'home-bucket',
    prefix: 'raw',
    region: 'us-east-1',
    profile: '',
    endpoint: home.url,
    forcePathStyle: true,
  };
  expect((await call('connections:save', { connection: prod, secret: API_KEY })).ok).toBe(true);
  expect((await call('destinations:save', { destination: lake, s3Keys: { accessKeyId: AKID, secretAccessKey: S3_SECRET } })).ok).toBe(true);
});
afterAll(() => {
  home?.server.close();
  foreign?.server.close();
});

describe('the saved key is used where it was saved for', () => {
  it('connections:test by name sends it to the saved URL (the recorder sees it)', async () => {
    const r = await call('connections:test', { name: 'Prod' });
    expect(r.ok).toBe(true);
    expect(home.seen.some((s) => s.includes(API_KEY))).toBe(true);
  });

  it('destinations:test by name signs with the saved access key for the saved endpoint', async () => {
    await call('destinations:test', { name: 'Lake' });
    expect(home.seen.some((s) => s.includes(AKID))).toBe(true);
  });
});

describe('a request that changes what the secret was saved with is refused', () => {
  it('connections:test with a renderer-chosen base URL (the exfiltration attempt)', async () => {
    const r = await call('connections:test', { connection: { ...prod, baseUrl: `${foreign.url}/api` } });
    expect(errorOf(r)).toMatch(
      /saved API key of "Prod" was saved for http:\/\/127\.0\.0\.1:\d+\/api \(API key\), not http:\/\/127\.0\.0\.1:\d+\/api.*type the API key again/,
    );
    expect(foreign.gotSavedKey()).toBe(false);
    expect(foreign.seen).toEqual([]);
  });

  it('connections:test with another auth kind at the same URL', async () => {
    const before = home.seen.length;
    const r = await call('connections:test', { connection: { ...prod, authKind: 'basic', username: 'someone' } });
    expect(errorOf(r)).toMatch(/was saved for .*\(API key\), not .*\(user \+ password\).*type the password again/);
    expect(home.seen.length).toBe(before);
  });

  it('connections:test with the key typed again goes to the new URL, with the typed key only', async () => {
    const r = await call('connections:test', { connection: { ...prod, baseUrl: `${foreign.url}/api` }, secret: 'typed-for-foreign' });
    expect(r.ok).toBe(true);
    expect(foreign.seen.some((s) => s.includes('typed-for-foreign'))).toBe(true);
    expect(foreign.gotSavedKey()).toBe(false);
    foreign.seen.length = 0;
  });

  it('connections:save re-pointing the URL without the key is refused and changes nothing', async () => {
    const r = await call('connections:save', { connection: { ...prod, baseUrl: `${foreign.url}/api` } });
    expect(errorOf(r)).toMatch(/now points to .*but its saved API key was saved for .*type the API key again/);
    expect(await deps.settings.connection('Prod')).toMatchObject({ baseUrl: `${home.url}/api` });
    // Then a run could not send it there either.
    const run = await call('run:start', { event: SAMPLE_EVENT, connection: 'Prod', destination: LOCAL_DESTINATION });
    expect(run.ok).toBe(true);
    await deps.runs.settled((run as { value: { runId: string } }).value.runId);
    expect(foreign.gotSavedKey()).toBe(false);
  });

  it('connections:save with a rename only (same URL) keeps the key; a changed URL with the key typed saves it bound anew', async () => {
    expect((await call('connections:save', { connection: { ...prod, name: 'Prod 2' }, originalName: 'Prod' })).ok).toBe(true);
    expect((await call('connections:test', { name: 'Prod 2' })).ok).toBe(true);
    expect((await call('connections:save', { connection: prod, originalName: 'Prod 2' })).ok).toBe(true);
  });

  it('plain http:// to a host other than this computer is refused, with or without a key', async () => {
    const r = await call('connections:save', {
      connection: { ...prod, name: 'Remote', baseUrl: 'http://mybank.example.com/api' },
      secret: 'x-typed-key',
    });
    expect(errorOf(r)).toMatch(
      /connection\.baseUrl uses http:\/\/ with mybank\.example\.com: plain http is allowed only for this computer.*https/,
    );
    const t = await call('connections:test', { connection: { ...prod, baseUrl: 'http://mybank.example.com/api' }, secret: 'x-typed-key' });
    expect(errorOf(t)).toMatch(/plain http is allowed only for this computer/);
    const d = await call('destinations:save', {
      destination: { ...lake, name: 'Remote lake', endpoint: 'http://minio.example.com:9000' },
      s3Keys: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'other-secret-key' },
    });
    expect(errorOf(d)).toMatch(/destination\.endpoint uses http:\/\/ with minio\.example\.com/);
  });

  it('destinations:test with another endpoint, or another bucket', async () => {
    const r = await call('destinations:test', { destination: { ...lake, endpoint: foreign.url } });
    expect(errorOf(r)).toMatch(
      /saved access keys of "Lake" were saved for bucket home-bucket at http:\/\/127\.0\.0\.1:\d+, not bucket home-bucket at http:\/\/127\.0\.0\.1:\d+.*type the access keys again/,
    );
    const b = await call('destinations:test', { destination: { ...lake, bucket: 'attacker-bucket' } });
    expect(errorOf(b)).toMatch(/not bucket attacker-bucket/);
    expect(foreign.seen).toEqual([]);
  });

  it('destinations:save re-pointing the endpoint without the keys is refused', async () => {
    const r = await call('destinations:save', { destination: { ...lake, endpoint: foreign.url } });
    expect(errorOf(r)).toMatch(/now points to bucket home-bucket at .*type the access keys again/);
    expect(await deps.settings.destination('Lake')).toMatchObject({ endpoint: home.url });
  });
});

describe('a settings file edited to point elsewhere: run:start, run:retry and run:resume refuse the saved secrets', () => {
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

  beforeAll(async () => {
    // The same secrets file, and a settings file re-pointed by hand (or by malware) at the foreign host.
    const file = path.join(dir, 'settings.json');
    const s = JSON.parse(await readFile(file, 'utf8'));
    s.connections[0].baseUrl = `${foreign.url}/api`;
    s.destinations[0].endpoint = foreign.url;
    await writeFile(file, JSON.stringify(s));
    deps = makeDeps(
      new SettingsStore({ file, defaultOutputDir: path.join(dir, 'out') }),
      new EncryptedFileSecretStore(path.join(dir, 'secrets.json'), cipher),
    );

    const event = validateEvent(SAMPLE_EVENT);
    if (!event.ok) throw new Error('sample invalid');
    const chunks = planChunks(event.event).chunks;
    const journals = new JournalStore(path.join(dir, 'home', 'runs'), { writer: { pid: deadPid(), hostname: os.hostname() } });
    const record = (runId: string, destination: string, destinationUri: string, finished: boolean): RunRecord => ({
      runId,
      event: event.event,
      context: { connection: 'Prod', destination, destinationUri, appVersion: 'test', mode: 'run' },
      startedAt: '2025-04-07T10:00:00.000Z',
      ...(finished ? { finishedAt: '2025-04-07T10:01:00.000Z', status: 1 as const } : {}),
      chunks: chunks.map((c) => (finished ? { ...pendingChunk(c), status: 'failed' as const, error: 'boom' } : pendingChunk(c))),
    });
    await journals.create(record('20250407-100000-retry1', LOCAL_DESTINATION, path.join(dir, 'out'), true));
    await journals.create(record('20250407-100000-resum1', LOCAL_DESTINATION, path.join(dir, 'out'), false));
  });

  it('run:start with the connection', async () => {
    const r = await call('run:start', { event: SAMPLE_EVENT, connection: 'Prod', destination: LOCAL_DESTINATION });
    expect(errorOf(r)).toMatch(/saved API key of "Prod" was saved for .*type the API key again/);
  });

  it('run:start with the destination', async () => {
    await deps.settings.saveConnection(prod); // the connection back home: only the destination is off now
    const r = await call('run:start', { event: SAMPLE_EVENT, connection: 'Prod', destination: 'Lake' });
    expect(errorOf(r)).toMatch(/saved access keys of "Lake" were saved for bucket home-bucket at .*type the access keys again/);
    await deps.settings.saveConnection({ ...prod, baseUrl: `${foreign.url}/api` });
  });

  it('run:retry', async () => {
    const r = await call('run:retry', { runId: '20250407-100000-retry1' });
    expect(errorOf(r)).toMatch(/saved API key of "Prod" was saved for/);
  });

  it('run:resume', async () => {
    const r = await call('run:resume', { runId: '20250407-100000-resum1' });
    expect(errorOf(r)).toMatch(/saved API key of "Prod" was saved for/);
  });

  it('the foreign host never received a saved key', () => {
    expect(foreign.gotSavedKey()).toBe(false);
    expect(foreign.seen).toEqual([]);
  });
});
