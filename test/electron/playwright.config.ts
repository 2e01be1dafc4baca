import { defineConfig } from '@playwright/test';
import { electronBinary } from './electron-binary';

// The real Electron app. Where the Electron binary is missing (it cannot be downloaded on our machines) every
// test skips itself and says why; where it exists, run `npm run build` first (xvfb-run on a headless Linux).
const bin = electronBinary();
if ('missing' in bin) {
  console.log(`Electron app suite: SKIPPED — ${bin.missing}. Run it where Electron can be downloaded (npx install-electron).`);
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  workers: 1,
});
