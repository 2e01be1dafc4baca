// No secret reaches the renderer: a connection is saved with its API key through the settings UI, tested with a
// wrong key and the right one, and used for a run; then every response body and run event the page received (as
// the injected client recorded them, and as Chromium saw the responses), the DOM with every input's value, the
// main process's console and every file the session wrote are scanned for both keys.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page, Response } from '@playwright/test';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { harnessCall } from './harness/client';
import { expect, filesUnder, receivedByPage, rowStatuses, runButton, screenshot, summary, test } from './fixtures';

const SECRET = `sk-e2e-${randomBytes(12).toString('hex')}`;
const WRONG = `sk-wrong-${randomBytes(12).toString('hex')}`;
let sim: Simulator;

test.beforeEach(async () => {
  sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: SECRET } });
});
test.afterEach(async () => sim?.close());

test('a saved API key never reaches the renderer, the logs or a file', async ({ app: page, bridge }) => {
  const bodies: string[] = [];
  const pending: Array<Promise<void>> = [];
  page.on('response', (res: Response) => {
    if (new URL(res.url()).pathname.startsWith('/invoke/'))
      pending.push(
        res.text().then(
          (t) => void bodies.push(t),
          () => undefined,
        ),
      );
  });

  await page.getByRole('button', { name: 'Connections & destinations' }).click();
  await page.getByRole('button', { name: 'Add connection' }).click();
  const editor = page.locator('form.editor');
  await expect(editor).toHaveAccessibleName('New connection');
  await editor.getByLabel('Name').fill('Simulator (API key)');
  await editor.getByLabel('Base URL or subdomain').fill(sim.url);
  await expect(editor.getByLabel('Authentication')).toHaveValue('apiKey');
  await editor.getByLabel('Requests per second').fill('50');

  // A wrong key first: the failure comes back as a message, and the message does not echo the key.
  await editor.getByLabel('API key').fill(WRONG);
  await editor.getByRole('button', { name: 'Test connection' }).click();
  await expect(editor.getByRole('status')).toContainText('Test failed');
  await editor.getByLabel('API key').fill(SECRET);
  await editor.getByRole('button', { name: 'Test connection' }).click();
  await expect(editor.getByRole('status')).toContainText('Test passed');
  // Control: while the key is typed it IS in the page (the field's value), so the DOM scan below can see one.
  expect(await domText(page)).toContain(SECRET);
  await editor.getByRole('button', { name: 'Save connection' }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved "Simulator (API key)".');
  await expect(editor.getByLabel('API key')).toHaveValue('');
  // The open editor now edits what was saved: it says the key is saved, and a second Save updates, not duplicates.
  await expect(editor).toHaveAccessibleName('Edit connection Simulator (API key)');
  await expect(editor.getByText('An API key is saved; leave empty to keep it.')).toBeVisible();
  await editor.getByLabel('Requests per second').fill('40');
  await editor.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Simulator (API key)' })).toHaveCount(1);
  const listed = await bridge.invoke<Array<{ name: string; secret: string; requestsPerSecond: number }>>('connections:list');
  expect(listed.ok && listed.value.map((c) => [c.name, c.secret, c.requestsPerSecond])).toEqual([
    ['Sandbox (simulated tenant)', 'not-needed', 5],
    ['Simulator (API key)', 'saved', 40],
  ]);
  // What the renderer knows: that a key is saved.
  await expect(page.getByRole('listitem').filter({ hasText: 'Simulator (API key)' })).toContainText('API key: saved');
  await screenshot(page, 'settings', ['light', 'dark']);

  await page.getByRole('button', { name: 'Backfill', exact: true }).click();
  await page.getByLabel('Connection', { exact: true }).selectOption('Simulator (API key)');
  await runButton(page).click();
  await expect(summary(page)).toContainText('Complete Success (status 0)', { timeout: 60_000 });
  expect(await rowStatuses(page)).toEqual(Array(9).fill('succeeded'));
  // The key was used (by the main process) for every request the run made.
  expect(sim.requests.filter((r) => r.auth === 'apiKey').length).toBeGreaterThan(9);

  await Promise.all(pending);
  const received = await receivedByPage(page);
  const dom = await domText(page);
  const logs = (await harnessCall<string[]>(bridge.url, 'console')).join('\n');
  const files = [...(await filesUnder(bridge.session.userData)), ...(await filesUnder(bridge.session.outputDir))];
  const fileTexts = await Promise.all(files.map(async (f) => `${f}\n${(await readFile(f)).toString('latin1')}`));

  // The scans are not vacuous: they hold the traffic, the run and the files.
  const all = received.map((r) => r.text).join('\n');
  // Run events come in batches: count the events, not the messages.
  expect(received.filter((r) => r.kind === 'event').flatMap((r) => JSON.parse(r.text) as unknown[]).length).toBeGreaterThan(20);
  expect(all).toContain('"secret":"saved"');
  expect(all).toContain(`Connected to ${sim.url}`);
  // Chromium's own view of the responses agrees with the injected recorder's.
  expect(bodies.length).toBeGreaterThanOrEqual(5);
  const recorded = new Set(received.filter((r) => r.kind === 'response').map((r) => r.text));
  expect(bodies.filter((b) => !recorded.has(b))).toEqual([]);
  expect(files.some((f) => f.endsWith('settings.json'))).toBe(true);
  expect(files.some((f) => f.endsWith('.parquet'))).toBe(true);
  expect(dom).toContain('Simulator (API key)');

  for (const secret of [SECRET, WRONG]) {
    expect(all.includes(secret), 'responses and events recorded in the page').toBe(false);
    expect(
      bodies.some((b) => b.includes(secret)),
      'responses as Chromium saw them',
    ).toBe(false);
    expect(dom.includes(secret), 'DOM and input values').toBe(false);
    expect(logs.includes(secret), 'the main process console').toBe(false);
    for (const text of fileTexts) expect(text.includes(secret), text.slice(0, text.indexOf('\n'))).toBe(false);
  }
});

/** The page's HTML plus the current value of every form control (a typed value is not always an attribute). */
async function domText(page: Page): Promise<string> {
  const values = await page
    .locator('input, textarea, select')
    .evaluateAll((els) => els.map((el) => (el as unknown as { value: string }).value));
  return [await page.content(), ...values].join('\n');
}
