// The Electron-free core of the main process: coalescing, settings and secret stores, sender and link checks.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../shared/run-types';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import { isSafeExternalUrl } from '../../electron/main/core/external-url';
import { createCoalescer } from '../../electron/main/core/progress-coalescer';
import { EncryptedFileSecretStore, MemorySecretStore, redact, SecretStorageUnavailableError } from '../../electron/main/core/secret-store';
import { checkSender } from '../../electron/main/core/sender-check';
import { LOCAL_DESTINATION, SettingsError, SettingsStore } from '../../electron/main/core/settings-store';
import { apiKeyConnection } from '../helpers/connections';
import { aesCipher, tempDir } from './helpers';

const page = (index: number, pages: number): RunEvent => ({
  type: 'page-fetched',
  runId: 'r',
  index,
  pages,
  records: pages * 10,
  requests: pages,
  retries: 0,
});

const chunkDone = (index: number, pages: number): RunEvent => ({
  type: 'chunk-done',
  runId: 'r',
  result: {
    index,
    start: 'a',
    end: 'b',
    kind: 'window',
    status: 'success',
    records: pages * 10,
    pages,
    requests: pages,
    retries: 0,
    durationMs: 1,
    objects: [],
    warnings: [],
    schemaDrift: [],
  },
});

describe('progress coalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delivers the first page at once, then at most one batch per interval, with the latest page', () => {
    const out: RunEvent[][] = [];
    const c = createCoalescer((b) => out.push(b), { intervalMs: 100 });
    c.push(page(1, 1));
    expect(out).toEqual([[page(1, 1)]]);
    for (let p = 2; p <= 50; p++) c.push(page(1, p));
    expect(out).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(out).toHaveLength(2);
    expect(out[1]).toEqual([page(1, 50)]);
    vi.advanceTimersByTime(1000);
    expect(out).toHaveLength(2); // nothing new, nothing sent
  });

  it("drops a chunk's pending progress when its result arrives and keeps every other event in order", () => {
    const out: RunEvent[][] = [];
    const c = createCoalescer((b) => out.push(b), { intervalMs: 100 });
    c.push(page(1, 1));
    c.push(page(1, 2));
    c.push(chunkDone(1, 2));
    c.push({ type: 'chunk-started', runId: 'r', at: 'x', index: 2 });
    c.push(page(2, 1));
    c.push({ type: 'log', runId: 'r', level: 'INFO', line: 'l' });
    c.push(page(2, 2));
    c.push({ type: 'chunk-restarted', runId: 'r', index: 2, reason: 'r' });
    c.push(page(2, 1));
    expect(out).toHaveLength(1); // the first page, at once
    vi.advanceTimersByTime(100);
    expect(out).toHaveLength(2);
    // page(1, 2) gave way to chunk 1's result; page(2, 2) to the restart; the log line kept its place.
    expect(out[1]!.map((e) => e.type)).toEqual(['chunk-done', 'chunk-started', 'log', 'chunk-restarted', 'page-fetched']);
    expect(out[1]!.at(-1)).toMatchObject({ index: 2, pages: 1 });
    vi.advanceTimersByTime(500);
    expect(out).toHaveLength(2);
  });

  it('a burst of events (the summary block) goes in messages of at most 1,000, a frame apart, in order', () => {
    const out: RunEvent[][] = [];
    const c = createCoalescer((b) => out.push(b), { intervalMs: 100 });
    for (let i = 0; i < 8760; i++) c.push({ type: 'log', runId: 'r', level: 'INFO', line: `line ${i}` });
    expect(out).toHaveLength(1); // the first line at once
    c.close();
    expect(out).toHaveLength(2); // then the next 1,000 at once, and the rest every 16 ms
    expect(out[1]).toHaveLength(1000);
    c.push({ type: 'log', runId: 'r', level: 'INFO', line: 'later' }); // after the burst, in order
    vi.advanceTimersByTime(16);
    expect(out).toHaveLength(3);
    vi.advanceTimersByTime(16 * 10);
    expect(out).toHaveLength(10); // 1 + 8,759 in 9 messages (the last with 'later')
    expect(out.every((b) => b.length <= 1000)).toBe(true);
    const lines = out.flat().map((e) => (e.type === 'log' ? e.line : ''));
    expect(lines).toEqual([...Array.from({ length: 8760 }, (_, i) => `line ${i}`), 'later']);
    vi.advanceTimersByTime(1000);
    expect(out).toHaveLength(10);
  });

  it('a flood of 8,760 one-page chunks sends every boundary event and few pages, in few messages', () => {
    const out: RunEvent[][] = [];
    const c = createCoalescer((b) => out.push(b), { intervalMs: 100 });
    for (let i = 1; i <= 8760; i++) {
      c.push({ type: 'chunk-started', runId: 'r', at: 'x', index: i });
      for (let p = 1; p <= 5; p++) c.push(page(i, p));
      c.push(chunkDone(i, 5));
      if (i % 100 === 0) vi.advanceTimersByTime(10);
    }
    c.close();
    vi.advanceTimersByTime(10_000); // the rest of the backlog, 1,000 events every 16 ms
    const all = out.flat();
    expect(all.filter((e) => e.type === 'chunk-done').map((e) => (e.type === 'chunk-done' ? e.result.index : 0))).toEqual(
      Array.from({ length: 8760 }, (_, i) => i + 1),
    );
    expect(all.filter((e) => e.type === 'page-fetched').length).toBeLessThan(30);
    // 17,520 boundary events: at most 1,000 a message, so few more messages than that takes.
    expect(out.every((b) => b.length <= 1000)).toBe(true);
    expect(out.length).toBeLessThan(17520 / 1000 + 15);
  });
});

describe('settings store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('mb-settings-');
  });

  it('starts with the built-in sandbox and local folder, persists others atomically and reloads them', async () => {
    const file = path.join(dir, 'settings.json');
    const s = new SettingsStore({ file, defaultOutputDir: path.join(dir, 'out') });
    const first = await s.snapshot();
    expect(first.connections.map((c) => [c.name, c.builtIn, c.authKind])).toEqual([[SANDBOX_CONNECTION, true, 'sandbox']]);
    expect(first.destinations).toEqual([{ kind: 'local', name: LOCAL_DESTINATION, path: path.join(dir, 'out'), builtIn: true }]);
    await s.saveConnection(apiKeyConnection('Prod', 'mybank', { requestsPerSecond: 5, timeoutSeconds: 60 }));
    await s.saveDestination({
      kind: 's3',
      name: 'Lake',
      bucket: 'my-lake',
      prefix: 'raw/mambu',
      region: 'eu-central-1',
      profile: '',
      endpoint: '',
      forcePathStyle: false,
    });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const again = new SettingsStore({ file, defaultOutputDir: path.join(dir, 'out') });
    expect((await again.connection('Prod'))?.baseUrl).toBe('mybank');
    expect((await again.destination('Lake'))?.kind).toBe('s3');
    expect(JSON.parse(await readFile(file, 'utf8')).connections).toHaveLength(1); // built-ins are not stored
  });

  it('renames, refuses duplicates and the built-ins', async () => {
    const s = new SettingsStore({ file: path.join(dir, 's.json'), defaultOutputDir: dir });
    const c = {
      name: 'A',
      baseUrl: 'a',
      authKind: 'apiKey' as const,
      username: '',
      timezone: 'UTC',
      pageSize: 2,
      requestsPerSecond: 1,
      timeoutSeconds: 1,
    };
    await s.saveConnection(c);
    await s.saveConnection({ ...c, name: 'B' });
    await expect(s.saveConnection({ ...c, name: 'B' }, 'A')).rejects.toThrow('a connection named "B" already exists');
    await s.saveConnection({ ...c, name: 'C' }, 'A');
    expect((await s.snapshot()).connections.map((x) => x.name)).toEqual([SANDBOX_CONNECTION, 'C', 'B']);
    await expect(s.saveConnection({ ...c, name: SANDBOX_CONNECTION })).rejects.toBeInstanceOf(SettingsError);
    await expect(s.deleteDestination(LOCAL_DESTINATION)).rejects.toThrow('cannot be deleted');
    expect(await s.deleteConnection('B')).toBe(true);
    expect(await s.deleteConnection('B')).toBe(false);
  });

  it('keeps valid entries of a damaged file and reports the rest; sets aside a file that is not JSON', async () => {
    const file = path.join(dir, 'settings.json');
    await writeFile(
      file,
      JSON.stringify({
        connections: [
          { name: 'Ok', baseUrl: 'x', authKind: 'apiKey' },
          { name: 'Bad', baseUrl: 'x', authKind: 'apiKey', pageSize: 99999 },
        ],
      }),
    );
    const snap = await new SettingsStore({ file, defaultOutputDir: dir }).snapshot();
    expect(snap.connections.map((c) => c.name)).toEqual([SANDBOX_CONNECTION, 'Ok']);
    expect(snap.problems[0]).toMatch(/Skipped connection 2 .*pageSize/);

    await writeFile(file, '{ not json');
    const broken = await new SettingsStore({ file, defaultOutputDir: dir }).snapshot();
    expect(broken.problems[0]).toMatch(/not valid JSON; it was kept as .*corrupt-/);
    expect((await readdir(dir)).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
  });
});

describe('secret stores', () => {
  it('encrypted file store: ciphertext only, mode 0600, get/delete round trip', async () => {
    const dir = await tempDir('mb-secrets-');
    const file = path.join(dir, 'secrets.json');
    const store = new EncryptedFileSecretStore(file, aesCipher());
    await store.set('connection:Prod', 'p@ss-word-123');
    expect(await store.get('connection:Prod')).toBe('p@ss-word-123');
    expect(await store.has('connection:Prod')).toBe(true);
    expect(await readFile(file, 'utf8')).not.toContain('p@ss-word-123');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await store.delete('connection:Prod');
    expect(await store.get('connection:Prod')).toBeUndefined();
  });

  it('refuses to store where the OS offers no real encryption (Linux basic_text), and says why', async () => {
    const dir = await tempDir('mb-secrets-');
    const cipher = aesCipher({ available: false, backend: 'basic_text', detail: 'no keyring (basic_text)' });
    const store = new EncryptedFileSecretStore(path.join(dir, 'secrets.json'), cipher);
    await expect(store.set('connection:Prod', 'x-secret')).rejects.toBeInstanceOf(SecretStorageUnavailableError);
    await expect(store.set('connection:Prod', 'x-secret')).rejects.toThrow('no keyring (basic_text)');
    expect(await readdir(dir)).toEqual([]); // nothing written at all
    const mem = new MemorySecretStore({ available: false, backend: 'basic_text', detail: 'no keyring' });
    await expect(mem.set('k', 'v')).rejects.toThrow('The secret was not saved: no keyring');
  });

  it('a ciphertext that no longer decrypts reads as not saved', async () => {
    const dir = await tempDir('mb-secrets-');
    const file = path.join(dir, 'secrets.json');
    await new EncryptedFileSecretStore(file, aesCipher()).set('k', 'v1');
    expect(await new EncryptedFileSecretStore(file, aesCipher()).get('k')).toBeUndefined(); // another key
  });

  it('redact removes secrets from messages', () => {
    expect(redact('auth failed for key abcd1234 at host', ['abcd1234', undefined])).toBe('auth failed for key *** at host');
  });
});

describe('sender check and external links', () => {
  const policy = {
    appIndexUrl: 'file:///opt/app/out/renderer/index.html',
    devServerOrigin: 'http://127.0.0.1:5173',
    isOurWindow: (id: number) => id === 1,
  };
  it.each([
    [{ webContentsId: 1, frameUrl: 'file:///opt/app/out/renderer/index.html#/run', isMainFrame: true }, true],
    [{ webContentsId: 1, frameUrl: 'http://127.0.0.1:5173/', isMainFrame: true }, true],
    [{ webContentsId: 1, frameUrl: 'http://127.0.0.1:5174/', isMainFrame: true }, false],
    [{ webContentsId: 1, frameUrl: 'file:///opt/app/out/renderer/other.html', isMainFrame: true }, false],
    [{ webContentsId: 1, frameUrl: 'https://evil.example/', isMainFrame: true }, false],
    [{ webContentsId: 2, frameUrl: 'file:///opt/app/out/renderer/index.html', isMainFrame: true }, false],
    [{ webContentsId: 1, frameUrl: 'file:///opt/app/out/renderer/index.html', isMainFrame: false }, false],
    [{ webContentsId: 1, frameUrl: null, isMainFrame: true }, false],
  ])('%o → trusted %s', (sender, trusted) => {
    expect(checkSender(sender, policy).trusted).toBe(trusted);
  });

  it('no dev origin in production', () => {
    expect(
      checkSender({ webContentsId: 1, frameUrl: 'http://127.0.0.1:5173/', isMainFrame: true }, { ...policy, devServerOrigin: undefined })
        .trusted,
    ).toBe(false);
  });

  it.each([
    ['https://docs.mambu.com/', true],
    ['http://docs.mambu.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['https://user:pw@example.com/', false],
    ['not a url', false],
  ])('safe external %s → %s', (url, safe) => expect(isSafeExternalUrl(url)).toBe(safe));
});
