// Cancel during a run whose pages are slow: the run stops within the page in flight — no page request reaches the
// tenant after the cancel is acknowledged, at most the one already in flight when the button was pressed — and
// the chunks that did not finish show as cancelled.
import { startSimulator, type Simulator } from '../../electron/simulator';
import { expect, receivedByPage, rowStatuses, runButton, runOnSlowSimulator, summary, test } from './fixtures';

const API_KEY = 'e2e-cancel-key-51c0de';
const LATENCY_MS = 400;
let sim: Simulator;

test.beforeEach(async () => {
  sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: API_KEY }, latencyMs: LATENCY_MS });
});
test.afterEach(async () => sim?.close());

test('Cancel stops within a page and shows cancelled rows', async ({ page, bridge }) => {
  // 10 records a page: each day's 40 transactions take 4-5 slow pages, so the run is mid-chunk when cancelled.
  await runOnSlowSimulator(page, bridge, { url: sim.url, apiKey: API_KEY });

  // Chunk 1 done and chunk 2 paging: the live table shows ✓ and the running row's progress.
  const running = page.locator('.chunk-scroll [role="row"].running');
  await expect(running.locator('.status')).toContainText(/running · [1-9]\d* pages/, { timeout: 30_000 });
  await expect(page.locator('.chunk-scroll .status.success')).toHaveCount(1);

  const pressedAt = Date.now();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(summary(page)).toBeVisible({ timeout: 30_000 });

  const received = await receivedByPage(page);
  const ack = received.find((r) => r.channel === 'run:cancel');
  expect(ack && JSON.parse(ack.text)).toEqual({ ok: true, value: { cancelled: true } });
  // Run events come in batches (one message per 100 ms at most): the message that carried run-done.
  const done = received.find(
    (r) => r.channel === 'run:event' && (JSON.parse(r.text) as Array<{ type: string }>).some((e) => e.type === 'run-done'),
  )!;
  // Nothing new after the cancel reached the main process; at most the page already in flight at the click.
  const afterAck = sim.requests.filter((r) => r.at > ack!.at);
  const afterPress = sim.requests.filter((r) => r.at >= pressedAt);
  expect(afterAck).toEqual([]);
  expect(afterPress.length).toBeLessThanOrEqual(1);
  // The in-flight page is abandoned, not waited out page after page: done within one page's latency (+ slack).
  const stopMs = done.at - pressedAt;
  test.info().annotations.push({
    type: 'cancel',
    description: `run-done ${stopMs} ms after Cancel; ${afterPress.length} request(s) after the press`,
  });
  expect(stopMs).toBeLessThan(LATENCY_MS + 1500);

  const statuses = await rowStatuses(page);
  expect(statuses[0]).toBe('succeeded');
  expect(statuses.slice(1)).toEqual(Array(8).fill('cancelled'));
  await expect(page.locator('.chunk-scroll .status.cancelled')).toHaveCount(8);
  await expect(summary(page)).toContainText('(8 cancelled)');
  await expect(page.getByTestId('log-lines')).toContainText('Run cancelled');
  await expect(runButton(page)).toBeEnabled();
});
