// Issue 5: the window's web preferences and the CSP, asserted on the real code. `electron` is replaced only at the
// edge (BrowserWindow records what it is given), the way electron/fiddle tests its main process.
import { describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const created: Array<{ webPreferences?: Record<string, unknown> }> = [];
const loaded: string[] = [];
vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { id: 7 };
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      created.push(options);
    }
    once() {}
    on() {}
    loadFile(file: string) {
      loaded.push(`loadFile ${file}`);
      return Promise.resolve();
    }
    loadURL(url: string) {
      loaded.push(url);
      return Promise.resolve();
    }
  }
  return { BrowserWindow, app: { isPackaged: true, getPath: () => '/tmp', setPath: () => {} } };
});

const { createMainWindow } = await import('../../electron/main/windows');
const { TrustedWindows } = await import('../../electron/main/core/sender-check');
const { CONTENT_SECURITY_POLICY } = await import('../../electron/main/security/csp');
const { checkSender } = await import('../../electron/main/core/sender-check');
const { APP_INDEX_URL, appResponse, resolveAppUrl } = await import('../../electron/main/core/app-protocol');

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

  it('repeats the same policy in the page (for any way the page is opened other than app://)', () => {
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

describe('the page is served from app://renderer, never file://', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mb-app-scheme-'));
  const renderer = path.join(root, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(renderer, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer folder');

  it('the window loads app://renderer/index.html', () => {
    createMainWindow({ trusted: new TrustedWindows(), runs: { cancelAllFor: () => {} } as never });
    expect(loaded.at(-1)).toBe('app://renderer/index.html');
    expect(loaded.some((l) => l.startsWith('loadFile') || l.startsWith('file:'))).toBe(false);
  });

  it('serves the page files with their MIME types and the CSP header', async () => {
    const cases: Array<[string, string]> = [
      [APP_INDEX_URL, 'text/html; charset=utf-8'],
      ['app://renderer/', 'text/html; charset=utf-8'],
      ['app://renderer/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://renderer/assets/index-abc.css', 'text/css; charset=utf-8'],
    ];
    for (const [url, mime] of cases) {
      const r = await appResponse(url, renderer);
      expect(r.status, url).toBe(200);
      expect(r.headers.get('content-type')).toBe(mime);
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await appResponse('app://renderer/assets/index-abc.js?v=1#x', renderer)).text()).toBe('console.log(1)');
  });

  it('refuses path traversal, other hosts, odd files, and never reads outside out/renderer', async () => {
    // Encoded separators or NUL that would climb out once decoded: refused outright.
    const refused = [
      'app://renderer/assets/..%2f..%2fsecret.txt',
      'app://renderer/..%5c..%5csecret.txt',
      'app://renderer/%2E%2E%2Fsecret.txt',
      'app://renderer/index.html%00.js',
    ];
    for (const url of refused) {
      expect(resolveAppUrl(url, renderer), url).toMatchObject({ ok: false, status: 403 });
      const r = await appResponse(url, renderer);
      expect(r.status).toBe(403);
      expect(await r.text()).toBe('');
    }
    // Whatever the spelling of "..", nothing outside the folder is ever served.
    for (const url of [
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/assets/%2e%2e/%2e%2e/secret.txt',
      'app://renderer/../../secret.txt',
    ]) {
      const r = resolveAppUrl(url, renderer);
      if (r.ok) expect(r.file.startsWith(renderer + path.sep), url).toBe(true);
      const res = await appResponse(url, renderer);
      expect(res.status, url).not.toBe(200);
      expect(await res.text()).not.toContain('outside the renderer folder');
    }
    // A literal ../ is normalised by the URL parser to a path inside the folder: it does not exist there.
    expect((await appResponse('app://renderer/../secret.txt', renderer)).status).toBe(404);
    expect((await appResponse('app://evil/index.html', renderer)).status).toBe(404);
    expect((await appResponse('app://renderer/missing.js', renderer)).status).toBe(404);
    expect((await appResponse('app://renderer/assets', renderer)).status).toBe(404); // a folder, no type
    expect((await appResponse('file:///etc/passwd', renderer)).status).toBe(404);
  });

  it('trusts IPC only from app://renderer/index.html in a window of ours', () => {
    const policy = { appIndexUrl: APP_INDEX_URL, isOurWindow: (id: number) => id === 7 };
    const from = (frameUrl: string) => checkSender({ webContentsId: 7, frameUrl, isMainFrame: true }, policy);
    expect(from('app://renderer/index.html')).toEqual({ trusted: true });
    expect(from('app://renderer/index.html#/history')).toEqual({ trusted: true });
    expect(from('file:///opt/Mambu%20Backfill/resources/app.asar/out/renderer/index.html')).toMatchObject({
      trusted: false,
      reason: expect.stringMatching(/is not the app's page/),
    });
    expect(from('app://other/index.html')).toMatchObject({ trusted: false });
    expect(from('app://renderer/assets/evil.html')).toMatchObject({ trusted: false });
    expect(from('https://evil.example/')).toMatchObject({ trusted: false });
  });
});
