// The one way a handler gets a path to write: a save dialog the MAIN process shows (electron-practices §2.6,
// Bruno's chooseFileToSave). The renderer names what to export, never where. An interface, so the IPC tests and the
// browser harness supply their own; electron/main/electron-save-dialog.ts binds it to dialog.showSaveDialog.

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface Dialogs {
  /** Asks the user where to save; `defaultName` is a bare file name. Undefined when the user cancels. */
  chooseSavePath(defaultName: string, filters: readonly FileFilter[]): Promise<string | undefined>;
}

/** A file name that is safe on every platform, from a preset name or a table name. */
export function safeFileName(name: string, fallback = 'export'): string {
  const cleaned = name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  return (cleaned || fallback).slice(0, 100);
}
