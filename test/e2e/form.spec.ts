// The form as a user meets it: field errors inline as you type, Run disabled until the event is valid, and the
// whole flow (fill, Run) with the keyboard alone.
import type { Page } from '@playwright/test';
import { expect, receivedByPage, rowStatuses, runButton, summary, test } from './fixtures';

test('a bad date shows an inline error naming the field, and Run stays disabled', async ({ app: page }) => {
  const start = page.getByRole('textbox', { name: 'Start (start_date)', exact: true });
  await start.fill('2025-02-30 00:00:00');
  const error = page.getByTestId('start_date-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('start_date');
  await expect(start).toHaveAttribute('aria-invalid', 'true');
  // The error is announced with the field: aria-describedby points at it.
  await expect(start).toHaveAttribute('aria-describedby', /start_date-error/);
  await expect(runButton(page)).toBeDisabled();
  await expect(page.locator('#run-why')).toHaveText('Fix the field above to run.');
  await expect(page.getByRole('region', { name: 'Plan' })).toContainText('Fix the fields marked above');

  // Half-typed is an error too, and so is an end before the start (named on end_date).
  await start.fill('2025-01-0');
  await expect(error).toContainText('start_date');
  await start.fill('2025-01-05 00:00:00');
  await expect(error).toHaveCount(0);
  await page.getByRole('textbox', { name: 'End (end_date)', exact: true }).fill('2025-01-02 00:00:00');
  await expect(page.getByTestId('end_date-error')).toContainText('end_date must be after start_date');
  await expect(runButton(page)).toBeDisabled();

  // Fixed: the error goes and Run is enabled; nothing was ever sent to run:start.
  await page.getByRole('textbox', { name: 'End (end_date)', exact: true }).fill('2025-01-06 00:00:00');
  await expect(page.getByTestId('end_date-error')).toHaveCount(0);
  await expect(runButton(page)).toBeEnabled();
  await expect(page.getByTestId('plan-summary')).toContainText('1 chunk of 24 h');
  expect((await receivedByPage(page)).filter((r) => r.channel === 'run:start')).toEqual([]);
});

/** Presses Tab until the focused element matches; fails after `max` presses (so a focus trap shows up). */
async function tabTo(page: Page, describe: string, matches: (el: { id: string; tag: string; text: string }) => boolean, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      type Focused = { id: string; tagName: string; textContent: string | null } | null;
      const a = (globalThis as unknown as { document: { activeElement: Focused } }).document.activeElement;
      return { id: a?.id ?? '', tag: a?.tagName.toLowerCase() ?? '', text: (a?.textContent ?? '').trim() };
    });
    if (matches(el)) return;
  }
  throw new Error(`${describe} was not reached with ${max} Tab presses`);
}

test('the form can be filled and Run pressed with the keyboard alone', async ({ app: page }) => {
  await page.locator('body').focus();
  await tabTo(page, 'start_date', (el) => el.id === 'start_date');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2025-01-03 00:00:00');
  await tabTo(page, 'end_date', (el) => el.id === 'end_date');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2025-01-05 00:00:00');
  await tabTo(page, 'chunk_hours', (el) => el.id === 'chunk_hours');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('12');
  await expect(page.getByTestId('plan-summary')).toContainText('4 chunks of 12 h');
  // The connection is chosen with the keyboard too (the only one is the sandbox: the arrow keeps it).
  await tabTo(page, 'the Connection select', (el) => el.id === 'run-connection');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Connection', { exact: true })).toHaveValue(/Sandbox/);
  await tabTo(page, 'the Run button', (el) => el.tag === 'button' && el.text === 'Run');
  await page.keyboard.press('Enter');

  await expect(summary(page)).toContainText('Complete Success (status 0)', { timeout: 60_000 });
  expect(await rowStatuses(page)).toEqual(Array(4).fill('succeeded'));
  await expect(page.locator('.chunk-scroll .window').first()).toHaveText('2025-01-03 00:00:00 → 2025-01-03 12:00:00');
});
