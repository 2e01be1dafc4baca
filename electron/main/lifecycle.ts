// App lifecycle: one instance, quit when the last window closes (except macOS), stop runs before quitting.
import { app, BrowserWindow } from 'electron';
import type { Services } from './services';
import { installProcessGuards, type RunStopper } from './core/process-guards';

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

/** Log what would otherwise vanish, and stop the runs safely instead of carrying on (core/process-guards.ts). */
export function setupProcessGuards(runs: () => RunStopper | undefined): void {
  installProcessGuards({ runs });
}
