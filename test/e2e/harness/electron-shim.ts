// What the bridge process gives the real main-process registration (electron/main/ipc/register.ts) in place of
// the `electron` module: only `ipcMain`, the one Electron API that file calls. tsx maps `electron` here through
// ./tsx-paths.json, so register.ts runs unmodified; the bridge then dispatches HTTP requests to what it registered.
type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

const handlers = new Map<string, InvokeHandler>();

export const ipcMain = {
  handle(channel: string, handler: InvokeHandler): void {
    // Electron throws on a second registration; so do we, so a double registration is caught here too.
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    handlers.delete(channel);
  },
};

/** The handler registered for a channel, as ipcMain.handle received it. */
export const registeredHandler = (channel: string): InvokeHandler | undefined => handlers.get(channel);
export const registeredChannels = (): string[] => [...handlers.keys()];
