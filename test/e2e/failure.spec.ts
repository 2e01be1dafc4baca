// An injected failure: a connection to a separately started simulator (API key auth), its key saved through the
// real handlers, a permanent fault on one window. The window shows that chunk ✗ with its error, the rest ✓, and
// Partial Success.
import { startSimulator, type Simulator } from '../../electron/simulator';
import { apiKeyConnection } from '../helpers/connections';
import { expect, openApp, rowStatuses, runButton, screenshot, summary, test } from './fixtures';

const API_KEY = 'e2e-failure-key-7f3a91';
const REASON = 'Injected by the e2e test: this window always fails';
let sim: Simulator;

test.beforeEach(async () => {
  sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: API_KEY } });
});
test.afterEach(async () => sim?.close());

test('a failing window shows a ✗ row with its error, and Partial Success', async ({ page, bridge }) => {
  const saved = await bridge.invoke('connections:save', {
    connection: apiKeyConnection('Simulator (faulty)', sim.url, { timeoutSeconds: 10 }),
    secret: API_KEY,
  });
  expect(saved.ok).toBe(true);
  // Chunk 4 (2025-01-04) fails on every request: a 400 is not retried, so the chunk fails at once.
  sim.faults.add({
    kind: 'status',
    status: 400,
    endpoint: 'loans/transactions:search',
    windowStart: '2025-01-04',
    times: Infinity,
    errorReason: REASON,
  });

  await openApp(page, bridge);
  await page.getByLabel('Connection', { exact: true }).selectOption('Simulator (faulty)');
  await runButton(page).click();

  await expect(summary(page)).toContainText('Partial Success (status 2)', { timeout: 60_000 });
  const statuses = await rowStatuses(page);
  expect(statuses).toEqual([
    'succeeded',
    'succeeded',
    'succeeded',
    'failed',
    'succeeded',
    'succeeded',
    'succeeded',
    'succeeded',
    'succeeded',
  ]);
  await expect(page.getByTestId('summary-succeeded')).toHaveText('8');
  await expect(page.getByTestId('summary-failed')).toHaveText('1');

  const failed = page.locator('.chunk-scroll [role="row"].failed');
  await expect(failed).toHaveCount(1);
  await expect(failed.locator('.status')).toHaveText('✗');
  const show = failed.getByRole('button', { name: 'Show the error of chunk 4' });
  await show.click();
  await expect(failed.getByRole('button', { name: 'Hide the error of chunk 4' })).toHaveAttribute('aria-expanded', 'true');
  const message = failed.locator('.error-full');
  await expect(message).toBeVisible();
  await expect(message).toContainText(REASON);
  await expect(page.getByTestId('log-lines')).toContainText('Error processing chunk 4');
  // Every request carried the saved key: the main process joined it, the renderer never had it.
  expect(sim.requests.length).toBeGreaterThan(0);
  expect(sim.requests.every((r) => r.auth === 'apiKey')).toBe(true);

  await page.locator('.summary').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'run-partial-failure', ['light', 'dark']);
});
