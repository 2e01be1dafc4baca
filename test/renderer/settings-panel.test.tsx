// The settings panel's two lists (connections, destinations): what each row says, which buttons a built-in item has,
// and what Test, Delete, Edit and Add do, each named after its item for screen readers.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SettingsView } from '../../shared/ipc/contract';
import { SettingsPanel } from '../../renderer/src/settings/SettingsPanel';
import { fakeApi, SETTINGS } from './fake-api';

const settings: SettingsView = {
  ...SETTINGS,
  connections: [
    ...SETTINGS.connections,
    {
      name: 'Prod',
      baseUrl: 'https://mybank.mambu.com',
      authKind: 'apiKey',
      username: '',
      timezone: 'UTC',
      pageSize: 1000,
      requestsPerSecond: 5,
      timeoutSeconds: 60,
      builtIn: false,
      secret: 'saved',
    },
  ],
  destinations: [
    ...SETTINGS.destinations,
    {
      kind: 's3',
      name: 'Lake',
      bucket: 'my-lake',
      prefix: 'raw/',
      region: 'eu-west-1',
      profile: '',
      endpoint: '',
      forcePathStyle: false,
      builtIn: false,
      secret: 'missing',
    },
  ],
};

describe('SettingsPanel', () => {
  it('lists both kinds, tests and deletes by name, and opens the editors', async () => {
    const ok = (value: unknown) => async () => ({ ok: true as const, value });
    const testConnection = vi.fn(ok({ detail: 'Mambu answered' }));
    const deleteDestination = vi.fn(ok({ deleted: true }));
    const onChanged = vi.fn();
    const { api } = fakeApi({ testConnection, deleteDestination } as never);
    render(<SettingsPanel api={api} settings={settings} onChanged={onChanged} />);
    const user = userEvent.setup();

    const rows = screen.getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('built in, no credentials needed'),
      expect.stringContaining('https://mybank.mambu.com · API key: saved'),
      expect.stringContaining('/tmp/out (default)'),
      expect.stringContaining('s3://my-lake/raw/'),
    ]);
    // A built-in item can be tested, not edited or deleted; each button is named after its item.
    const names = (row: HTMLElement) =>
      within(row)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label'));
    expect(names(rows[0]!)).toEqual([`Test ${SETTINGS.connections[0]!.name}`]);
    expect(names(rows[3]!)).toEqual(['Test Lake', 'Edit Lake', 'Delete Lake']);

    await user.click(screen.getByRole('button', { name: 'Test Prod' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Test Prod passed: Mambu answered'));
    expect(testConnection).toHaveBeenCalledWith({ name: 'Prod' });

    await user.click(screen.getByRole('button', { name: 'Delete Lake' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Deleted Lake.'));
    expect(deleteDestination).toHaveBeenCalledWith({ name: 'Lake' });
    expect(onChanged).toHaveBeenCalledTimes(2);

    await user.click(screen.getByRole('button', { name: 'Edit Prod' }));
    expect(screen.getByRole('form', { name: 'Edit connection Prod' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add destination' }));
    expect(screen.getByRole('form', { name: 'New destination' })).toBeTruthy();
  }, 30_000);
});
