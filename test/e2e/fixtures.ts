// The tests' view of the app: a fresh bridge session (nothing configured) and a page whose window.backfill is the
// bridge client, opened on the built renderer served by the bridge.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { harnessCall, installBridge } from './harness/client';
import type { BridgeSession } from './harness/bridge';
import { apiKeyConnection } from '../helpers/connections';

type Result<T> = { ok: true; value: T } | { ok: false; error: { message: string; issues?: Array<{ field: string; message: string }> } };

export interface Bridge {
  url: string;
  windowToken: string;
  session: BridgeSession;
  /** POST /invoke/<channel> as the trusted window would: seeding goes through the real handlers. */
  invoke<T = unknown>(channel: string, payload?: unknown): Promise<Result<T>>;
}

export interface Received {
  kind: 'response' | 'event';
  channel?: string;
  status?: number;
  text: string;
  /** Date.now() in the page when it arrived. */
  at: number;
}

const BRIDGE_URL = process.env.BRIDGE_URL ?? '';
const BRIDGE_TOKEN = process.env.BRIDGE_TOKEN ?? '';
const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = path.join(ROOT, 'docs/screenshots');

export const test = base.extend<{ bridge: Bridge; app: Page }>({
  baseURL: async ({}, use) => {
    if (!BRIDGE_URL)
      throw new Error('BRIDGE_URL is not set: run with -c test/e2e/playwright.config.ts (its global setup starts the bridge)');
    await use(BRIDGE_URL);
  },
  bridge: async ({}, use) => {
    const session = await harnessCall<BridgeSession>(BRIDGE_URL, 'reset');
    await use({
      url: BRIDGE_URL,
      windowToken: BRIDGE_TOKEN,
      session,
      async invoke<T>(channel: string, payload?: unknown) {
        const res = await fetch(`${BRIDGE_URL}/invoke/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BRIDGE_URL, 'x-backfill-window': BRIDGE_TOKEN },
          body: JSON.stringify(payload === undefined ? [] : [payload]),
        });
        return (await res.json()) as Result<T>;
      },
    });
  },
  /** The app, loaded, with its settings in. */
  app: async ({ page, bridge }, use) => {
    await openApp(page, bridge);
    await use(page);
  },
});

export { expect };

/** Opens the renderer with the bridge as window.backfill; resolves when settings are loaded and events connected. */
export async function openApp(page: Page, bridge: Pick<Bridge, 'windowToken'>, url = '/'): Promise<void> {
  await installBridge(page, bridge.windowToken);
  await page.goto(url);
  await expect(page.getByLabel('Connection', { exact: true })).toHaveValue(/Sandbox/);
  await page.evaluate(() => (globalThis as unknown as { __bridge: { ready: Promise<boolean> } }).__bridge.ready);
}

/** Everything the page received over the bridge, as the injected client recorded it. */
export async function receivedByPage(page: Page): Promise<Received[]> {
  return page.evaluate(() => (globalThis as unknown as { __bridge: { received: Received[] } }).__bridge.received);
}

/** Each chunk row's status as its cell announces it (succeeded, failed, cancelled, pending, running …); without
 *  `withWarnings`, "succeeded with 2 warnings" reads "succeeded" (the status alone). */
export async function rowStatuses(page: Page, opts: { withWarnings?: boolean } = {}): Promise<string[]> {
  const labels = await page
    .locator('.chunk-scroll [role="row"] [role="cell"].status')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('aria-label') ?? ''));
  return opts.withWarnings ? labels : labels.map((l) => l.replace(/ with \d+ warnings?$/, ''));
}

export const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });
export const summary = (page: Page) => page.getByRole('status', { name: 'Run summary' });

/** Saves a connection "Simulator (slow)" to the simulator at `url` with 10 records a page (so each of the sample's
 *  days takes several slow pages), opens the app, picks it and presses Run: a run that is still paging when a test
 *  looks at its progress or cancels it. */
export async function runOnSlowSimulator(page: Page, bridge: Bridge, sim: { url: string; apiKey: string }): Promise<void> {
  const saved = await bridge.invoke('connections:save', {
    connection: apiKeyConnection('Simulator (slow)', sim.url, { pageSize: 10, timeoutSeconds: 10 }),
    secret: sim.apiKey,
  });
  expect(saved.ok).toBe(true);
  await openApp(page, bridge);
  await page.getByLabel('Connection', { exact: true }).selectOption('Simulator (slow)');
  await runButton(page).click();
}

export async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  };
  await walk(root);
  return out.sort();
}

// Page-side, as text (this file is compiled without the DOM library).
const HIDE_TEMP_PATHS = `(() => {
  const re = /\\/[^\\s]*?\\/mb-bridge-[^/\\s]+\\/session-\\d+/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.nodeValue && n.nodeValue.includes('/mb-bridge-')) n.nodeValue = n.nodeValue.replace(re, '~');
  for (const el of document.querySelectorAll('input, textarea')) if (el.value.includes('/mb-bridge-')) el.value = el.value.replace(re, '~');
})()`;

/**
 * Saves docs/screenshots/<name>-<scheme>.png when E2E_SCREENSHOTS=1 (so ordinary runs leave docs/ alone), in the
 * schemes asked for; the page is returned to light afterwards.
 */
export async function screenshot(page: Page, name: string, schemes: Array<'light' | 'dark'> = ['light']): Promise<void> {
  if (!process.env.E2E_SCREENSHOTS) return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // The harness's temp folders (the session's Documents, exports) read as a user's home in the pictures.
  await page.evaluate(HIDE_TEMP_PATHS);

  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${scheme}.png`), animations: 'disabled', caret: 'hide' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
