// Done-when: a newcomer, with nothing configured, runs the sample backfill to Complete Success, sees every chunk ✓
// and the summary, and the Parquet files are in the default output folder with exactly the tenant's records.
import { startSimulator } from '../../electron/simulator';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { landedRows } from '../helpers/landed';
import { expect, filesUnder, rowStatuses, runButton, screenshot, summary, test } from './fixtures';

const utc = (s: string) => new Date(s.replace(' ', 'T') + 'Z');

test('a newcomer runs the pre-filled sample on the sandbox to Complete Success', async ({ app: page, bridge }) => {
  // First start: the sample event, the built-in sandbox and the local folder are there without any setup.
  await expect(page.getByLabel('Table name (table_name)')).toHaveValue(SAMPLE_EVENT.table_name);
  await expect(page.getByLabel('Start (start_date)', { exact: true })).toHaveValue(SAMPLE_EVENT.start_date);
  await expect(page.getByLabel('Destination', { exact: true })).toHaveValue('Local folder');
  await expect(page.getByTestId('plan-summary')).toContainText('9 chunks of 24 h');
  await expect(runButton(page)).toBeEnabled();
  expect(await filesUnder(bridge.session.outputDir)).toEqual([]);
  await screenshot(page, 'first-start', ['light', 'dark']);

  await runButton(page).click();
  await expect(summary(page)).toContainText('Complete Success (status 0)', { timeout: 60_000 });
  // The sample's tenant has two columns the catalog does not know (schema drift, kept as string): every chunk is ✓
  // with a warning, marked apart from a clean ✓, and the summary counts the warnings instead of looking clean.
  const statuses = await rowStatuses(page, { withWarnings: true });
  expect(statuses).toEqual(Array(9).fill('succeeded with 2 warnings'));
  await expect(page.locator('.chunk-scroll .status.success')).toHaveText(Array(9).fill('✓ ⚠ 2'));
  await expect(page.locator('.chunk-scroll .warn-cell').first()).toContainText('schema drift');
  await expect(page.getByTestId('summary-succeeded')).toHaveText('9');
  await expect(page.getByTestId('summary-failed')).toHaveText('0');
  await expect(summary(page).locator('h2')).toContainText('with 18 warnings');
  await expect(page.getByTestId('summary-warnings')).toContainText('18 in 9 chunks');
  // The strip and the chart draw a cell and a bar per chunk.
  await expect(page.getByTestId('chunk-strip')).toHaveAttribute('data-cells', '9');
  await expect(page.getByTestId('records-chart')).toHaveAttribute('data-bars', '9');
  // The log pane ends like the CLI does.
  await expect(page.getByTestId('log-lines')).toContainText('SUCCESSFUL CHUNKS: 9/9');
  await expect(page.getByTestId('log-lines')).toContainText('[Success] Process completed successfully with');

  // What landed is exactly the simulated tenant's window: an equal simulator (same defaults) is the truth.
  const truthSim = await startSimulator({ auth: { kind: 'none' } });
  const truth = truthSim.truth.window(SAMPLE_EVENT.endpoint, SAMPLE_EVENT.cdc_field!, utc(SAMPLE_EVENT.start_date), utc(SAMPLE_EVENT.end_date));
  await truthSim.close();
  const files = await filesUnder(bridge.session.outputDir);
  expect(files.length).toBeGreaterThan(0);
  expect(files.every((f) => f.endsWith('.snappy.parquet'))).toBe(true);
  const rows = await landedRows(bridge.session.outputDir, SAMPLE_EVENT.table_name);
  expect(rows.length).toBe(truth.length);
  expect(new Set(rows.map((r) => r.row.encoded_key)).size).toBe(truth.length);
  await expect(page.getByTestId('summary-records')).toHaveText(truth.length.toLocaleString('en-US'));
  await page.locator('.summary').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'run-complete', ['light', 'dark']);

  // The report export asks the main process's save dialog (the harness's answers a path in the session's exports).
  await page.getByRole('button', { name: 'Export report…' }).click();
  // Only finished files count: the writer renames a temporary file into place.
  const finished = async () => (await filesUnder(bridge.session.exportsDir)).filter((f) => !f.endsWith('.tmp'));
  await expect.poll(async () => (await finished()).length).toBe(1);
  const [report] = await finished();
  expect(report).toMatch(/\.html$/);
});
