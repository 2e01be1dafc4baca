import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../shared/endpoints';
import { App } from '../../renderer/src/App';
import { ApiProvider } from '../../renderer/src/api';
import { fakeApi } from './fake-api';

function renderApp() {
  const f = fakeApi();
  const user = userEvent.setup();
  render(
    <ApiProvider api={f.api}>
      <App />
    </ApiProvider>,
  );
  return { ...f, user };
}

const runButton = () => screen.getByRole('button', { name: 'Run' });

describe('event form', () => {
  it('starts pre-filled with the sample event and the sandbox defaults, ready to run', async () => {
    renderApp();
    expect(screen.getByLabelText('Table name (table_name)')).toHaveValue('mambu_loan_transactions');
    expect(screen.getByLabelText('Endpoint (endpoint)')).toHaveValue('loans/transactions:search');
    await waitFor(() => expect(screen.getByLabelText('Connection')).toHaveValue('Sandbox (simulated tenant)'));
    expect(screen.getByLabelText('Destination')).toHaveValue('Local folder');
    expect(runButton()).toBeEnabled();
    expect(screen.getByTestId('plan-summary')).toHaveTextContent('9 chunks of 24 h');
  });

  it('shows an inline error naming the field as you type a bad date, and keeps Run disabled', async () => {
    const { user } = renderApp();
    await waitFor(() => expect(runButton()).toBeEnabled());
    const start = screen.getByLabelText('Start (start_date)');
    await user.clear(start);
    await user.type(start, '2025-02-30 00:00:00');
    const err = screen.getByTestId('start_date-error');
    expect(err).toHaveTextContent(/start_date/);
    expect(err).toHaveTextContent(/not a real calendar date/);
    expect(start).toHaveAttribute('aria-invalid', 'true');
    expect(start.getAttribute('aria-describedby')).toContain('start_date-error');
    expect(runButton()).toBeDisabled();

    await user.clear(start);
    await user.type(start, '2025-01-02 00:00:00');
    expect(screen.queryByTestId('start_date-error')).toBeNull();
    expect(runButton()).toBeEnabled();
    expect(screen.getByTestId('plan-summary')).toHaveTextContent('8 chunks');
  });

  it('reports end before start on end_date', async () => {
    const { user } = renderApp();
    const end = screen.getByLabelText('End (end_date)');
    await user.clear(end);
    await user.type(end, '2024-12-31 00:00:00');
    expect(screen.getByTestId('end_date-error')).toHaveTextContent('end_date must be after start_date');
    expect(runButton()).toBeDisabled();
  });

  it('fills endpoint, request type and cdc field from a known table, offering only its date fields', async () => {
    const { user } = renderApp();
    await user.selectOptions(screen.getByLabelText('Known table'), 'mambu_loan_accounts');
    expect(screen.getByLabelText('Table name (table_name)')).toHaveValue('mambu_loan_accounts');
    expect(screen.getByLabelText('Endpoint (endpoint)')).toHaveValue('loans:search');
    expect(screen.getByLabelText('Request type (request_type)')).toHaveValue('post');
    const cdc = screen.getByLabelText('CDC field (cdc_field)');
    expect(cdc).toHaveValue('lastModifiedDate');
    const offered = within(cdc)
      .getAllByRole('option')
      .map((o) => (o as HTMLOptionElement).value)
      .filter(Boolean);
    expect(offered).toEqual(ENDPOINTS.find((e) => e.path === 'loans:search')!.dateFields);

    await user.selectOptions(screen.getByLabelText('Known table'), 'mambu_users');
    expect(screen.getByLabelText('Endpoint (endpoint)')).toHaveValue('users');
    expect(screen.getByLabelText('Request type (request_type)')).toHaveValue('get');
    expect(screen.getByLabelText('CDC field (cdc_field)')).toBeDisabled();
    expect(screen.getByTestId('plan-summary')).toHaveTextContent('1 snapshot chunk');
    expect(runButton()).toBeEnabled();
  });

  it('flags a request type that does not fit the endpoint', async () => {
    const { user } = renderApp();
    await user.selectOptions(screen.getByLabelText('Request type (request_type)'), 'get');
    expect(screen.getByText(/request_type must be Post for the search endpoint/)).toBeInTheDocument();
    expect(runButton()).toBeDisabled();
  });

  it('edits rename_columns as rows, with errors naming the row', async () => {
    const { user } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Add rename' }));
    expect(runButton()).toBeDisabled(); // an empty row is an error until filled
    await user.type(screen.getByLabelText('Old name, rename 1'), 'amount');
    await user.type(screen.getByLabelText('New name, rename 1'), 'date');
    expect(screen.getByText(/rename_columns\[0\] may not rename to date/)).toBeInTheDocument();
    await user.clear(screen.getByLabelText('New name, rename 1'));
    await user.type(screen.getByLabelText('New name, rename 1'), 'amount_eur');
    expect(runButton()).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Remove rename 1' }));
    expect(screen.queryByLabelText('Old name, rename 1')).toBeNull();
  });

  it('fills the form from a pasted original event (loose forms accepted)', async () => {
    const { user } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Paste event JSON…' }));
    const box = screen.getByLabelText('Original event JSON');
    const original = {
      table_name: 'mambu_clients',
      endpoint: 'mambu:clients:search',
      request_type: 'Post',
      cdc_field: 'creationDate',
      start_date: '2024-01-01 00:00:00',
      end_date: '2024-01-03 00:00:00',
      extra_params: '',
      auto_schema: 'True',
      rename_columns: [{ id: 'client_id' }],
      chunk_hours: '12',
    };
    // user.type treats { and [ as key descriptors; paste is what a user does here anyway.
    await user.click(box);
    await user.paste(JSON.stringify(original));
    await user.click(screen.getByRole('button', { name: 'Fill form' }));
    expect(screen.getByLabelText('Endpoint (endpoint)')).toHaveValue('clients:search');
    expect(screen.getByLabelText('Request type (request_type)')).toHaveValue('post');
    expect(screen.getByLabelText('CDC field (cdc_field)')).toHaveValue('creationDate');
    expect(screen.getByLabelText('Chunk hours (chunk_hours)')).toHaveValue('12');
    expect(screen.getByLabelText('Infer the schema (auto_schema)')).toBeChecked();
    expect(screen.getByLabelText('New name, rename 1')).toHaveValue('client_id');
    expect(screen.getByTestId('plan-summary')).toHaveTextContent('4 chunks of 12 h');
  });

  it('says so when the pasted text is not JSON', async () => {
    const { user } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Paste event JSON…' }));
    await user.click(screen.getByLabelText('Original event JSON'));
    await user.paste('not json');
    await user.click(screen.getByRole('button', { name: 'Fill form' }));
    expect(screen.getByText(/is not valid JSON/)).toBeInTheDocument();
    expect(screen.getByLabelText('Table name (table_name)')).toHaveValue('mambu_loan_transactions');
  });

  it('sets a date from its 24-hour UTC calendar and steps the part under the caret with the arrow keys', async () => {
    const { user } = renderApp();
    const start = screen.getByLabelText('Start (start_date)');
    // One control per date: no native datetime-local picker (it shows the OS locale, 12-hour in the US).
    expect(document.querySelector('input[type="datetime-local"]')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Choose Start (start_date) on a calendar' }));
    const cal = screen.getByRole('dialog', { name: 'Start (start_date), UTC' });
    await user.click(within(cal).getByRole('button', { name: 'Next month' }));
    await user.click(within(cal).getByRole('button', { name: '2025-02-05' }));
    expect(start).toHaveValue('2025-02-05 00:00:00');
    // Hours are 00-23: no AM/PM anywhere.
    const hours = within(cal).getByRole('combobox', { name: 'Start (start_date): hour' });
    expect(
      within(hours)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(Array.from({ length: 24 }, (_, i) => String(i).padStart(2, '0')));
    await user.selectOptions(hours, '18');
    await user.selectOptions(within(cal).getByRole('combobox', { name: 'Start (start_date): second' }), '15');
    expect(start).toHaveValue('2025-02-05 18:00:15');
    expect(cal.textContent).not.toMatch(/AM|PM/);
    await user.click(within(cal).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    // ArrowUp on the hour steps the hour, rolling over into the next day.
    (start as HTMLInputElement).setSelectionRange(12, 12);
    fireEvent.keyDown(start, { key: 'ArrowUp' });
    expect(start).toHaveValue('2025-02-05 19:00:15');
    for (let i = 0; i < 5; i++) {
      (start as HTMLInputElement).setSelectionRange(12, 12);
      fireEvent.keyDown(start, { key: 'ArrowUp' });
    }
    expect(start).toHaveValue('2025-02-06 00:00:15');
  });

  it('reopens with the last event typed, not the sample', async () => {
    const first = renderApp();
    await first.user.clear(screen.getByLabelText('Table name (table_name)'));
    await first.user.type(screen.getByLabelText('Table name (table_name)'), 'my_table');
    cleanup(); // closes the window; localStorage stays, as it does between app starts
    renderApp();
    expect(screen.getByLabelText('Table name (table_name)')).toHaveValue('my_table');
  });

  it('warns inline about an unknown endpoint and offers the closest known one', async () => {
    const { user } = renderApp();
    const endpoint = screen.getByLabelText('Endpoint (endpoint)');
    await user.clear(endpoint);
    await user.type(endpoint, 'loan/transaction:search');
    expect(screen.getByTestId('endpoint-warning')).toHaveTextContent('“loan/transaction:search” is not an endpoint this app knows');
    await user.click(within(screen.getByTestId('endpoint-warning')).getByRole('button', { name: 'loans/transactions:search' }));
    expect(endpoint).toHaveValue('loans/transactions:search');
    expect(screen.queryByTestId('endpoint-warning')).toBeNull();
  });

  it('sends the typed event with the chosen connection and destination when Run is pressed', async () => {
    const { user, api } = renderApp();
    await waitFor(() => expect(runButton()).toBeEnabled());
    await user.click(runButton());
    expect(api.startRun).toHaveBeenCalledWith({
      event: expect.objectContaining({ table_name: 'mambu_loan_transactions', start_date: '2025-01-01 00:00:00', chunk_hours: '24' }),
      connection: 'Sandbox (simulated tenant)',
      destination: 'Local folder',
    });
  });
});
