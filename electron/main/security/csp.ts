// Checklist §7: a restrictive Content Security Policy (core/csp-policy.ts). The app:// handler sends it with every
// page file; this header hook covers the Vite dev server in development, and the <meta> in renderer/index.html
// repeats it for any other way the page is opened.
import type { Session } from 'electron';

import { CONTENT_SECURITY_POLICY } from '../core/csp-policy';

export { CONTENT_SECURITY_POLICY };

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
