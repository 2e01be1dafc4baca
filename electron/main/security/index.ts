// Security setup in one call, one module per concern (cawa-93 vite-electron-builder modules).
import { app, session } from 'electron';
import { applyCspHeader } from './csp';
import { lockNavigation } from './navigation';
import { denyPermissions } from './permissions';

/** Before ready: every webContents ever created is locked down, whoever creates it. */
export function setupSecurity(): void {
  // Checklist §4: sandbox every renderer, even one created by a dependency.
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));
}

/** After ready: the default session's CSP header and permission handlers. */
export function setupSessionSecurity(devServerOrigin?: string): void {
  applyCspHeader(session.defaultSession, devServerOrigin);
  denyPermissions(session.defaultSession);
}
