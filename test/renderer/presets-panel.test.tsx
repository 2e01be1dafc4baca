import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { Preset } from '../../shared/presets';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import { App } from '../../renderer/src/App';
import { ApiProvider } from '../../renderer/src/api';
import { PresetsPanel } from '../../renderer/src/presets/PresetsPanel';
import { fakeApi } from './fake-api';

const preset = (name: string, over: Partial<Preset> = {}): Preset => ({
  name,
  event: SAMPLE_EVENT,
  connection: SANDBOX_CONNECTION,
  destination: 'Local folder',
  createdAt: '2025-04-07T10:00:00.000Z',
  updatedAt: '2025-04-07T10:00:00.000Z',
  ...over,
});

const current = { event: { ...SAMPLE_EVENT }, connection: SANDBOX_CONNECTION, destination: 'Local folder', valid: true };

describe('presets panel', () => {
  it('saves the current event with the connection and destination names, and shows it in the list', async () => {
    const list = [preset('Alpha')];
    const f = fakeApi({
      listPresets: vi.fn(async () => ({ ok: true as const, value: { presets: [...list], problems: [] } })),
      savePreset: vi.fn(async (req: { preset: { name: string } }) => {
        const p = preset(req.preset.name);
        list.push(p);
        return { ok: true as const, value: p };
      }),
    } as never);
    const user = userEvent.setup();
    render(<PresetsPanel api={f.api} current={current} onLoad={() => undefined} />);
    expect(await screen.findByText('Alpha', { selector: '.name' })).toBeInTheDocument();
    const save = screen.getByRole('button', { name: 'Save current event' });
    expect(save).toBeDisabled(); // no name yet
    await user.type(screen.getByLabelText('Preset name'), 'Daily loans');
    await user.click(save);
    expect(f.api.savePreset).toHaveBeenCalledWith({
      preset: { name: 'Daily loans', event: current.event, connection: SANDBOX_CONNECTION, destination: 'Local folder' },
    });
    expect(await screen.findByTestId('presets-outcome')).toHaveTextContent(`Saved “Daily loans”`);
    expect(within(screen.getByRole('list', { name: 'Saved presets' })).getByText('Daily loans', { selector: '.name' })).toBeInTheDocument();
    expect(screen.getByLabelText('Preset name')).toHaveValue('');
  });

  it('an invalid event cannot be saved, and says why', async () => {
    const f = fakeApi();
    render(<PresetsPanel api={f.api} current={{ ...current, valid: false }} onLoad={() => undefined} />);
    await userEvent.setup().type(screen.getByLabelText('Preset name'), 'X');
    expect(screen.getByRole('button', { name: 'Save current event' })).toBeDisabled();
    expect(screen.getByText(/Fix the event first/)).toBeInTheDocument();
  });

  it('load, rename (keyboard), duplicate, delete with confirmation, and export both ways', async () => {
    let list = [preset('Alpha'), preset('Beta')];
    const f = fakeApi({
      listPresets: vi.fn(async () => ({ ok: true as const, value: { presets: [...list], problems: [] } })),
      renamePreset: vi.fn(async ({ from, to }: { from: string; to: string }) => {
        list = list.map((p) => (p.name === from ? { ...p, name: to } : p));
        return { ok: true as const, value: preset(to) };
      }),
      duplicatePreset: vi.fn(async ({ name }: { name: string }) => {
        list.push(preset(`${name} copy`));
        return { ok: true as const, value: preset(`${name} copy`) };
      }),
      deletePreset: vi.fn(async ({ name }: { name: string }) => {
        list = list.filter((p) => p.name !== name);
        return { ok: true as const, value: preset(name) };
      }),
      exportPreset: vi.fn(async ({ name, format }: { name: string; format: string }) => ({
        ok: true as const,
        value: { saved: true as const, path: `/home/a/${name}.${format}.json` },
      })),
    } as never);
    const onLoad = vi.fn();
    const user = userEvent.setup();
    render(<PresetsPanel api={f.api} current={current} onLoad={onLoad} />);
    await screen.findByText('Alpha', { selector: '.name' });

    await user.click(screen.getByRole('button', { name: 'Load Alpha' }));
    expect(onLoad).toHaveBeenCalledWith(expect.objectContaining({ name: 'Alpha' }));

    await user.click(screen.getByRole('button', { name: 'Rename Alpha' }));
    const input = screen.getByLabelText('New name for Alpha');
    expect(input).toHaveFocus();
    await user.clear(input);
    await user.type(input, 'Gamma{Enter}');
    expect(f.api.renamePreset).toHaveBeenCalledWith({ from: 'Alpha', to: 'Gamma' });
    expect(await screen.findByText('Gamma', { selector: '.name' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Duplicate Beta' }));
    expect(await screen.findByText('Beta copy', { selector: '.name' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Delete Beta copy' }));
    const confirm = screen.getByRole('group', { name: 'Delete Beta copy?' });
    await user.click(within(confirm).getByRole('button', { name: 'Keep' }));
    expect(f.api.deletePreset).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Delete Beta copy' }));
    await user.click(within(screen.getByRole('group', { name: 'Delete Beta copy?' })).getByRole('button', { name: 'Delete' }));
    expect(f.api.deletePreset).toHaveBeenCalledWith({ name: 'Beta copy' });
    await waitFor(() => expect(screen.queryByText('Beta copy', { selector: '.name' })).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'Export event Beta' }));
    expect(f.api.exportPreset).toHaveBeenCalledWith({ name: 'Beta', format: 'event' });
    expect(await screen.findByTestId('presets-outcome')).toHaveTextContent(
      'Exported “Beta” as the original event JSON to /home/a/Beta.event.json',
    );
    await user.click(screen.getByRole('button', { name: 'Export bundle Beta' }));
    expect(f.api.exportPreset).toHaveBeenLastCalledWith({ name: 'Beta', format: 'bundle' });
  });

  it('a rename refused by the store keeps the editor open and shows the reason', async () => {
    const f = fakeApi({
      listPresets: vi.fn(async () => ({ ok: true as const, value: { presets: [preset('Alpha'), preset('Beta')], problems: [] } })),
      renamePreset: vi.fn(async () => ({
        ok: false as const,
        error: {
          message: 'Cannot rename "Alpha" to "Beta": a preset with that name already exists.',
          issues: [{ field: 'name', message: '"Beta" is taken' }],
        },
      })),
    } as never);
    const user = userEvent.setup();
    render(<PresetsPanel api={f.api} current={current} onLoad={() => undefined} />);
    await user.click(await screen.findByRole('button', { name: 'Rename Alpha' }));
    const input = screen.getByLabelText('New name for Alpha');
    await user.clear(input);
    await user.type(input, 'Beta{Enter}');
    expect(await screen.findByTestId('presets-outcome')).toHaveTextContent('already exists');
    expect(screen.getByTestId('presets-outcome')).toHaveTextContent('name: "Beta" is taken');
    expect(screen.getByLabelText('New name for Alpha')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByLabelText('New name for Alpha')).not.toBeInTheDocument();
  });

  it('imports a file as TEXT with the conflict choice, and lists every problem by field when it is malformed', async () => {
    const f = fakeApi({
      importPresets: vi.fn(async () => ({
        ok: false as const,
        error: {
          message: 'The import file has 2 problems. Nothing was imported.\n- presets[0].event.end_date: …\n- presets[1].name: …',
          issues: [
            { field: 'presets[0].event.end_date', message: 'preset 1 "A": end_date must be after start_date' },
            { field: 'presets[1].name', message: 'preset 2: name is required' },
          ],
        },
      })),
    } as never);
    const user = userEvent.setup();
    render(<PresetsPanel api={f.api} current={current} onLoad={() => undefined} />);
    await user.selectOptions(screen.getByLabelText('If a name is taken'), 'rename');
    const text = JSON.stringify({ version: 1, presets: [] });
    await user.upload(
      screen.getByLabelText('Import event or bundle…'),
      new File([text], 'team.presets.json', { type: 'application/json' }),
    );
    await waitFor(() => expect(f.api.importPresets).toHaveBeenCalledWith({ text, onConflict: 'rename' }));
    const out = await screen.findByTestId('presets-outcome');
    expect(out).toHaveTextContent('Nothing was imported from team.presets.json');
    const items = within(out)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      'presets[0].event.end_date: preset 1 "A": end_date must be after start_date',
      'presets[1].name: preset 2: name is required',
    ]);
  });

  it('in the app: loading a preset fills the form and picks its connection and destination', async () => {
    const f = fakeApi({
      listPresets: vi.fn(async () => ({
        ok: true as const,
        value: { presets: [preset('Users', { event: { ...SAMPLE_EVENT, table_name: 'my_users_copy' } })], problems: [] },
      })),
    } as never);
    const user = userEvent.setup();
    render(
      <ApiProvider api={f.api}>
        <App />
      </ApiProvider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Load Users' }));
    expect(screen.getByLabelText('Table name (table_name)')).toHaveValue('my_users_copy');
  });
});
