// App lifecycle: one instance, quit when the last window closes (except macOS), stop runs before quitting.
import { app, BrowserWindow } from 'electron';
import type { Services } from './services';

export function setupSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  return true;
}

export function setupLifecycle(services: Services, reopen: () => void): void {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) reopen();
  });
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopping) return;
    stopping = true;
    // Let a cancelled chunk finish its cleanup so no half-written part is left behind.
    event.preventDefault();
    void services.runs.shutdown().finally(() => app.quit());
  });
}

/** Log what would otherwise vanish (lossless-cut's electronUnhandled). */
export function setupProcessGuards(): void {
  process.on('unhandledRejection', (reason) => console.error('[main] unhandled rejection:', reason));
  process.on('uncaughtException', (err) => console.error('[main] uncaught exception:', err));
}
