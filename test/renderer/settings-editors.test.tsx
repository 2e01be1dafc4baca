// What both settings editors do around Save and Test (useEditor): the main process's field issues shown under their
// fields, a saved item edited (not added again) by the next Save, typed secrets cleared once saved, and the outcome
// line while a test runs and after it. Each case runs against the connection editor and the destination editor.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { BackfillApi } from '../../shared/ipc/contract';
import { ConnectionEditor } from '../../renderer/src/settings/ConnectionEditor';
import { DestinationEditor } from '../../renderer/src/settings/DestinationEditor';
import { fakeApi, SETTINGS } from './fake-api';

interface Case {
  noun: 'connection' | 'destination';
  save: 'saveConnection' | 'saveDestination';
  test: 'testConnection' | 'testDestination';
  /** A field the main process may name an issue for, its label, and a value to type. */
  field: { name: string; label: string; value: string };
  /** The secret input, and where the typed secret appears in the save request. */
  secret: { label: string; inRequest: (req: Record<string, unknown>) => unknown };
  fill: (user: ReturnType<typeof userEvent.setup>) => Promise<void>;
  editor: (api: BackfillApi, onSaved: (name: string) => void) => ReactElement;
}

const CASES: Case[] = [
  {
    noun: 'connection',
    save: 'saveConnection',
    test: 'testConnection',
    field: { name: 'baseUrl', label: 'Base URL or subdomain', value: 'mybank' },
    secret: { label: 'API key', inRequest: (req) => req.secret },
    fill: async (user) => {
      await user.type(screen.getByLabelText('Name'), 'Prod');
      await user.type(screen.getByLabelText('Base URL or subdomain'), 'mybank');
      await user.type(screen.getByLabelText('API key'), 'key-1234');
    },
    editor: (api, onSaved) => <ConnectionEditor api={api} encryption={SETTINGS.encryption} onSaved={onSaved} onClose={() => {}} />,
  },
  {
    noun: 'destination',
    save: 'saveDestination',
    test: 'testDestination',
    field: { name: 'bucket', label: 'Bucket', value: 'my-lake' },
    secret: {
      label: 'Secret access key (optional)',
      inRequest: (req) => (req.s3Keys as { secretAccessKey?: string } | undefined)?.secretAccessKey,
    },
    fill: async (user) => {
      await user.type(screen.getByLabelText('Name'), 'Prod');
      await user.type(screen.getByLabelText('Bucket'), 'my-lake');
      await user.type(screen.getByLabelText('Access key ID (optional)'), 'AKIAEXAMPLE');
      await user.type(screen.getByLabelText('Secret access key (optional)'), 'key-1234');
    },
    editor: (api, onSaved) => <DestinationEditor api={api} encryption={SETTINGS.encryption} onSaved={onSaved} onClose={() => {}} />,
  },
];

describe.each(CASES)('the $noun editor', (c) => {
  it('shows the main process’s issue under its field, then saves, clears the typed secret, and edits what it saved', async () => {
    const save = vi
      .fn()
      .mockResolvedValueOnce({
        ok: false,
        error: { message: 'Invalid settings', issues: [{ field: `${c.noun}.${c.field.name}`, message: `${c.field.name} is wrong here` }] },
      })
      .mockImplementation(async (req: Record<string, Record<string, unknown>>) => ({
        ok: true,
        value: { saved: { ...req[c.noun], builtIn: false, secret: 'saved' } },
      }));
    const onSaved = vi.fn();
    const { api } = fakeApi({ [c.save]: save } as never);
    render(c.editor(api, onSaved));
    const user = userEvent.setup();
    await c.fill(user);
    const saveButton = screen.getByRole('button', { name: `Save ${c.noun}` });

    await user.click(saveButton);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Invalid settings'));
    expect(screen.getByText(`${c.field.name} is wrong here`)).toBeTruthy();
    expect(screen.getByLabelText(c.field.label)).toHaveAttribute('aria-invalid', 'true');
    expect(onSaved).not.toHaveBeenCalled();

    await user.click(saveButton);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Saved "Prod".'));
    expect(onSaved).toHaveBeenCalledWith('Prod');
    expect(c.secret.inRequest(save.mock.calls[1]![0])).toBe('key-1234');
    expect(screen.getByLabelText(c.field.label)).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByLabelText(c.secret.label)).toHaveValue('');
    expect(save.mock.calls[1]![0].originalName).toBeUndefined();

    // The next Save edits the saved item (under its saved name) and sends no secret: none was typed again.
    await user.clear(screen.getByLabelText('Name'));
    await user.type(screen.getByLabelText('Name'), 'Prod 2');
    await user.click(saveButton);
    await waitFor(() => expect(save).toHaveBeenCalledTimes(3));
    expect(save.mock.calls[2]![0].originalName).toBe('Prod');
    expect(c.secret.inRequest(save.mock.calls[2]![0])).toBeUndefined();
    await waitFor(() => expect(onSaved).toHaveBeenLastCalledWith('Prod 2'));
  }, 30_000);

  it('says it is testing, keeps Save and Test disabled meanwhile, then gives the outcome', async () => {
    let answer!: (r: unknown) => void;
    const test = vi
      .fn()
      .mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
      .mockResolvedValueOnce({ ok: false, error: { message: 'no such bucket or host' } });
    const { api } = fakeApi({ [c.test]: test } as never);
    render(c.editor(api, () => {}));
    const user = userEvent.setup();
    await c.fill(user);
    const testButton = screen.getByRole('button', { name: `Test ${c.noun}` });

    await user.click(testButton);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Testing…'));
    expect(testButton).toBeDisabled();
    expect(screen.getByRole('button', { name: `Save ${c.noun}` })).toBeDisabled();
    answer({ ok: true, value: { detail: 'reached it' } });
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Test passed: reached it'));
    expect(testButton).toBeEnabled();

    await user.click(testButton);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Test failed: no such bucket or host'));
    expect(c.secret.inRequest(test.mock.calls[1]![0])).toBe('key-1234');
  }, 30_000);
});
