// The real Electron app (Playwright's _electron): the newcomer run of the Chromium suite (test/e2e/newcomer-run.ts),
// this time through the sandboxed preload, the real CSP and the real IPC. Where the Electron binary is missing (our
// build machines cannot download it) every test skips and says why; the GitHub Actions workflow
// (.github/workflows/electron.yml) runs it on Linux (xvfb), macOS and Windows.
import { test, expect, _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronBinary } from './electron-binary';
import { expectFirstStart, runSampleToCompleteSuccess } from '../e2e/newcomer-run';

interface PageGlobals {
  __inlineRan?: boolean;
  document: {
    addEventListener(type: 'securitypolicyviolation', listener: (e: { violatedDirective: string }) => void): void;
    createElement(tag: 'script'): { textContent: string };
    head: { append(node: unknown): void };
  };
}

const bin = electronBinary();
const root = path.resolve(import.meta.dirname, '../..');

test.describe('the real Electron app', () => {
  const why = 'missing' in bin ? bin.missing : '';
  test.skip(why !== '', `Electron binary not available here (${why}); these tests need a machine that can download Electron`);
  test.skip(!existsSync(path.join(root, 'out/main/index.cjs')), 'run `npm run build` first: out/main/index.cjs is missing');

  let app: ElectronApplication;
  let page: Page;
  test.beforeEach(async () => {
    const userData = mkdtempSync(path.join(os.tmpdir(), 'mb-electron-'));
    app = await electron.launch({
      executablePath: 'path' in bin ? bin.path : undefined,
      // Chromium's own sandbox needs a setuid helper on Linux CI runners; the renderer sandbox (preload) is Electron's.
      args: [root, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: { ...process.env, MAMBU_BACKFILL_HOME: userData },
    });
    page = await app.firstWindow();
  });
  test.afterEach(async () => app?.close());

  test('the preload is sandboxed and isolated: no Node in the page, only the typed bridge', async () => {
    const seen = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, module: typeof g.module, bridge: typeof g.backfill };
    });
    expect(seen).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', bridge: 'object' });
    // The bridge works: settings come from the main process over IPC.
    await expect(page.getByLabel('Connection', { exact: true })).toHaveValue(/Sandbox/);
  });

  test('the CSP holds: an injected inline script does not run', async () => {
    await expect(page.getByLabel('Connection', { exact: true })).toHaveValue(/Sandbox/);
    const ran = await page.evaluate(async () => {
      // (The test files compile without DOM types: the page's globals are named here.)
      const g = globalThis as unknown as PageGlobals;
      const violations: string[] = [];
      g.document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const s = g.document.createElement('script');
      s.textContent = 'globalThis.__inlineRan = true';
      g.document.head.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return { inline: g.__inlineRan === true, violations };
    });
    expect(ran.inline).toBe(false);
    expect(ran.violations.some((d) => d.startsWith('script-src'))).toBe(true);
  });

  test('a newcomer runs the pre-filled sample on the sandbox to Complete Success, over IPC', async () => {
    await expectFirstStart(page);
    // The app's default output folder, as the main process resolved it (the user's Documents/Mambu Backfill).
    const outputDir = path.join(await app.evaluate(({ app: a }) => a.getPath('documents')), 'Mambu Backfill');
    const rows = await runSampleToCompleteSuccess(page, outputDir);
    expect(rows).toBeGreaterThan(0);
  });
});
