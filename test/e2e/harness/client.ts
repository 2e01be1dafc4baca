// Gives a Playwright page the bridge client as `window.backfill` (in place of the preload), configured from the
// contract: the method → channel table and the run-event channel come from shared/ipc/contract.ts, so a channel
// added there reaches the page without touching the harness.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { API_METHODS, ESTIMATE_EVENT_CHANNEL, RUN_EVENT_CHANNEL } from '../../../shared/ipc/contract';

const SOURCE = readFileSync(path.join(import.meta.dirname, 'bridge-client.js'), 'utf8');

export interface BridgeInfo {
  url: string;
  windowToken: string;
}

/** The init script's text for this bridge window (also used by the benchmark). */
export function bridgeClientScript(windowToken: string, opts: { record?: boolean } = {}): string {
  const config = {
    windowToken,
    methods: API_METHODS,
    streams: { onRunEvents: RUN_EVENT_CHANNEL, onEstimateEvent: ESTIMATE_EVENT_CHANNEL },
    record: opts.record ?? true,
  };
  return `(${SOURCE.replace(/^[\s\S]*?(?=function _installBackfillBridge)/, '')})(${JSON.stringify(config)});`;
}

export async function installBridge(page: Page, windowToken: string): Promise<void> {
  await page.addInitScript({ content: bridgeClientScript(windowToken) });
}

/** The bridge's test hooks (harness only). */
export async function harnessCall<T>(bridgeUrl: string, hook: 'reset' | 'state' | 'console'): Promise<T> {
  const res = await fetch(`${bridgeUrl}/__harness/${hook}`, { method: hook === 'reset' ? 'POST' : 'GET' });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`harness ${hook}: ${body.error?.message}`);
  return body.value;
}
