// The main process's save dialog (the Dialogs interface of core/save-dialog.ts): the page asks to export something, the user picks where.
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import type { Dialogs } from './core/save-dialog';

export const electronDialogs: Dialogs = {
  async chooseSavePath(defaultName, filters) {
    const options: Electron.SaveDialogOptions = {
      // A bare name: the dialog starts in Documents, never in a folder the page suggested.
      defaultPath: path.join(app.getPath('documents'), path.basename(defaultName)),
      filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    // Modal to the window asking, when there is one.
    const win = BrowserWindow.getFocusedWindow();
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? undefined : r.filePath;
  },
};
