// Every text box of the event form and of both settings editors (names, URLs, paths, keys, numbers, column names)
// is neither spell-checked nor autofilled: Electron's spell checker underlines a bucket name or an access key id as
// a typo, and autofill would offer one connection's values in another. Secrets are password boxes, also unfilled.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { ApiProvider } from '../../renderer/src/api';
import { ConnectionEditor } from '../../renderer/src/settings/ConnectionEditor';
import { DestinationEditor } from '../../renderer/src/settings/DestinationEditor';
import { fakeApi, SETTINGS } from './fake-api';

/** The text and password boxes in `root`, each with what a failure should name. */
function boxes(root: HTMLElement): Array<{ name: string; el: HTMLInputElement }> {
  return [...root.querySelectorAll('input')]
    .filter((el) => el.type === 'text' || el.type === 'password')
    .map((el) => ({ name: el.id || el.getAttribute('aria-label') || el.outerHTML, el }));
}

function expectNoSpellingOrAutofill(root: HTMLElement, atLeast: number): void {
  const found = boxes(root);
  expect(found.length).toBeGreaterThanOrEqual(atLeast);
  for (const { name, el } of found) {
    expect(el.getAttribute('autocomplete'), `${name}: autocomplete`).toBe('off');
    if (el.type === 'text') expect(el.getAttribute('spellcheck'), `${name}: spellcheck`).toBe('false');
  }
}

describe('text boxes', () => {
  it('the event form, a rename row included', async () => {
    const user = userEvent.setup();
    render(
      <ApiProvider api={fakeApi().api}>
        <App />
      </ApiProvider>,
    );
    const form = screen.getByRole('form', { name: 'Backfill event' });
    await user.click(within(form).getByRole('button', { name: /Add rename/ }));
    // table_name, endpoint, cdc_field (a list for a known endpoint: typed for an unknown one), two dates, chunk_hours,
    // extra_params, the rename row's two names.
    await user.clear(screen.getByLabelText('Endpoint (endpoint)'));
    await user.type(screen.getByLabelText('Endpoint (endpoint)'), 'custom/things');
    expectNoSpellingOrAutofill(form, 9);
  });

  it('the connection editor, with each way of giving the key', async () => {
    const user = userEvent.setup();
    const { container } = render(
      <ConnectionEditor api={fakeApi().api} encryption={SETTINGS.encryption} onSaved={() => {}} onClose={() => {}} />,
    );
    expectNoSpellingOrAutofill(container, 6); // name, base URL, API key, timezone, page size, requests/s, timeout
    await user.selectOptions(screen.getByLabelText('Key source'), 'secrets-manager');
    expectNoSpellingOrAutofill(container, 6);
    expect(screen.getByLabelText('Secret id')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Authentication'), 'basic');
    expectNoSpellingOrAutofill(container, 6);
    expect(screen.getByLabelText('User')).toBeInTheDocument();
  });

  it('the destination editor, S3 and local folder', async () => {
    const user = userEvent.setup();
    const { container } = render(
      <DestinationEditor api={fakeApi().api} encryption={SETTINGS.encryption} onSaved={() => {}} onClose={() => {}} />,
    );
    await user.selectOptions(screen.getByLabelText('Kind'), 's3');
    // name, bucket, prefix, region, profile, endpoint, Glue database, access key id, secret access key
    expectNoSpellingOrAutofill(container, 9);
    await user.selectOptions(screen.getByLabelText('Kind'), 'local');
    expectNoSpellingOrAutofill(container, 2);
    expect(screen.getByLabelText('Folder')).toBeInTheDocument();
  });
});
