import { test, expect, _electron as electron, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronBinary } from './electron-binary';

const bin = electronBinary();
const root = path.resolve(import.meta.dirname, '../..');

test.describe('the real Electron app', () => {
  const why = 'missing' in bin ? bin.missing : '';
  test.skip(why !== '', `Electron binary not available here (${why}); these tests need a machine that can download Electron`);
  test.skip(!existsSync(path.join(root, 'out/main/index.cjs')), 'run `npm run build` first: out/main/index.cjs is missing');

  let app: ElectronApplication;
  test.beforeEach(async () => {
    const userData = mkdtempSync(path.join(os.tmpdir(), 'mb-electron-'));
    app = await electron.launch({
      executablePath: 'path' in bin ? bin.path : undefined,
      args: [root, '--no-sandbox'],
      env: { ...process.env, MAMBU_BACKFILL_HOME: userData },
    });
  });
  test.afterEach(async () => app?.close());

  test('opens a secure window with the sandbox pre-filled and runs the sample to Complete Success', async () => {
    const page = await app.firstWindow();
    // Isolation and sandbox as the page sees them: no Node, no require, only the typed bridge.
    const seen = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, bridge: typeof g.backfill };
    });
    expect(seen).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object' });
    await expect(page.getByLabel('table_name', { exact: false })).toHaveValue('mambu_loan_transactions');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.getByText('Complete Success')).toBeVisible({ timeout: 30_000 });
  });
});
