// Security setup in one call, one module per concern (cawa-93 vite-electron-builder modules).
import { app, session } from 'electron';
import { applyCspHeader } from './csp';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { rendererDir } from '../paths';
import { lockNavigation } from './navigation';
import { denyPermissions } from './permissions';

/** Before ready: every webContents ever created is locked down, whoever creates it. */
export function setupSecurity(): void {
  // Checklist §4: sandbox every renderer, even one created by a dependency.
  app.enableSandbox();
  // The page is served from app://renderer (core/app-protocol.ts), never from file://.
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));
}

/** After ready: the app:// handler, the default session's CSP header and permission handlers. */
export function setupSessionSecurity(devServerOrigin?: string): void {
  serveAppScheme(session.defaultSession, rendererDir());
  applyCspHeader(session.defaultSession, devServerOrigin);
  denyPermissions(session.defaultSession);
}
