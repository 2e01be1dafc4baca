// The real preload and the real main-process IPC registration, together, over the Electron stand-in.
// `electron` is mocked at this edge only; everything behind the handlers is the real core.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type BackfillApi, type Result } from '../../shared/ipc/contract';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { RunEvent } from '../../shared/run-types';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import { handlerFor, type HandlerDeps } from '../../electron/main/core/handlers';
import { RunManager } from '../../electron/main/core/run-manager';
import { EncryptedFileSecretStore } from '../../electron/main/core/secret-store';
import { TrustedWindows } from '../../electron/main/core/sender-check';
import { SettingsStore } from '../../electron/main/core/settings-store';
import { openDataStores } from '../../electron/main/core/data-stores';
import { registerIpcHandlers } from '../../electron/main/ipc/register';
import * as fake from './fake-electron';
import { aesCipher, recordingDialogs, scriptedEngine, tempDir } from './helpers';

vi.mock('electron', () => import('./fake-electron'));

const APP_INDEX = path.resolve('/opt/Mambu Backfill/resources/app.asar/out/renderer/index.html');
const APP_URL = pathToFileURL(APP_INDEX).href;
const SECRET = 'sk-live-Abc123-THE-REAL-KEY';

let dir: string;
let deps: HandlerDeps;
let script: ReturnType<typeof scriptedEngine>;
let trusted: TrustedWindows;
let win: fake.FakeWebContents;
let page: BackfillApi;
let unregister: () => void;

beforeAll(async () => {
  fake.resetFakeElectron();
  dir = await tempDir('mb-ipc-');
  script = scriptedEngine({ pagesPerChunk: 40, failing: [5], echoSecretInErrors: true });
  const settings = new SettingsStore({ file: path.join(dir, 'settings.json'), defaultOutputDir: path.join(dir, 'out') });
  const secrets = new EncryptedFileSecretStore(path.join(dir, 'secrets.json'), aesCipher());
  const { presets, journals } = openDataStores(path.join(dir, 'home'));
  const runs = new RunManager({ engine: script.engine, settings, secrets, journals, progressIntervalMs: 100 });
  deps = {
    settings,
    secrets,
    runs,
    engine: script.engine,
    presets,
    journals,
    dialogs: recordingDialogs(path.join(dir, 'exports')).dialogs,
    app: { name: 'Mambu Backfill', version: 'test', platform: 'linux', electron: null, defaultOutputDir: path.join(dir, 'out') },
  };
  trusted = new TrustedWindows();
  unregister = registerIpcHandlers(deps, { appIndexUrl: APP_URL, isOurWindow: (id) => trusted.has(id) });
  win = new fake.FakeWebContents(APP_URL);
  trusted.add(win.id);
  fake.attachRenderer(win);
  await import('../../electron/preload/index');
  page = fake.mainWorld().backfill as BackfillApi;
});
afterAll(() => unregister());
beforeEach(() => fake.attachRenderer(win));

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the page sees only the typed API', () => {
  it('exposes window.backfill with exactly the contract methods and no Electron object', () => {
    expect(Object.keys(fake.mainWorld())).toEqual(['backfill']);
    expect(Object.keys(page).sort()).toEqual([...Object.keys(API_METHODS), 'onRunEvents', 'onEstimateEvent'].sort());
    expect(JSON.stringify(Object.keys(page))).not.toMatch(/ipcRenderer|invoke|send/);
  });

  it('registers a handler for every contract channel and nothing else', () => {
    expect(fake.registeredChannels().sort()).toEqual(Object.values(API_METHODS).sort());
  });

  it('an unregistered channel is refused by the IPC layer itself', async () => {
    await expect(fake.ipcRenderer.invoke('fs:readFile', '/etc/passwd')).rejects.toThrow("No handler registered for 'fs:readFile'");
  });
});

describe('sender checks', () => {
  it('accepts the app page of a window we created', async () => {
    const r = await page.appInfo();
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ name: 'Mambu Backfill' }) });
  });

  it('refuses our window once its main frame shows another origin', async () => {
    win.mainFrame.url = 'https://evil.example/steal.html';
    try {
      const r = await page.getSettings();
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.message).toMatch(/settings:get was refused: the sender origin https:\/\/evil.example is not the app's/);
    } finally {
      win.mainFrame.url = APP_URL;
    }
  });

  it('refuses another file:// page, a sub-frame and a vanished frame', async () => {
    win.mainFrame.url = pathToFileURL('/tmp/downloaded.html').href;
    try {
      const r = await page.getSettings();
      expect(!r.ok && r.error.message).toMatch(/is not the app's page/);
    } finally {
      win.mainFrame.url = APP_URL;
    }
    fake.attachRenderer(win, new fake.FakeFrame(APP_URL)); // same URL, but not the window's main frame
    const sub = await page.getSettings();
    expect(!sub.ok && sub.error.message).toMatch(/sub-frame/);
    fake.attachRenderer(win, null);
    expect((await page.getSettings()).ok).toBe(false);
  });

  it('refuses a window the app did not create, even showing the app page', async () => {
    const stranger = new fake.FakeWebContents(APP_URL);
    fake.attachRenderer(stranger);
    const r = await page.startRun({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: 'Local folder' });
    expect(!r.ok && r.error.message).toMatch(/not a window of this app/);
    expect(script.sessions).toHaveLength(0);
  });
});

describe('malformed payloads are rejected with errors naming the field', () => {
  it('run:start with a wrong type and an unknown key', async () => {
    const r = await page.startRun({ event: SAMPLE_EVENT, connection: 42, destination: 'Local folder', shell: 'rm -rf /' } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.error.issues!.map((i) => i.field);
    expect(fields).toContain('connection');
    expect(r.error.message).toMatch(/run:start was called with a malformed payload/);
    expect(r.error.message).toMatch(/shell/);
  });

  it('run:start with an invalid event names the event field', async () => {
    const r = await page.startRun({
      event: { ...SAMPLE_EVENT, start_date: '2025-02-30 00:00:00' },
      connection: SANDBOX_CONNECTION,
      destination: 'Local folder',
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.issues).toEqual([
      expect.objectContaining({ field: 'start_date', message: expect.stringContaining('start_date') }),
    ]);
  });

  it('connections:save with out-of-range numbers', async () => {
    const r = await page.saveConnection({
      connection: {
        name: 'Prod',
        baseUrl: 'mybank',
        authKind: 'apiKey',
        username: '',
        timezone: 'UTC',
        pageSize: 5000,
        requestsPerSecond: 5,
        timeoutSeconds: 0,
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.issues).toEqual(
      expect.arrayContaining([
        { field: 'connection.pageSize', message: 'connection.pageSize must be 2 to 1000' },
        { field: 'connection.timeoutSeconds', message: 'connection.timeoutSeconds must be 1 to 600' },
      ]),
    );
  });

  it('a payload where none is expected, a missing payload, and extra arguments', async () => {
    const extra = (await fake.ipcRenderer.invoke('settings:get', { all: true })) as Result<unknown>;
    expect(extra.ok).toBe(false);
    const missing = (await fake.ipcRenderer.invoke('run:cancel')) as Result<unknown>;
    expect(!missing.ok && missing.error.issues?.[0]?.field).toBe('payload');
    const two = (await fake.ipcRenderer.invoke('run:cancel', { runId: 'x' }, { runId: 'y' })) as Result<unknown>;
    expect(!two.ok && two.error.message).toMatch(/one payload/);
  });

  it('a payload that cannot be cloned never reaches main', async () => {
    await expect(page.validateEvent({ event: { toString: () => 'x' } } as never)).rejects.toThrow();
  });
});

describe('secrets never reach the renderer', () => {
  it('saves an API key, reports only "saved", redacts it from errors, and keeps it encrypted on disk', async () => {
    const responses: unknown[] = [];
    const keep = <T>(r: T) => (responses.push(r), r);
    const conn = {
      name: 'Prod',
      baseUrl: 'https://mybank.mambu.com/api',
      authKind: 'apiKey' as const,
      username: '',
      timezone: 'Europe/Berlin',
      pageSize: 500,
      requestsPerSecond: 2,
      timeoutSeconds: 30,
    };
    const saved = keep(await page.saveConnection({ connection: conn, secret: SECRET }));
    expect(saved).toEqual({ ok: true, value: { saved: expect.objectContaining({ name: 'Prod', secret: 'saved', builtIn: false }) } });
    const settings = keep(await page.getSettings());
    expect(settings.ok && settings.value.connections.find((c) => c.name === 'Prod')?.secret).toBe('saved');
    keep(await page.listConnections());
    const status = keep(await page.secretsStatus());
    expect(status.ok && status.value.connections).toEqual({ Prod: 'saved' });
    // The engine echoes the key in its error (as some HTTP stacks do): main redacts it.
    keep(await page.saveConnection({ connection: { ...conn, name: 'Bad', baseUrl: 'https://bad.mambu.com/api' }, secret: SECRET }));
    const bad = keep(await page.testConnection({ name: 'Bad' }));
    expect(!bad.ok && bad.error.message).toBe('401 Unauthorized (apikey: ***)');
    // The saved key never goes to a URL the page chose (secret-binding.test.ts proves it for every handler).
    const elsewhere = keep(await page.testConnection({ connection: { ...conn, baseUrl: 'https://bad.example.com/api' } }));
    expect(!elsewhere.ok && elsewhere.error.message).toMatch(
      /saved API key of "Prod" was saved for https:\/\/mybank\.mambu\.com\/api .*type the API key again/,
    );
    // A run with it: the secret is joined in main only.
    const seen: RunEvent[] = [];
    const off = page.onRunEvents((batch) => seen.push(...batch));
    const started = keep(
      await page.startRun({ event: { ...SAMPLE_EVENT, end_date: '2025-01-02 00:00:00' }, connection: 'Prod', destination: 'Local folder' }),
    );
    expect(started.ok).toBe(true);
    await waitFor(() => seen.some((e) => e.type === 'run-done'));
    off();
    expect(script.sessions.at(-1)?.secret).toBe(SECRET);

    const everything = JSON.stringify([responses, seen, win.sent]);
    expect(everything).not.toContain(SECRET);
    const onDisk = await readFile(path.join(dir, 'secrets.json'), 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).toContain('connection:Prod');
    expect((await stat(path.join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(path.join(dir, 'settings.json'), 'utf8')).not.toContain(SECRET);
  });
});

describe('a run streamed end to end', () => {
  it('starts with a runId, streams coalesced progress, ✓ and ✗ rows, the summary, and ends', async () => {
    const seen: RunEvent[] = [];
    const off = page.onRunEvents((batch) => seen.push(...batch));
    const r = await page.startRun({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: 'Local folder' });
    expect(r.ok).toBe(true);
    const runId = r.ok ? r.value.runId : '';
    await waitFor(() => seen.some((e) => e.type === 'run-done'));
    await deps.runs.settled(runId);
    off();

    expect(seen.every((e) => e.runId === runId)).toBe(true);
    expect(seen[0]?.type).toBe('run-started');
    const done = seen.filter((e): e is Extract<RunEvent, { type: 'chunk-done' }> => e.type === 'chunk-done');
    expect(done.map((e) => e.result.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(done.map((e) => e.result.status)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'failed',
      'success',
      'success',
      'success',
      'success',
    ]);
    expect(done[4]!.result.error).toMatch(/injected failure/);
    // 9 chunks × 40 pages were emitted; the window got a handful.
    const emittedPages = script.emitted.filter((e) => e.runId === runId && e.type === 'page-fetched').length;
    const deliveredPages = seen.filter((e) => e.type === 'page-fetched').length;
    expect(emittedPages).toBe(360);
    expect(deliveredPages).toBeLessThan(20);
    // Every log line arrives, in order, stamped like the CLI's, including the summary block.
    const logs = seen.filter((e): e is Extract<RunEvent, { type: 'log' }> => e.type === 'log');
    const emittedLogs = script.emitted.filter((e): e is Extract<RunEvent, { type: 'log' }> => e.runId === runId && e.type === 'log');
    expect(logs.map((e) => e.line.replace(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - /, ''))).toEqual(
      emittedLogs.map((e) => `${e.level} - ${e.line}`),
    );
    expect(logs.map((e) => e.line)).toContainEqual(
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - INFO - PROCESSING SUMMARY: Completed 9 chunks$/),
    );
    const end = seen.at(-1)!;
    expect(end).toMatchObject({ type: 'run-done', status: 2, totals: { succeeded: 8, failed: 1 } });
    expect(script.closed.length).toBe(script.sessions.length); // the session was closed
  });

  it('one run at a time per window; Cancel stops it and the rest are cancelled', async () => {
    const slow = scriptedEngine({ pagesPerChunk: 50, pageDelayMs: 5 });
    deps.engine = slow.engine;
    const runs = new RunManager({ engine: slow.engine, settings: deps.settings, secrets: deps.secrets, journals: deps.journals });
    deps.runs = runs;
    try {
      const seen: RunEvent[] = [];
      const off = page.onRunEvents((batch) => seen.push(...batch));
      const r = await page.startRun({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: 'Local folder' });
      expect(r.ok).toBe(true);
      const runId = r.ok ? r.value.runId : '';
      const second = await page.startRun({ event: SAMPLE_EVENT, connection: SANDBOX_CONNECTION, destination: 'Local folder' });
      expect(!second.ok && second.error.message).toMatch(/already in progress/);
      await waitFor(() => seen.some((e) => e.type === 'page-fetched'));
      // Another window cannot cancel this one's run.
      const other = new fake.FakeWebContents(APP_URL);
      trusted.add(other.id);
      fake.attachRenderer(other);
      expect(await page.cancelRun({ runId })).toEqual({ ok: true, value: { cancelled: false } });
      fake.attachRenderer(win);
      expect(await page.cancelRun({ runId })).toEqual({ ok: true, value: { cancelled: true } });
      await waitFor(() => seen.some((e) => e.type === 'run-done'));
      off();
      const results = seen
        .filter((e): e is Extract<RunEvent, { type: 'chunk-done' }> => e.type === 'chunk-done')
        .map((e) => e.result.status);
      expect(results[0]).toBe('cancelled');
      expect(results.every((s) => s === 'cancelled')).toBe(true);
      expect(seen.at(-1)).toMatchObject({ type: 'run-done', status: 1 });
      // The window is free again.
      await runs.settled(runId);
      expect(runs.activeRun(win.id)).toBeUndefined();
    } finally {
      deps.engine = script.engine;
    }
  });

  it('unsubscribing stops delivery to the page', async () => {
    const seen: RunEvent[] = [];
    const off = page.onRunEvents((batch) => seen.push(...batch));
    expect(fake.ipcRenderer.listenerCount('run:event')).toBeGreaterThan(0);
    const before = fake.ipcRenderer.listenerCount('run:event');
    off();
    expect(fake.ipcRenderer.listenerCount('run:event')).toBe(before - 1);
    win.send('run:event', [{ type: 'log', runId: 'x', level: 'INFO', line: 'after' }]);
    expect(seen).toHaveLength(0);
  });

  it('handlers are plain functions usable without Electron', async () => {
    const r = await handlerFor('run:plan')(
      deps,
      { event: SAMPLE_EVENT },
      { owner: { id: -1, send: () => undefined, isDestroyed: () => false } },
    );
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({ kind: 'windowed', chunkCount: 9, first: expect.objectContaining({ start: '2025-01-01 00:00:00' }) }),
    });
  });
});
