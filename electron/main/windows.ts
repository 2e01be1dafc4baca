// The main window: secure preferences, registered as a trusted IPC sender, its run cancelled when it closes.
import { BrowserWindow } from 'electron';
import type { RunManager } from './core/run-manager';
import type { RunDesktop } from './desktop';
import type { TrustedWindows } from './core/sender-check';
import { preloadPath, rendererIndexUrl } from './paths';

export function createMainWindow(opts: {
  trusted: TrustedWindows;
  runs: RunManager;
  desktop?: RunDesktop;
  devServerUrl?: string;
}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Mambu Backfill',
    show: false,
    // Checklist §2-§4, §6, §8-§10: isolated, sandboxed, no Node, no <webview>. Written out here, as a literal, so
    // that static checkers (Electronegativity in CI) see exactly what the window gets.
    webPreferences: {
      preload: preloadPath(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // A middle click must not open a link in a new window (new windows are denied anyway).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  const id = win.webContents.id;
  opts.trusted.add(id);
  win.once('ready-to-show', () => win.show());
  // Progress in the taskbar/dock, no sleep during a run, a notification at its end, a question before closing.
  opts.desktop?.attach(win, opts.runs);
  win.on('closed', () => {
    opts.trusted.remove(id);
    opts.runs.cancelAllFor(id);
  });
  if (opts.devServerUrl) void win.loadURL(opts.devServerUrl);
  else void win.loadURL(rendererIndexUrl());
  return win;
}
