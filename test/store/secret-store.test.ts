// The stores' corrupt-file policy applied to secrets.json and settings.json: a damaged file is never read as empty
// and then overwritten. Readable secrets stay usable, the original is kept aside byte for byte, and the problem is
// reported; a file we cannot move aside (or from a newer version) refuses every write.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore, SecretStorageUnavailableError } from '../../electron/main/core/secret-store';
import { SettingsStore } from '../../electron/main/core/settings-store';
import { aesCipher, tempDir } from '../ipc/helpers';

const asideOf = async (dir: string, base: string) => (await readdir(dir)).filter((n) => n.startsWith(`${base}.corrupt-`));

describe('a damaged secrets.json', () => {
  it('keeps the other secrets when one entry is damaged, and keeps the original aside', async () => {
    const dir = await tempDir('mb-secrets-');
    const file = path.join(dir, 'secrets.json');
    const cipher = aesCipher();
    const first = new EncryptedFileSecretStore(file, cipher);
    await first.set('connection:Prod', 'prod-key-1');
    await first.set('connection:Test', 'test-key-2');
    await first.set('destination:Lake', '{"accessKeyId":"AKIA1","secretAccessKey":"s3-secret-3"}');
    // One entry damaged (a bad merge, a hand edit): not a string any more.
    const data = JSON.parse(await readFile(file, 'utf8'));
    data.secrets['connection:Test'] = 42;
    const damaged = JSON.stringify(data);
    await writeFile(file, damaged);

    const store = new EncryptedFileSecretStore(file, cipher);
    expect(await store.get('connection:Prod')).toBe('prod-key-1');
    expect(await store.get('destination:Lake')).toContain('s3-secret-3');
    expect(await store.has('connection:Test')).toBe(false);
    await store.set('connection:New', 'new-key-4');
    // The next save kept every readable secret.
    const after = new EncryptedFileSecretStore(file, cipher);
    expect(await after.get('connection:Prod')).toBe('prod-key-1');
    expect(await after.get('destination:Lake')).toContain('s3-secret-3');
    expect(await after.get('connection:New')).toBe('new-key-4');
    // The original, with the damaged entry, is kept aside untouched; the problem names it.
    const aside = await asideOf(dir, 'secrets.json');
    expect(aside).toHaveLength(1);
    expect(await readFile(path.join(dir, aside[0]!), 'utf8')).toBe(damaged);
    expect(store.problems()).toEqual([
      expect.stringMatching(
        /1 saved secret in .*secrets\.json could not be read \(connection:Test\).*other saved secrets are kept.*kept as .*secrets\.json\.corrupt-/,
      ),
    ]);
  });

  it('a truncated file is kept aside byte for byte, never overwritten, and reported; the store starts fresh', async () => {
    const dir = await tempDir('mb-secrets-');
    const file = path.join(dir, 'secrets.json');
    const cipher = aesCipher();
    const first = new EncryptedFileSecretStore(file, cipher);
    await first.set('connection:Prod', 'prod-key-1');
    await first.set('connection:Test', 'test-key-2');
    const whole = await readFile(file, 'utf8');
    const truncated = whole.slice(0, Math.floor(whole.length / 2));
    await writeFile(file, truncated);

    const store = new EncryptedFileSecretStore(file, cipher);
    await store.set('connection:Other', 'other-key');
    const aside = await asideOf(dir, 'secrets.json');
    expect(aside).toHaveLength(1);
    expect(await readFile(path.join(dir, aside[0]!), 'utf8')).toBe(truncated);
    expect(store.problems()).toEqual([
      expect.stringMatching(
        /secrets file .* could not be read \(file: not valid JSON.*moved aside to secrets\.json\.corrupt-.*enter the API keys and access keys again/,
      ),
    ]);
    expect(await new EncryptedFileSecretStore(file, cipher).get('connection:Other')).toBe('other-key');
  });

  it('a file from a newer version refuses every write and stays untouched', async () => {
    const dir = await tempDir('mb-secrets-');
    const file = path.join(dir, 'secrets.json');
    const newer = JSON.stringify({ version: 9, secrets: { 'connection:Prod': 'AAAA' }, vault: {} });
    await writeFile(file, newer);
    const store = new EncryptedFileSecretStore(file, aesCipher());
    await expect(store.set('connection:X', 'x-key')).rejects.toBeInstanceOf(SecretStorageUnavailableError);
    await expect(store.delete('connection:Prod')).rejects.toThrow(/newer Mambu Backfill/);
    expect(await readFile(file, 'utf8')).toBe(newer);
    expect(await asideOf(dir, 'secrets.json')).toEqual([]);
  });
});

describe('a damaged settings.json', () => {
  it('keeps the readable entries, the original aside, and reports both', async () => {
    const dir = await tempDir('mb-settings-');
    const file = path.join(dir, 'settings.json');
    const good = {
      name: 'Prod',
      baseUrl: 'mybank',
      authKind: 'apiKey',
      username: '',
      timezone: 'UTC',
      pageSize: 100,
      requestsPerSecond: 5,
      timeoutSeconds: 60,
    };
    const original = JSON.stringify({ version: 1, connections: [good, { ...good, name: 'Broken', pageSize: 'lots' }], destinations: [] });
    await writeFile(file, original);
    const store = new SettingsStore({ file, defaultOutputDir: dir });
    const snap = await store.snapshot();
    expect(snap.connections.map((c) => c.name)).toEqual(['Sandbox (simulated tenant)', 'Prod']);
    expect(snap.problems).toEqual([
      expect.stringMatching(/Skipped connection 2/),
      expect.stringMatching(/original settings file was kept as .*settings\.json\.corrupt-/),
    ]);
    await store.saveConnection({ ...good, name: 'Second' } as never);
    const aside = await asideOf(dir, 'settings.json');
    expect(await readFile(path.join(dir, aside[0]!), 'utf8')).toBe(original);
    expect(JSON.parse(await readFile(file, 'utf8')).connections.map((c: { name: string }) => c.name)).toEqual(['Prod', 'Second']);
  });
});
