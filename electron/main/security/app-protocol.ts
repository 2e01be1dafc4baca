// Registers app:// with Electron (core/app-protocol.ts decides what each URL serves). Privileged as a standard,
// secure scheme so the page has a real origin and behaves like https (fetch, storage, CSP 'self'); it is neither
// bypassing the CSP nor allowed to reach file://.
import { protocol, type Session } from 'electron';
import { APP_SCHEME, appResponse } from '../core/app-protocol';

/** Before ready (Electron only accepts privileges then). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** After ready: serve out/renderer on this session. */
export function serveAppScheme(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, (request) => appResponse(request.url, rendererDir));
}
