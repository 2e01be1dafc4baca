// Done-when: a newcomer, with nothing configured, runs the sample backfill to Complete Success, sees every chunk ✓
// and the summary, and the Parquet files are in the default output folder with exactly the tenant's records.
// The same run drives the real Electron app in test/electron/app.spec.ts.
import { expect, filesUnder, screenshot, test } from './fixtures';
import { expectFirstStart, runSampleToCompleteSuccess } from './newcomer-run';

test('a newcomer runs the pre-filled sample on the sandbox to Complete Success', async ({ app: page, bridge }) => {
  await expectFirstStart(page);
  expect(await filesUnder(bridge.session.outputDir)).toEqual([]);
  await screenshot(page, 'first-start', ['light', 'dark']);

  await runSampleToCompleteSuccess(page, bridge.session.outputDir);
  const files = await filesUnder(bridge.session.outputDir);
  expect(files.length).toBeGreaterThan(0);
  expect(files.every((f) => f.endsWith('.snappy.parquet'))).toBe(true);
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
