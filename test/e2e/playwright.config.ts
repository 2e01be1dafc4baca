// Browser end-to-end tests: the built renderer (out/renderer) in Debian's Chromium, with window.backfill backed by
// the real main-process handlers and engine in a Node bridge process (see harness/bridge.ts). `npm run test:e2e`
// builds the renderer first. Playwright never downloads a browser here: /usr/bin/chromium (apt) is used.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './harness/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/e2e',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 860 },
    colorScheme: 'light',
    trace: 'retain-on-failure',
  },
});
