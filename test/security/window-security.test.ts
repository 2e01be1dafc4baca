// Issue 5: the window's web preferences and the CSP, asserted on the real code. `electron` is replaced only at the
// edge (BrowserWindow records what it is given), the way electron/fiddle tests its main process.
import { describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const created: Array<{ webPreferences?: Record<string, unknown> }> = [];
vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { id: 7 };
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      created.push(options);
    }
    once() {}
    on() {}
    loadFile() {
      return Promise.resolve();
    }
    loadURL() {
      return Promise.resolve();
    }
  }
  return { BrowserWindow, app: { isPackaged: true, getPath: () => '/tmp', setPath: () => {} } };
});

const { createMainWindow } = await import('../../electron/main/windows');
const { TrustedWindows } = await import('../../electron/main/core/sender-check');
const { CONTENT_SECURITY_POLICY } = await import('../../electron/main/security/csp');

const ROOT = path.resolve(import.meta.dirname, '../..');

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values];
      }),
  );
}

describe('window security', () => {
  it('creates the window isolated, sandboxed, without Node, webview or auxclick', () => {
    createMainWindow({ trusted: new TrustedWindows(), runs: { cancelAllFor: () => {} } as never });
    const prefs = created.at(-1)!.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(Object.keys(prefs)).not.toContain('enableBlinkFeatures');
  });

  it('allows nothing but the app itself in the CSP', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|\*|https?:/);
  });

  it('repeats the same policy in the page (file:// responses carry no headers)', () => {
    const html = readFileSync(path.join(ROOT, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    // frame-ancestors is ignored in a <meta> policy, so it is only in the header.
    const fromHeader = new Map([...directives(CONTENT_SECURITY_POLICY)].filter(([k]) => k !== 'frame-ancestors'));
    expect(directives(meta!)).toEqual(fromHeader);
  });

  it('ships a built page with no inline script', () => {
    // A fresh clone has only the CLI built (npm's prepare step): build the page this test inspects.
    if (!existsSync(path.join(ROOT, 'out/renderer/index.html'))) {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--renderer-only'], { cwd: ROOT, stdio: 'pipe' });
    }
    const html = readFileSync(path.join(ROOT, 'out/renderer/index.html'), 'utf8');
    expect(html).toContain('Content-Security-Policy');
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc=/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});
