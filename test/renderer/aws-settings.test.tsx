// The settings editors' AWS choices: a connection's API key from AWS Secrets Manager (no key typed or sent), and a
// destination's Glue registration switch and database.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionEditor } from '../../renderer/src/settings/ConnectionEditor';
import { DestinationEditor } from '../../renderer/src/settings/DestinationEditor';
import { fakeApi, SETTINGS } from './fake-api';

describe('AWS choices in the settings editors', () => {
  it('a connection can take its API key from an AWS Secrets Manager secret id: nothing secret is sent', async () => {
    const saveConnection = vi.fn(async (req: { connection: object }) => ({
      ok: true as const,
      value: { saved: { ...req.connection, builtIn: false, secret: 'not-needed' } },
    }));
    const { api } = fakeApi({ saveConnection } as never);
    render(<ConnectionEditor api={api} encryption={SETTINGS.encryption} onSaved={() => {}} onClose={() => {}} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Prod');
    await user.type(screen.getByLabelText('Base URL or subdomain'), 'mybank');
    await user.type(screen.getByLabelText('API key'), 'typed-then-abandoned');
    await user.selectOptions(screen.getByLabelText('Key source'), 'AWS Secrets Manager');
    expect(screen.queryByLabelText('API key')).toBeNull();
    await user.type(screen.getByLabelText('Secret id'), 'prod/mambu');
    await user.click(screen.getByRole('button', { name: 'Save connection' }));
    await waitFor(() => expect(saveConnection).toHaveBeenCalledTimes(1));
    const req = saveConnection.mock.calls[0]![0] as { connection: Record<string, unknown>; secret?: string };
    expect(req.connection).toMatchObject({
      name: 'Prod',
      authKind: 'apiKey',
      secretSource: { kind: 'secrets-manager', secretId: 'prod/mambu' },
    });
    expect(req.secret).toBeUndefined();
    expect(JSON.stringify(req)).not.toContain('typed-then-abandoned');
  }, 30_000);

  it('an S3 destination registers in Glue by default and can name the database or turn it off', async () => {
    const saveDestination = vi.fn(async (req: { destination: object }) => ({
      ok: true as const,
      value: { saved: { ...req.destination, builtIn: false, secret: 'not-needed' } },
    }));
    const { api } = fakeApi({ saveDestination } as never);
    render(<DestinationEditor api={api} encryption={SETTINGS.encryption} onSaved={() => {}} onClose={() => {}} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Lake');
    await user.type(screen.getByLabelText('Bucket'), 'my-lake');
    expect(screen.getByLabelText('Register tables and partitions in the Glue Data Catalog')).toBeChecked();
    await user.type(screen.getByLabelText('Glue database'), 'analytics_raw');
    await user.click(screen.getByRole('button', { name: 'Save destination' }));
    await waitFor(() => expect(saveDestination).toHaveBeenCalledTimes(1));
    expect(saveDestination.mock.calls[0]![0].destination).toMatchObject({ kind: 's3', glue: true, glueDatabase: 'analytics_raw' });
    await user.click(screen.getByLabelText('Register tables and partitions in the Glue Data Catalog'));
    expect(screen.queryByLabelText('Glue database')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save destination' }));
    await waitFor(() => expect(saveDestination).toHaveBeenCalledTimes(2));
    expect(saveDestination.mock.calls[1]![0].destination).toMatchObject({ kind: 's3', glue: false });
  }, 30_000);
});
