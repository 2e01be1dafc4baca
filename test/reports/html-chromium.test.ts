// Opens the HTML report in Debian's Chromium: it must load with no request beyond itself, no console error (a CSP
// violation would log one), show ✓ green and ✗ red, and print to PDF.
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../electron/engine/reports';
import { failedResult, partialRun } from './run-fixture';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the Chromium check of the HTML report: ${CHROMIUM} is missing (apt-get install -y chromium).`);

describe.skipIf(!hasChromium)('HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mb-html-'));
  });
  afterAll(async () => {
    await browser?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('opens cleanly, self-contained, coloured, and prints', async () => {
    const run = partialRun();
    run.chunks[2] = failedResult(run.chunks[2]!, '<img src="https://example.com/x.png"> <script>document.title="pwned"</script>');
    const file = path.join(dir, 'report.html');
    await writeReport(file, run);
    const page = await browser.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const url = pathToFileURL(file).href;
    await page.goto(url);
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    expect(await page.title()).toBe('Mambu Backfill run: mambu_loan_transactions 2025-01-01 00:00:00 → 2025-01-10 00:00:00 UTC');
    expect(await page.locator('img, script').count()).toBe(0);
    expect(await page.locator('td.error').nth(2).textContent()).toContain('<script>document.title="pwned"</script>');
    expect(await page.evaluate('getComputedStyle(document.querySelector(".ok")).color')).toBe('rgb(26, 127, 55)');
    expect(await page.evaluate('getComputedStyle(document.querySelector(".bad")).color')).toBe('rgb(207, 34, 46)');
    expect(await page.locator('table.chunks tbody tr').count()).toBe(9);
    const pdf = await page.pdf();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
