// The renderer is served from app://renderer/…, a privileged custom scheme, instead of file://: the page gets a
// real origin (so 'self' in the CSP means the app and nothing on disk), the file-protocol fuse can be turned off,
// and only files under out/renderer can ever be read. No electron import: the request → response mapping is
// tested in Node; ../security/app-protocol.ts registers it with Electron.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp-policy';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppFile = { ok: true; file: string; mime: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/** Which file under `root` an app:// URL names, or why it is refused. Never a path outside `root`. */
export function resolveAppUrl(url: string, root: string): AppFile {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { ok: false, status: 404, reason: `not ${APP_SCHEME}://${APP_HOST}/` };
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  // An encoded "..", a backslash or a NUL would survive URL parsing; refuse them rather than normalise them away.
  if (rel.includes('\0') || rel.includes('\\') || rel.split('/').some((seg) => seg === '..'))
    return { ok: false, status: 403, reason: 'path traversal' };
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${rel}`);
  if (file !== base && !file.startsWith(base + path.sep)) return { ok: false, status: 403, reason: 'outside the renderer folder' };
  const mime = MIME[path.extname(file).toLowerCase()];
  if (!mime) return { ok: false, status: 404, reason: 'unknown file type' };
  return { ok: true, file, mime };
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The response for one app:// request: the file with its MIME type and the CSP, or an empty error. */
export async function appResponse(url: string, root: string): Promise<Response> {
  const r = resolveAppUrl(url, root);
  if (!r.ok) return new Response(null, { status: r.status, headers: SECURITY_HEADERS });
  try {
    const body = await readFile(r.file);
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': r.mime } });
  } catch {
    return new Response(null, { status: 404, headers: SECURITY_HEADERS });
  }
}
