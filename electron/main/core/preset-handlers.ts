// Presets over IPC: CRUD on the preset store, import from the TEXT the page read, export through a main-owned save
// dialog. Store refusals (invalid, conflict, not found, unreadable file) come back as error results with every
// problem by field (see handlers.ts).
import { fail, ok } from '../../../shared/ipc/contract';
import { writeFileAtomic } from '../../engine/store';
import { safeFileName } from './save-dialog';
import type { Impls } from './handler-types';

type PresetChannel =
  | 'presets:list'
  | 'presets:get'
  | 'presets:save'
  | 'presets:rename'
  | 'presets:duplicate'
  | 'presets:delete'
  | 'presets:import'
  | 'presets:export';

const JSON_FILTER = [{ name: 'JSON', extensions: ['json'] }];

export const PRESET_HANDLERS: Impls<PresetChannel> = {
  'presets:list': async (d) => {
    const presets = await d.presets.list();
    // Every problem seen since start (a corrupt file is moved aside on first read, so later reads are clean): the
    // page shows them until the user dismisses them.
    return ok({ presets, problems: d.presets.problems.map((p) => ({ ...p, issues: [...p.issues] })) });
  },

  'presets:get': async (d, { name }) => {
    const p = await d.presets.get(name);
    if (!p) return notFound(name);
    return ok(p);
  },

  'presets:save': async (d, { preset, overwrite }) => ok(await d.presets.save(preset, { overwrite })),

  'presets:rename': async (d, { from, to }) => ok(await d.presets.rename(from, to)),

  'presets:duplicate': async (d, { name, newName }) => ok(await d.presets.duplicate(name, newName)),

  'presets:delete': async (d, { name }) => ok(await d.presets.delete(name)),

  'presets:import': async (d, { text, onConflict, ...names }) => ok(await d.presets.importText(text, { ...names, onConflict })),

  'presets:export': async (d, { name, format }) => {
    const preset = await d.presets.get(name);
    if (!preset) return notFound(name);
    const text = format === 'event' ? await d.presets.exportEvent(preset.name) : await d.presets.exportBundle([preset.name]);
    const base = safeFileName(preset.name, 'preset');
    const file = await d.dialogs.chooseSavePath(format === 'event' ? `${base}.json` : `${base}.presets.json`, JSON_FILTER);
    if (!file) return ok({ saved: false as const });
    // Exports are meant to be shared: ordinary permissions (the store's own files are 0600).
    await writeFileAtomic(file, text, { mode: 0o644 });
    return ok({ saved: true as const, path: file });
  },
};

function notFound(name: string) {
  const message = `There is no preset named "${name.trim()}"; it may have been renamed or deleted.`;
  return fail(message, [{ field: 'name', message }]);
}
