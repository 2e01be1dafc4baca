// Issue 9, the run at a glance, in Chromium with the real handlers and engine: progress and ETA move during a slow
// run and the view comes to the table at 1280×800; the status strip and the records chart for 9 and 8,760 chunks
// (clicking a cell shows its row); an estimate of the sample event; the drift warning in History; a cancel shows
// Cancelled; an unknown endpoint warns in the form.
import { startSimulator, type Simulator } from '../../electron/simulator';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { expect, runButton, runOnSlowSimulator, screenshot, summary, test } from './fixtures';

const API_KEY = 'e2e-glance-key-9a7c';
const utc = (s: string) => new Date(s.replace(' ', 'T') + 'Z');

test.describe('a slow run', () => {
  let sim: Simulator;
  test.beforeEach(async () => {
    sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: API_KEY }, latencyMs: 250 });
  });
  test.afterEach(async () => sim?.close());

  test('shows chunks done, records, rate, elapsed and a moving ETA; the table is in view; Cancel shows Cancelled', async ({
    page,
    bridge,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await runOnSlowSimulator(page, bridge, { url: sim.url, apiKey: API_KEY });

    const progress = page.getByRole('region', { name: 'Run progress' });
    await expect(page.getByTestId('progress-chunks')).toHaveText(/^[1-8] \/ 9$/, { timeout: 30_000 });
    const eta1 = await page.getByTestId('progress-eta').textContent();
    expect(eta1).not.toBe('—');
    const elapsed1 = await page.getByTestId('progress-elapsed').textContent();
    const records1 = Number((await page.getByTestId('progress-records').textContent())!.replace(/,/g, ''));
    expect(records1).toBeGreaterThan(0);
    await expect(page.getByTestId('progress-rate')).not.toHaveText('0.0');
    // A second later: elapsed, records and the ETA have moved on their own.
    await expect(page.getByTestId('progress-elapsed')).not.toHaveText(elapsed1!, { timeout: 5_000 });
    await expect(page.getByTestId('progress-eta')).not.toHaveText(eta1!, { timeout: 10_000 });
    await expect
      .poll(async () => Number((await page.getByTestId('progress-records').textContent())!.replace(/,/g, '')))
      .toBeGreaterThan(records1);
    await expect(progress.getByRole('progressbar', { name: 'Chunks done' })).toHaveAttribute('aria-valuemax', '9');

    // Run pressed → the run view came into view: the header, strip, chart and live rows fit in 1280×800.
    const inView = async (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight;
        });
    expect(await inView('.run-progress')).toBe(true);
    expect(await inView('[data-testid="chunk-strip"]')).toBe(true);
    expect(await inView('[data-testid="records-chart"]')).toBe(true);
    expect(await inView('.chunk-scroll [role="row"].running')).toBe(true);
    await expect(page.getByTestId('chunk-strip')).toHaveAttribute('data-cells', '9');
    await expect(page.getByTestId('records-chart')).toHaveAttribute('data-bars', '9');
    // Hovering a cell tells its window and counts.
    const strip = page.getByTestId('chunk-strip');
    const box = (await strip.boundingBox())!;
    await page.mouse.move(box.x + 5, box.y + box.height / 2);
    await expect(page.getByRole('tooltip')).toContainText('Chunk 1');
    await expect(page.getByRole('tooltip')).toContainText('2025-01-01 00:00:00 → 2025-01-02 00:00:00 UTC');
    await screenshot(page, 'run-in-progress', ['light', 'dark']);
    await page.mouse.move(0, 0);

    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(summary(page).locator('h2')).toContainText('Cancelled', { timeout: 30_000 });
    await expect(summary(page).locator('h2')).not.toContainText('Failure');
    await expect(summary(page)).toContainText('cancelled)');
    // ✗ only: the cancelled rows, none of the ✓.
    await page.locator('.segmented label').filter({ hasText: '✗ only' }).click();
    await expect(page.getByRole('radio', { name: /✗ only/ })).toBeChecked();
    await expect(page.locator('.chunk-scroll .status.success')).toHaveCount(0);
    await expect(page.locator('.chunk-scroll .status.cancelled').first()).toBeVisible();
    // History says Cancelled too.
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await expect(page.getByRole('table', { name: 'Past runs' }).locator('tbody tr').first()).toContainText('Cancelled');
  });
});

test('a year of hourly chunks: 8,760 strip cells and chart bars, bounded DOM rows, click a cell to show its row', async ({ app: page }) => {
  // 365 days ending in the sandbox's busy January: records from chunk ~745 on.
  await page.getByRole('textbox', { name: 'Start (start_date)', exact: true }).fill('2024-12-01 00:00:00');
  await page.getByRole('textbox', { name: 'End (end_date)', exact: true }).fill('2025-12-01 00:00:00');
  await page.getByLabel('Chunk hours (chunk_hours)').fill('1');
  await expect(page.getByTestId('plan-summary')).toContainText('8,760 chunks of 1 h');
  await runButton(page).click();
  await expect(page.getByTestId('chunk-strip')).toHaveAttribute('data-cells', '8760');
  await expect(page.getByTestId('records-chart')).toHaveAttribute('data-bars', '8760');
  await expect
    .poll(async () => Number((await page.getByTestId('progress-chunks').textContent())!.split(' / ')[0]!.replace(/,/g, '')), {
      timeout: 60_000,
    })
    .toBeGreaterThan(1100);
  expect(await page.locator('.chunk-scroll [role="row"]').count()).toBeLessThan(60);
  await expect(page.getByTestId('records-chart')).not.toHaveAttribute('data-max', '0');
  // The strip is drawn (pixels, not an empty canvas) and fits its band.
  const strip = page.getByTestId('chunk-strip');
  const box = (await strip.boundingBox())!;
  expect(box.height).toBeLessThanOrEqual(72);
  const painted = await strip.evaluate((c) => {
    const canvas = c as unknown as {
      getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
      width: number;
      height: number;
    };
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });
  expect(painted).toBeGreaterThan(1000);
  await screenshot(page, 'run-year', ['light']);
  // Click the first cell of the strip's last line (a chunk past 8,000): the table shows that chunk's row, marked.
  await page.getByLabel('Follow the running chunk').uncheck();
  await page.mouse.click(box.x + 1, box.y + box.height - 1);
  const marked = page.locator('.chunk-scroll [role="row"].marked');
  await expect(marked).toBeVisible();
  expect(Number(await marked.locator('[role="cell"]').first().textContent())).toBeGreaterThan(8000);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(summary(page).locator('h2')).toContainText('Cancelled', { timeout: 60_000 });
});

test('an estimate of the sample event gives its records, requests and duration before running', async ({ app: page }) => {
  await page.getByRole('button', { name: 'Estimate', exact: true }).click();
  const result = page.getByTestId('estimate-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  const truthSim = await startSimulator({ auth: { kind: 'none' } });
  const truth = truthSim.truth.window(
    SAMPLE_EVENT.endpoint,
    SAMPLE_EVENT.cdc_field!,
    utc(SAMPLE_EVENT.start_date),
    utc(SAMPLE_EVENT.end_date),
  );
  await truthSim.close();
  // Mambu's Items-Total per chunk window (BETWEEN, both ends inclusive): the tenant's records, give or take those on a
  // chunk boundary, which the run then cuts to [start, end).
  const estimated = Number((await page.getByTestId('estimate-records').textContent())!.replace(/,/g, ''));
  expect(estimated).toBeGreaterThanOrEqual(truth.length);
  expect(estimated).toBeLessThanOrEqual(truth.length * 1.05);
  await expect(page.getByTestId('estimate-requests')).not.toHaveText('0');
  await expect(page.getByTestId('estimate-duration')).toHaveText(/^≈ /);
  await expect(result).toContainText('Largest chunks');
  await page.getByRole('region', { name: 'Estimate' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'estimate', ['light']);
});

test('the sample run’s schema drift shows in the table, the summary and History', async ({ app: page }) => {
  await runButton(page).click();
  await expect(summary(page)).toContainText('Complete Success (status 0)', { timeout: 60_000 });
  await expect(summary(page).locator('h2')).toContainText(/with \d+ warnings/);
  await expect(page.locator('.chunk-scroll .status.success.warned')).toHaveCount(9);
  await page.locator('.segmented label').filter({ hasText: '⚠ only' }).click();
  await expect(page.locator('.chunk-scroll [role="row"]')).toHaveCount(9);
  await page.getByRole('button', { name: 'Show the warnings of chunk 1' }).click();
  await expect(page.locator('.chunk-scroll .warn-cell .error-full').first()).toContainText('schema drift');
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const row = page.getByRole('table', { name: 'Past runs' }).locator('tbody tr').first();
  await expect(row.getByTestId('history-warnings')).not.toHaveText('0');
  await expect(row).toContainText('UTC');
  await screenshot(page, 'history', ['light', 'dark']);
});

test('an unknown endpoint warns in the form and offers the closest known one', async ({ app: page }) => {
  const endpoint = page.getByLabel('Endpoint (endpoint)');
  await endpoint.fill('loan/transaction:search');
  const warning = page.getByTestId('endpoint-warning');
  await expect(warning).toContainText('not an endpoint this app knows');
  await warning.getByRole('button', { name: 'loans/transactions:search' }).click();
  await expect(endpoint).toHaveValue('loans/transactions:search');
  await expect(warning).toHaveCount(0);
});
