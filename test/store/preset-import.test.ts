import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planChunks } from '../../shared/plan';
import { validateEvent } from '../../shared/event/schema';
import { parsePresetImportText } from '../../shared/presets';
import { PresetStore } from '../../electron/engine/store/presets';
import { isStoreError, type StoreError } from '../../electron/engine/store/store-error';

let dir: string;
let store: PresetStore;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mb-import-'));
  store = new PresetStore(path.join(dir, 'presets.json'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<StoreError> {
  try {
    await p;
  } catch (e) {
    return e as StoreError;
  }
  throw new Error('expected a rejection');
}

const samplesDir = path.join(__dirname, '..', '..', 'shared', 'samples');

describe('importing original Glue events', () => {
  it('accepts the loose forms: "False", "Post", the mambu: prefix, chunk_hours as a string', async () => {
    const text = JSON.stringify({
      table_name: 'mambu_loan_transactions',
      endpoint: 'mambu:loans/transactions:search',
      request_type: 'Post',
      cdc_field: 'creationDate',
      start_date: '2025-01-01 00:00:00',
      end_date: '2025-01-03 12:00:00',
      extra_params: '',
      auto_schema: 'False',
      rename_columns: [],
      chunk_hours: '12',
    });
    const r = await store.importText(text, { connection: 'Prod tenant' });
    expect(r.kind).toBe('event');
    const [p] = r.imported;
    expect(p!.name).toBe('mambu_loan_transactions');
    expect(p!.connection).toBe('Prod tenant');
    expect(p!.destination).toBe('');
    expect(p!.event).toMatchObject({ endpoint: 'loans/transactions:search', request_type: 'post', auto_schema: false, chunk_hours: 12 });
    expect(planChunks(p!.event).chunks).toHaveLength(5);
  });

  it.each(['loan-accounts.json', 'loan-transactions.json', 'users.json'])(
    'imports the shipped sample %s and exports it in the original form',
    async (name) => {
      const text = await fs.readFile(path.join(samplesDir, name), 'utf8');
      const { imported } = await store.importText(text, { name: `Sample ${name}` });
      const exported = JSON.parse(await store.exportEvent(`Sample ${name}`));
      // The export is the original job's shape: Title-case request type, "True"/"False" strings.
      expect(['Get', 'Post']).toContain(exported.request_type);
      expect(['True', 'False']).toContain(exported.auto_schema);
      const again = validateEvent(exported);
      expect(again.ok && again.event).toEqual(imported[0]!.event);
    },
  );

  it('lists every problem of a malformed event by field and imports nothing', async () => {
    await store.importText(
      JSON.stringify({
        table_name: 'mambu_users',
        endpoint: 'users',
        request_type: 'Get',
        start_date: '2025-01-01 00:00:00',
        end_date: '2025-01-02 00:00:00',
      }),
    );
    const before = await fs.readFile(store.file, 'utf8');
    const err = await rejection(
      store.importText(
        JSON.stringify({
          table_name: 'Bad Name',
          endpoint: 'loans:search',
          request_type: 'Get',
          start_date: '2025-13-01 00:00:00',
          end_date: '2025-01-01',
          chunk_hours: 'x',
          aws_secret: 's',
        }),
      ),
    );
    expect(isStoreError(err, 'invalid')).toBe(true);
    const fields = err.issues.map((i) => i.field);
    for (const f of [
      'event.table_name',
      'event.request_type',
      'event.start_date',
      'event.end_date',
      'event.chunk_hours',
      'event.aws_secret',
    ]) {
      expect(fields).toContain(f);
    }
    expect(err.message).toMatch(/^The import file has \d+ problems\. Nothing was imported\./);
    expect(await fs.readFile(store.file, 'utf8')).toBe(before);
  });

  it('reports a file that is not JSON', async () => {
    const err = await rejection(store.importText('{"table_name": '));
    expect(err.issues).toEqual([{ field: 'file', message: expect.stringMatching(/^the file is not valid JSON/) }]);
  });
});

describe('bundles', () => {
  it('round-trips: export → import into another store gives the same events and the same plan', async () => {
    await store.importText(await fs.readFile(path.join(samplesDir, 'loan-accounts.json'), 'utf8'), {
      name: 'Accounts',
      connection: 'Prod',
      destination: 'Raw',
    });
    await store.importText(await fs.readFile(path.join(samplesDir, 'loan-transactions.json'), 'utf8'), { name: 'Transactions' });
    await store.rename('Accounts', 'Loan accounts daily');
    const bundle = await store.exportBundle();
    const parsed = JSON.parse(bundle);
    expect(parsed.version).toBe(1);
    expect(parsed.presets.map((p: { name: string }) => p.name)).toEqual(['Loan accounts daily', 'Transactions']);
    expect(parsed.presets[0].event.request_type).toBe('Post');

    const other = new PresetStore(path.join(dir, 'other', 'presets.json'));
    const r = await other.importText(bundle);
    expect(r.kind).toBe('bundle');
    for (const original of await store.list()) {
      const copy = await other.get(original.name);
      expect(copy).toMatchObject({
        name: original.name,
        connection: original.connection,
        destination: original.destination,
        event: original.event,
      });
      expect(planChunks(copy!.event)).toEqual(planChunks(original.event));
    }
  });

  it('lists every problem of every preset by field, with its index and name, and imports nothing', async () => {
    const ok = JSON.parse(await fs.readFile(path.join(samplesDir, 'users.json'), 'utf8'));
    const text = JSON.stringify({
      version: 1,
      extra: true,
      presets: [
        { name: 'Users', event: ok },
        { name: 'Broken', connection: 'Prod', event: { ...ok, chunk_hours: 0, start_date: 'soon' }, token: 'abc' },
        { name: 'users', event: ok },
        'not an object',
        { event: ok },
      ],
    });
    const err = await rejection(store.importText(text));
    expect(isStoreError(err, 'invalid')).toBe(true);
    const got = err.issues.map((i) => [i.field, (i as { index?: number }).index]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['extra', undefined],
        ['presets[1].token', 1],
        ['presets[1].event.chunk_hours', 1],
        ['presets[1].event.start_date', 1],
        ['presets[2].name', 2],
        ['presets[3]', 3],
        ['presets[4].name', 4],
      ]),
    );
    expect(err.issues).toHaveLength(7);
    expect(err.message).toContain('preset 2 "Broken": ');
    expect(err.message).toContain('the name "users" is also used by preset 1');
    await expect(fs.access(store.file)).rejects.toThrow();
  });

  it('rejects a bundle from a newer version', () => {
    const r = parsePresetImportText(JSON.stringify({ version: 2, presets: [] }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]!.message).toMatch(/newer Mambu Backfill/);
  });

  it('on duplicate names: errors by default, or renames / replaces when asked', async () => {
    const users = JSON.parse(await fs.readFile(path.join(samplesDir, 'users.json'), 'utf8'));
    await store.importText(JSON.stringify({ version: 1, presets: [{ name: 'Users', event: users, connection: 'A' }] }));
    const bundle = JSON.stringify({
      version: 1,
      presets: [
        { name: 'users', event: users, connection: 'B' },
        { name: 'New one', event: users },
      ],
    });

    const err = await rejection(store.importText(bundle));
    expect(isStoreError(err, 'conflict')).toBe(true);
    expect(err.message).toBe(
      'Nothing was imported: a preset named "users" already exists. Rename or delete them, or import again choosing to rename or replace.',
    );
    expect((await store.list()).map((p) => p.name)).toEqual(['Users']);

    const renamed = await store.importText(bundle, { onConflict: 'rename' });
    expect(renamed.renamed).toEqual([{ from: 'users', to: 'users imported' }]);
    expect((await store.list()).map((p) => p.name)).toEqual(['New one', 'Users', 'users imported']);

    const replaced = await store.importText(bundle, { onConflict: 'replace' });
    expect(replaced.replaced).toEqual(['Users', 'New one']);
    expect((await store.get('Users'))!.connection).toBe('B');
    expect((await store.list()).map((p) => p.name)).toEqual(['New one', 'users', 'users imported']);
  });
});
