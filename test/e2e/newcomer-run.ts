// The newcomer's first run, as one sequence both browser suites drive: the Chromium suite (newcomer.spec.ts, the
// renderer over the bridge harness) and the real Electron app (test/electron/app.spec.ts, sandboxed preload, CSP,
// IPC). With nothing configured, the sample event runs on the built-in sandbox to Complete Success, every chunk ✓,
// and the default output folder holds exactly the simulated tenant's records of the window.
import type { Page } from '@playwright/test';
import { startSimulator } from '../../electron/simulator';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { landedRows } from '../helpers/landed';
import { expect, rowStatuses, runButton, summary } from './fixtures';

const utc = (s: string) => new Date(s.replace(' ', 'T') + 'Z');

/** First start: the sample event, the built-in sandbox and the local folder are there without any setup. */
export async function expectFirstStart(page: Page): Promise<void> {
  await expect(page.getByLabel('Table name (table_name)')).toHaveValue(SAMPLE_EVENT.table_name);
  await expect(page.getByLabel('Start (start_date)', { exact: true })).toHaveValue(SAMPLE_EVENT.start_date);
  await expect(page.getByLabel('Connection', { exact: true })).toHaveValue(/Sandbox/);
  await expect(page.getByLabel('Destination', { exact: true })).toHaveValue('Local folder');
  await expect(page.getByTestId('plan-summary')).toContainText('9 chunks of 24 h');
  await expect(runButton(page)).toBeEnabled();
}

/** Runs the pre-filled sample and checks the window and what landed under `outputDir`. Returns the rows' count. */
export async function runSampleToCompleteSuccess(page: Page, outputDir: string): Promise<number> {
  await runButton(page).click();
  await expect(summary(page)).toContainText('Complete Success (status 0)', { timeout: 60_000 });
  expect(await rowStatuses(page)).toEqual(Array(9).fill('succeeded'));
  // The sample's records have three columns the original's catalog does not name (schema drift, kept as string),
  // and Mambu's BETWEEN returns the record at each window's end, which the next chunk owns (dropped, counted): every
  // chunk is ✓ with 4 warnings, marked apart from a clean ✓, and the summary counts them instead of looking clean.
  expect(await rowStatuses(page, { withWarnings: true })).toEqual(Array(9).fill('succeeded with 4 warnings'));
  await expect(page.locator('.chunk-scroll .status.success')).toHaveText(Array(9).fill('✓ ⚠ 4'));
  await expect(page.locator('.chunk-scroll .warn-cell').first()).toContainText('schema drift');
  await expect(page.getByTestId('summary-succeeded')).toHaveText('9');
  await expect(page.getByTestId('summary-failed')).toHaveText('0');
  await expect(summary(page).locator('h2')).toContainText('with 36 warnings');
  await expect(page.getByTestId('summary-warnings')).toContainText('36 in 9 chunks');
  // The strip and the chart draw a cell and a bar per chunk.
  await expect(page.getByTestId('chunk-strip')).toHaveAttribute('data-cells', '9');
  await expect(page.getByTestId('records-chart')).toHaveAttribute('data-bars', '9');
  // The log pane ends like the CLI does.
  await expect(page.getByTestId('log-lines')).toContainText('SUCCESSFUL CHUNKS: 9/9');
  await expect(page.getByTestId('log-lines')).toContainText('[Success] Process completed successfully with');
  // The log followed the run to its last line (it is longer than its pane).
  const view = await page
    .getByTestId('log-lines')
    .evaluate((el) => ({ top: el.scrollTop, height: el.clientHeight, content: el.scrollHeight }));
  expect(view.content).toBeGreaterThan(view.height);
  expect(view.top + view.height).toBeGreaterThanOrEqual(view.content - 4);

  // What landed is exactly the simulated tenant's window: an equal simulator (same defaults) is the truth. Only the
  // window's partitions count (a real user's output folder may hold other runs' days).
  const truthSim = await startSimulator({ auth: { kind: 'none' } });
  const truth = truthSim.truth.window(
    SAMPLE_EVENT.endpoint,
    SAMPLE_EVENT.cdc_field!,
    utc(SAMPLE_EVENT.start_date),
    utc(SAMPLE_EVENT.end_date),
  );
  await truthSim.close();
  const days = new Set(truth.map((t) => String(t.creationDate).slice(0, 10).replace(/-/g, '')));
  const rows = (await landedRows(outputDir, SAMPLE_EVENT.table_name)).filter((r) => days.has(r.partition));
  expect(rows.length).toBe(truth.length);
  expect(new Set(rows.map((r) => r.row.encoded_key))).toEqual(new Set(truth.map((t) => t.encodedKey)));
  await expect(page.getByTestId('summary-records')).toHaveText(truth.length.toLocaleString('en-US'));
  return rows.length;
}
