// Checklist §7: a restrictive Content Security Policy. The renderer makes no network calls (the main process does
// HTTP and S3), so everything is 'self'. Sent as a response header here and repeated as a <meta> in
// renderer/index.html, because file:// responses carry no headers.
import type { Session } from 'electron';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function applyCspHeader(session: Session, devServerOrigin?: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    // The Vite dev server injects an inline React Refresh preamble and talks over a websocket: dev only.
    const policy =
      devServerOrigin && details.url.startsWith(devServerOrigin)
        ? CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
            .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            .replace("connect-src 'self'", `connect-src 'self' ${devServerOrigin.replace(/^http/, 'ws')}`)
        : CONTENT_SECURITY_POLICY;
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}
