// Presets over the real preload and handlers: CRUD on a real presets.json in a temp data folder, import from text
// with every problem by field, export through main's save dialog (answered by a recording stand-in) to a file that
// re-imports to the same plan, and a corrupted presets.json that is reported and kept aside.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { planChunks } from '../../shared/plan';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import { openAppBridge, type AppBridge } from './app-bridge';
import { scriptedEngine } from './helpers';

vi.mock('electron', () => import('./fake-electron'));

let app: AppBridge;
beforeAll(async () => {
  app = await openAppBridge(scriptedEngine({ pagesPerChunk: 1 }).engine, 'mb-ipc-presets-');
});
afterAll(() => app?.close());

/** The original Glue event in its loose forms: prefixed endpoint, "Post", "False", "24" as text. */
const LOOSE_EVENT = {
  table_name: 'mambu_loan_accounts',
  endpoint: 'mambu:loans:search',
  request_type: 'Post',
  cdc_field: 'lastModifiedDate',
  start_date: '2025-01-01 00:00:00',
  end_date: '2025-01-04 00:00:00',
  extra_params: '',
  auto_schema: 'False',
  rename_columns: [{ id: 'loan_id' }],
  chunk_hours: '24',
};

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(`expected ok, got: ${r.error.message}`);
  return r.value;
};

describe('preset CRUD over IPC', () => {
  it('saves, lists, gets, renames, duplicates and deletes, in presets.json', async () => {
    const saved = value(
      await app.page.savePreset({
        preset: { name: 'Daily loans', event: LOOSE_EVENT, connection: SANDBOX_CONNECTION, destination: 'Local folder' },
      }),
    );
    expect(saved).toMatchObject({
      name: 'Daily loans',
      connection: SANDBOX_CONNECTION,
      destination: 'Local folder',
      event: { endpoint: 'loans:search', request_type: 'post', auto_schema: false, chunk_hours: 24 },
    });

    const taken = await app.page.savePreset({ preset: { name: 'daily LOANS ', event: SAMPLE_EVENT, connection: '', destination: '' } });
    expect(!taken.ok && taken.error).toMatchObject({ message: expect.stringMatching(/already exists/), issues: [{ field: 'name' }] });
    const over = value(
      await app.page.savePreset({ preset: { name: 'Daily loans', event: LOOSE_EVENT, connection: '', destination: '' }, overwrite: true }),
    );
    expect(over.createdAt).toBe(saved.createdAt);

    expect(value(await app.page.getPreset({ name: 'daily loans' })).name).toBe('Daily loans');
    const renamed = value(await app.page.renamePreset({ from: 'Daily loans', to: 'Loans daily' }));
    expect(renamed.name).toBe('Loans daily');
    const copy = value(await app.page.duplicatePreset({ name: 'Loans daily' }));
    expect(copy.name).toBe('Loans daily copy');
    expect(copy.event).toEqual(renamed.event);

    const list = value(await app.page.listPresets());
    expect(list.presets.map((p) => p.name)).toEqual(['Loans daily', 'Loans daily copy']);
    expect(list.problems).toEqual([]);
    const file = JSON.parse(await readFile(path.join(app.home, 'presets.json'), 'utf8'));
    expect(file.version).toBe(1);
    expect(file.presets.map((p: { name: string }) => p.name)).toEqual(['Loans daily', 'Loans daily copy']);

    expect(value(await app.page.deletePreset({ name: 'Loans daily copy' })).name).toBe('Loans daily copy');
    const gone = await app.page.getPreset({ name: 'Loans daily copy' });
    expect(!gone.ok && gone.error.message).toMatch(/There is no preset named "Loans daily copy"/);
    const missing = await app.page.renamePreset({ from: 'Nope', to: 'X' });
    expect(!missing.ok && missing.error.message).toMatch(/no preset named "Nope"/);
  });

  it('an invalid preset is refused with every problem by field, and nothing is written', async () => {
    const before = await readFile(path.join(app.home, 'presets.json'), 'utf8');
    const r = await app.page.savePreset({
      preset: {
        name: '  ',
        event: { ...SAMPLE_EVENT, start_date: '2025-02-30 00:00:00', chunk_hours: 0 },
        connection: '',
        destination: '',
      },
    });
    expect(r.ok).toBe(false);
    const fields = !r.ok ? r.error.issues!.map((i) => i.field) : [];
    expect(fields).toEqual(expect.arrayContaining(['name', 'event.start_date', 'event.chunk_hours']));
    expect(await readFile(path.join(app.home, 'presets.json'), 'utf8')).toBe(before);
  });

  it('malformed payloads never reach the store: no path, no unknown keys', async () => {
    const r = await app.page.exportPreset({ name: 'Loans daily', format: 'event', path: '/etc/cron.d/x' } as never);
    expect(!r.ok && r.error.message).toMatch(/presets:export was called with a malformed payload.*path/);
    const bad = await app.page.importPresets({ text: 42 } as never);
    expect(!bad.ok && bad.error.issues?.[0]?.field).toBe('text');
    expect(app.dialog.asked).toHaveLength(0);
  });
});

describe('import', () => {
  it('a malformed bundle lists every problem by field and preset, and imports nothing', async () => {
    const before = value(await app.page.listPresets()).presets;
    const bundle = {
      version: 1,
      presets: [
        { name: 'Good one', connection: '', destination: '', event: SAMPLE_EVENT },
        { name: 'Bad dates', connection: '', destination: '', event: { ...SAMPLE_EVENT, end_date: '2024-01-01 00:00:00' } },
        { name: '', connection: '', destination: '', event: { ...SAMPLE_EVENT, chunk_hours: -3 }, apiKey: 'sk-should-not-be-here' },
      ],
    };
    const r = await app.page.importPresets({ text: JSON.stringify(bundle) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/Nothing was imported/);
    const fields = r.error.issues!.map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining(['presets[1].event.end_date', 'presets[2].name', 'presets[2].event.chunk_hours', 'presets[2].apiKey']),
    );
    expect(fields.some((f) => f.startsWith('presets[0]'))).toBe(false);
    expect(value(await app.page.listPresets()).presets).toEqual(before);
  });

  it('not JSON at all says so', async () => {
    const r = await app.page.importPresets({ text: '{"table_name": ' });
    expect(!r.ok && r.error.issues).toEqual([{ field: 'file', message: expect.stringMatching(/not valid JSON/) }]);
  });

  it('an original event in its loose forms imports as one preset named after its table, or as named', async () => {
    const one = value(await app.page.importPresets({ text: JSON.stringify(LOOSE_EVENT) }));
    expect(one).toMatchObject({ kind: 'event', imported: [{ name: 'mambu_loan_accounts', event: { endpoint: 'loans:search' } }] });
    const clash = await app.page.importPresets({ text: JSON.stringify(LOOSE_EVENT) });
    expect(!clash.ok && clash.error.message).toMatch(/Nothing was imported.*already exists/s);
    const renamed = value(await app.page.importPresets({ text: JSON.stringify(LOOSE_EVENT), onConflict: 'rename' }));
    expect(renamed.renamed).toEqual([{ from: 'mambu_loan_accounts', to: 'mambu_loan_accounts imported' }]);
    const named = value(
      await app.page.importPresets({
        text: JSON.stringify(SAMPLE_EVENT),
        name: 'Sample',
        connection: SANDBOX_CONNECTION,
        destination: 'Local folder',
      }),
    );
    expect(named.imported[0]).toMatchObject({ name: 'Sample', connection: SANDBOX_CONNECTION, destination: 'Local folder' });
  });
});

describe('export through the main-owned save dialog', () => {
  it('as the original event JSON: main picks the path, writes it, and it re-imports to the same plan', async () => {
    const preset = value(await app.page.getPreset({ name: 'Loans daily' }));
    const r = value(await app.page.exportPreset({ name: 'Loans daily', format: 'event' }));
    expect(r).toEqual({ saved: true, path: path.join(app.exports, 'Loans daily.json') });
    expect(app.dialog.asked.at(-1)).toEqual({ defaultName: 'Loans daily.json', filters: [{ name: 'JSON', extensions: ['json'] }] });
    const text = await readFile(path.join(app.exports, 'Loans daily.json'), 'utf8');
    const original = JSON.parse(text);
    // The Glue job's own form: its keys only, "Post" and "False" as it wrote them.
    expect(original).toMatchObject({
      table_name: 'mambu_loan_accounts',
      endpoint: 'loans:search',
      request_type: 'Post',
      auto_schema: 'False',
      chunk_hours: 24,
    });
    expect(text).not.toMatch(/createdAt|connection/);

    const back = value(await app.page.importPresets({ text, name: 'Round trip' }));
    const again = back.imported[0]!;
    expect(again.event).toEqual(preset.event);
    expect(planChunks(again.event)).toEqual(planChunks(preset.event));
    const p1 = value(await app.page.planRun({ event: again.event }));
    const p2 = value(await app.page.planRun({ event: preset.event }));
    expect(p1).toEqual(p2);
    expect(p1.chunkCount).toBe(3);
  });

  it('as a bundle: names, connection and destination travel, and the import is identical', async () => {
    const sample = value(await app.page.getPreset({ name: 'Sample' }));
    const r = value(await app.page.exportPreset({ name: 'Sample', format: 'bundle' }));
    expect(r).toEqual({ saved: true, path: path.join(app.exports, 'Sample.presets.json') });
    const text = await readFile(r.saved ? r.path : '', 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      presets: [{ name: 'Sample', connection: SANDBOX_CONNECTION, destination: 'Local folder' }],
    });
    await app.page.deletePreset({ name: 'Sample' });
    const back = value(await app.page.importPresets({ text }));
    expect(back.kind).toBe('bundle');
    const { createdAt: _c, updatedAt: _u, ...rest } = back.imported[0]!;
    const { createdAt: _c2, updatedAt: _u2, ...orig } = sample;
    expect(rest).toEqual(orig);
  });

  it('a cancelled dialog writes nothing; a name that is not a preset never opens it', async () => {
    app.dialog.answerWith(() => undefined);
    try {
      const before = await readdir(app.exports);
      expect(value(await app.page.exportPreset({ name: 'Sample', format: 'event' }))).toEqual({ saved: false });
      expect(await readdir(app.exports)).toEqual(before);
    } finally {
      app.dialog.answerWith(null);
    }
    const asked = app.dialog.asked.length;
    const r = await app.page.exportPreset({ name: 'No such preset', format: 'event' });
    expect(!r.ok && r.error.message).toMatch(/no preset named "No such preset"/);
    expect(app.dialog.asked).toHaveLength(asked);
  });
});

describe('a corrupted presets.json', () => {
  it('is reported with a clear message, kept aside, and the handlers keep working', async () => {
    const file = path.join(app.home, 'presets.json');
    await writeFile(file, '{"version": 1, "presets": [ {"name": "half-writ');
    const list = value(await app.page.listPresets());
    expect(list.presets).toEqual([]);
    const problem = list.problems.find((p) => p.kind === 'corrupt');
    expect(problem).toBeDefined();
    expect(problem!.message).toMatch(/presets file/i);
    expect(problem!.movedTo).toMatch(/presets\.json\.corrupt-/);
    expect(problem!.message).toContain(path.basename(problem!.movedTo!));
    // The damaged content is kept, not overwritten.
    expect(await readFile(problem!.movedTo!, 'utf8')).toContain('half-writ');

    // The app keeps working: a new preset saves, and the problem stays listed until the user dismisses it.
    value(await app.page.savePreset({ preset: { name: 'After the crash', event: SAMPLE_EVENT, connection: '', destination: '' } }));
    const after = value(await app.page.listPresets());
    expect(after.presets.map((p) => p.name)).toEqual(['After the crash']);
    expect(after.problems.some((p) => p.kind === 'corrupt')).toBe(true);
  });

  it('a presets file from a newer version is kept as is and changes are refused with the reason', async () => {
    const file = path.join(app.home, 'presets.json');
    await writeFile(file, JSON.stringify({ version: 99, presets: [] }));
    const list = value(await app.page.listPresets());
    expect(list.problems.some((p) => p.kind === 'future-version')).toBe(true);
    const r = await app.page.savePreset({ preset: { name: 'Blocked', event: SAMPLE_EVENT, connection: '', destination: '' } });
    expect(!r.ok && r.error.message).toMatch(/Presets cannot be changed/);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(99);
  });
});
