// The browser tests' "main process": a plain Node process that hosts the REAL main-process pieces — the IPC
// registration of electron/main/ipc/register.ts (sender check, one-payload rule, handlerFor per channel), the real
// RunManager with its coalescer, SettingsStore, presets and run journals in a temp userData folder (openDataStores,
// as the app), MemorySecretStore, a save dialog that answers a temp path, and the real engine adapter — and puts
// loopback HTTP where Electron's IPC would be:
//   GET  /…                       the built renderer (out/renderer), with the app's CSP header
//   POST /invoke/<channel>        body: JSON array of the invoke's arguments ([] or [payload]) → the handler's Result
//   GET  /events?window=<token>   Server-Sent Events: every `webContents.send('run:event', batch)` of that window
//   /__harness/…                  test-only hooks (reset, state, console); they exist only here, never in app code
// The page gets `window.backfill` from ./bridge-client.js (injected with page.addInitScript), standing in for the
// preload's contextBridge. Run it through ./spawn.ts (tsx maps `electron` to ./electron-shim.ts).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail, INVOKE_CHANNELS } from '../../../shared/ipc/contract';
import type { HandlerDeps } from '../../../electron/main/core/handlers';
import { openDataStores } from '../../../electron/main/core/data-stores';
import type { Dialogs } from '../../../electron/main/core/save-dialog';
import { RunManager } from '../../../electron/main/core/run-manager';
import { MemorySecretStore } from '../../../electron/main/core/secret-store';
import { checkSender, TrustedWindows, type TrustPolicy } from '../../../electron/main/core/sender-check';
import { SettingsStore } from '../../../electron/main/core/settings-store';
import { engineApi, newRunId } from '../../../electron/main/engine-adapter';
import { registerIpcHandlers } from '../../../electron/main/ipc/register';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security/csp';
import { APP_VERSION } from '../../../electron/engine/version';
import { homeLayout } from '../../../electron/engine/store/home';
import { registeredChannels, registeredHandler } from './electron-shim';
import { syntheticEngine } from './synthetic-engine';

export interface BridgeOptions {
  /** The built renderer folder. Default: out/renderer of this checkout. */
  rendererDir?: string;
  port?: number;
}

export interface BridgeSession {
  userData: string;
  /** The default output folder (the built-in "Local folder" destination). */
  outputDir: string;
  /** Where the test save dialog puts files (reports, preset exports). */
  exportsDir: string;
  /** Paths the test save dialog answered, in order. */
  savedPaths: string[];
}

export interface Bridge {
  url: string;
  /** The one trusted window's identity, sent by the injected client as X-Backfill-Window and ?window=. */
  windowToken: string;
  session(): BridgeSession;
  close(): Promise<void>;
}

/** The webContents id of the one window this bridge trusts. */
const WINDOW_ID = 1;
const ROOT = path.resolve(import.meta.dirname, '../../..');
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
const MAX_BODY = 1024 * 1024;

export async function startBridge(opts: BridgeOptions = {}): Promise<Bridge> {
  const consoleLines = captureConsole();
  const rendererDir = path.resolve(opts.rendererDir ?? path.join(ROOT, 'out/renderer'));
  await stat(path.join(rendererDir, 'index.html')).catch(() => {
    throw new Error(`${rendererDir}/index.html is missing: build the renderer first (node scripts/build.mjs --renderer-only)`);
  });
  const tempRoot = await mkdtemp(path.join(os.tmpdir(), 'mb-bridge-'));
  const windowToken = randomBytes(16).toString('hex');
  const trusted = new TrustedWindows();
  trusted.add(WINDOW_ID);

  // Unknown tokens become other "windows" (ids from 2): the registration's sender check must refuse them.
  const tokenIds = new Map<string, number>([[windowToken, WINDOW_ID]]);
  const idOf = (token: string | null | undefined) => {
    if (!token) return 0;
    let id = tokenIds.get(token);
    if (id === undefined) tokenIds.set(token, (id = tokenIds.size + 1));
    return id;
  };

  // Event subscribers per window id: what webContents.send delivers to.
  const streams = new Map<number, Set<ServerResponse>>();
  const deliver = (id: number, channel: string, payload: unknown) => {
    // JSON is what crosses here (Electron uses structured clone; run events are plain JSON either way).
    const frame = `event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of streams.get(id) ?? []) res.write(frame);
  };

  let counter = 0;
  let current: BridgeSession;
  let deps!: HandlerDeps;

  /** A fresh userData, output folder, settings, secrets and run manager: a newcomer's first start. */
  const newSession = async (): Promise<void> => {
    const dir = path.join(tempRoot, `session-${++counter}`);
    current = {
      userData: path.join(dir, 'userData'),
      outputDir: path.join(dir, 'Documents', 'Mambu Backfill'),
      exportsDir: path.join(dir, 'exports'),
      savedPaths: [],
    };
    await mkdir(current.userData, { recursive: true });
    await mkdir(current.exportsDir, { recursive: true });
    const settings = new SettingsStore({ file: homeLayout(current.userData).settingsFile, defaultOutputDir: current.outputDir });
    const secrets = new MemorySecretStore();
    // The same stores the app opens (presets.json, runs/), in this session's userData.
    const { presets, journals } = openDataStores(current.userData, { onProblem: (p) => console.warn(`[bridge] store: ${p.message}`) });
    const runs = new RunManager({
      // The window benchmark can swap in a paced, scripted engine (harness only); the tests always use the real one.
      engine: process.env.BRIDGE_ENGINE === 'synthetic' ? syntheticEngine(engineApi) : engineApi,
      settings,
      secrets,
      journals,
      newRunId: () => newRunId(),
      onJournalError: (err) => console.warn('[bridge] journal write failed:', err instanceof Error ? err.message : err),
    });
    const session = current;
    // A save dialog that never asks: it answers with a path in the session's exports folder.
    const dialogs: Dialogs = {
      async chooseSavePath(defaultName) {
        const file = path.join(session.exportsDir, path.basename(defaultName));
        session.savedPaths.push(file);
        return file;
      },
    };
    const next: HandlerDeps = {
      settings,
      secrets,
      runs,
      engine: engineApi,
      presets,
      journals,
      dialogs,
      app: {
        name: 'Mambu Backfill',
        version: APP_VERSION,
        platform: process.platform,
        electron: null,
        defaultOutputDir: current.outputDir,
      },
    };
    // The registration holds this object: swap its contents so the handlers see the new session.
    if (deps) Object.assign(deps, next);
    else deps = next;
  };
  await newSession();

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, fail(`bridge error: ${err instanceof Error ? err.message : String(err)}`));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The app trusts its packaged page or, in development, the dev server's origin; the bridge origin plays the latter.
  const policy: TrustPolicy = {
    appIndexUrl: pathToFileURL(path.join(rendererDir, 'index.html')).href,
    devServerOrigin: origin,
    isOurWindow: (id) => trusted.has(id),
  };
  const unregister = registerIpcHandlers(deps, policy);
  for (const channel of INVOKE_CHANNELS) {
    if (!registeredHandler(channel)) throw new Error(`register.ts did not register ${channel}`);
  }

  /** The Electron-shaped invoke event for an HTTP request: webContents by window token, frame URL from the browser. */
  function invokeEvent(req: IncomingMessage, token: string | null) {
    const id = idOf(token);
    const mainFrame = { url: frameUrlOf(req) };
    const sender = {
      id,
      mainFrame,
      send: (channel: string, payload: unknown) => deliver(id, channel, payload),
      isDestroyed: () => false,
    };
    return { sender, senderFrame: mainFrame };
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/invoke/')) return invoke(req, res, decodeURIComponent(url.pathname.slice('/invoke/'.length)));
    if (url.pathname === '/events') return events(req, res, url.searchParams.get('window'));
    if (url.pathname.startsWith('/__harness/')) return harness(req, res, url.pathname.slice('/__harness/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, fail(`${req.method} is not served here`));
    return serveStatic(res, url.pathname);
  }

  async function invoke(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, fail('invoke with POST'));
    const handler = registeredHandler(channel);
    // Electron rejects an invoke on an unknown channel; the bridge answers the same way, as data.
    if (!handler) return sendJson(res, 404, fail(`No handler registered for '${channel}'`));
    const body = await readBody(req);
    if (typeof body === 'string') return sendJson(res, 400, fail(body));
    let args: unknown;
    try {
      args = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return sendJson(res, 400, fail(`the bridge body must be JSON (the invoke's arguments as an array): ${(err as Error).message}`));
    }
    if (!Array.isArray(args))
      return sendJson(res, 400, fail('the bridge body must be a JSON array of the invoke arguments, e.g. [] or [payload]'));
    const result = await handler(invokeEvent(req, headerOf(req, 'x-backfill-window')), ...args);
    sendJson(res, 200, result);
  }

  function events(req: IncomingMessage, res: ServerResponse, token: string | null): void {
    const event = invokeEvent(req, token);
    const verdict = checkSender({ webContentsId: event.sender.id, frameUrl: event.senderFrame.url, isMainFrame: true }, policy);
    if (!verdict.trusted) return sendJson(res, 403, fail(`the event stream was refused: ${verdict.reason}`));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    let set = streams.get(event.sender.id);
    if (!set) streams.set(event.sender.id, (set = new Set()));
    set.add(res);
    req.on('close', () => set.delete(res));
  }

  async function harness(req: IncomingMessage, res: ServerResponse, hook: string): Promise<void> {
    if (hook === 'reset' && req.method === 'POST') {
      // A run left by a test (cancelled, or still going) ends before its session is replaced.
      await deps.runs.shutdown();
      await newSession();
      return sendJson(res, 200, { ok: true, value: current });
    }
    if (hook === 'console' && req.method === 'GET') {
      // What the "main process" printed (console.*), so a test can scan the logs for secrets.
      return sendJson(res, 200, { ok: true, value: consoleLines });
    }
    if (hook === 'state' && req.method === 'GET') {
      return sendJson(res, 200, {
        ok: true,
        value: {
          ...current,
          channels: registeredChannels(),
          activeRun: deps.runs.activeRun(WINDOW_ID) ?? null,
          eventStreams: streams.get(WINDOW_ID)?.size ?? 0,
        },
      });
    }
    sendJson(res, 404, fail(`no harness hook ${req.method} ${hook}`));
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, rel);
    if (!file.startsWith(rendererDir + path.sep)) return sendJson(res, 403, fail('outside the renderer folder'));
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) return sendJson(res, 404, fail(`${rel} is not part of the built renderer`));
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-length': st.size,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  }

  return {
    url: origin,
    windowToken,
    session: () => ({ ...current, savedPaths: [...current.savedPaths] }),
    async close() {
      await deps.runs.shutdown();
      for (const set of streams.values()) for (const r of set) r.end();
      unregister();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(tempRoot, { recursive: true, force: true });
    },
  };
}

/** Keeps a copy of everything printed through console.* in this process (the app logs that way), still printing it. */
function captureConsole(): string[] {
  const lines: string[] = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      lines.push(
        `${level}: ${args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`,
      );
      original(...args);
    };
  }
  return lines;
}

/** The sending page as the browser states it: Origin on POSTs, Referer otherwise; null when neither is sent. */
function frameUrlOf(req: IncomingMessage): string | null {
  const o = headerOf(req, 'origin');
  if (o) return o;
  return headerOf(req, 'referer');
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : null;
}

async function readBody(req: IncomingMessage): Promise<Buffer | string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) return `the bridge body is larger than ${MAX_BODY} bytes`;
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}
