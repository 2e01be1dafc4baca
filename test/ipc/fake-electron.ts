// A faithful stand-in for the parts of Electron's IPC the app uses, so the REAL preload and the REAL main-process
// registration run together in Node:
// - payloads cross by structured clone both ways (functions or class instances fail or lose their prototype);
// - ipcRenderer.invoke on an unregistered channel rejects like Electron ("No handler registered for …");
// - a handler that throws reaches the renderer as an Error carrying only the message, prefixed like Electron's;
// - the main handler gets an event with sender (webContents) and senderFrame (url, identity vs mainFrame);
// - webContents.send delivers to ipcRenderer.on listeners with an IpcRendererEvent first;
// - contextBridge.exposeInMainWorld copies the API into the "main world": functions are proxied, arguments and
//   results are cloned, so the page never holds a preload object.
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: FakeFrame;
  destroyed = false;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  constructor(url: string) {
    this.mainFrame = new FakeFrame(url);
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const cloned = structuredClone(args);
    this.sent.push({ channel, payload: cloned[0] });
    // Only the renderer currently attached to this webContents receives it.
    if (state.renderer?.contents === this) state.rendererEmitter.emit(channel, { sender: ipcRenderer, senderId: 0 }, ...cloned);
  }
}

interface RendererBinding {
  contents: FakeWebContents;
  /** The frame that sends (the main frame, or an iframe / navigated frame to test refusals). */
  frame: FakeFrame | null;
}

const state = {
  handlers: new Map<string, Handler>(),
  rendererEmitter: new EventEmitter(),
  renderer: undefined as RendererBinding | undefined,
  world: {} as Record<string, unknown>,
};

/** Which page the preload runs in: sets the sender identity of the next invokes. */
export function attachRenderer(contents: FakeWebContents, frame: FakeFrame | null = contents.mainFrame) {
  state.renderer = { contents, frame };
}

export function resetFakeElectron() {
  desktopState.blockers.clear();
  desktopState.notifications.length = 0;
  desktopState.dialogs.length = 0;
  desktopState.dialogResponses.length = 0;
  state.handlers.clear();
  state.rendererEmitter.removeAllListeners();
  state.renderer = undefined;
  state.world = {};
}

/** `window` as the page sees it. */
export const mainWorld = () => state.world;

export const registeredChannels = () => [...state.handlers.keys()];

export const ipcMain = {
  handle(channel: string, handler: Handler) {
    if (state.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    state.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    state.handlers.delete(channel);
  },
};

export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]) {
    const binding = state.renderer;
    if (!binding) throw new Error('fake-electron: no renderer attached');
    const cloned = structuredClone(args);
    const handler = state.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const event = { sender: binding.contents, senderFrame: binding.frame, processId: 1, frameId: 1 };
    let result: unknown;
    try {
      result = await handler(event, ...cloned);
    } catch (err) {
      throw new Error(`Error invoking remote method '${channel}': ${String(err)}`);
    }
    return structuredClone(result);
  },
  on(channel: string, listener: (...args: unknown[]) => void) {
    state.rendererEmitter.on(channel, listener);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: (...args: unknown[]) => void) {
    state.rendererEmitter.removeListener(channel, listener);
    return ipcRenderer;
  },
  listenerCount(channel: string) {
    return state.rendererEmitter.listenerCount(channel);
  },
};

/** Values crossing the context bridge: functions proxied both ways, everything else copied. */
function bridge(value: unknown): unknown {
  if (typeof value === 'function') {
    const fn = value as (...a: unknown[]) => unknown;
    return (...args: unknown[]) => {
      const out = fn(...args.map(bridge));
      return out instanceof Promise ? out.then((v) => bridge(v)) : bridge(out);
    };
  }
  if (value && typeof value === 'object') {
    if (Array.isArray(value)) return value.map(bridge);
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = bridge(v);
    return copy;
  }
  return value;
}

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    if (key in state.world) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    state.world[key] = bridge(api);
  },
};

// ---- desktop integration: sleep blocking, taskbar progress, notifications, dialogs, windows ---------------------
// Recorded so tests can see what the app asked of the OS.

const desktopState = {
  nextBlocker: 1,
  /** Live blockers by id, with their type. */
  blockers: new Map<number, string>(),
  /** Every blocker ever started, in order. */
  blockerLog: [] as Array<{ id: number; type: string; stoppedAt?: number }>,
  notifications: [] as Array<{ title: string; body: string; notification: Notification }>,
  dialogs: [] as Array<{ window: unknown; options: Record<string, unknown> }>,
  /** Responses the next message boxes give (button indexes); 0 when none is queued. */
  dialogResponses: [] as number[],
};
export const desktop = desktopState;

export const powerSaveBlocker = {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number {
    const id = desktopState.nextBlocker++;
    desktopState.blockers.set(id, type);
    desktopState.blockerLog.push({ id, type });
    return id;
  },
  stop(id: number): boolean {
    const entry = desktopState.blockerLog.find((b) => b.id === id);
    if (entry && entry.stoppedAt === undefined) entry.stoppedAt = Date.now();
    return desktopState.blockers.delete(id);
  },
  isStarted(id: number): boolean {
    return desktopState.blockers.has(id);
  },
};

export class Notification extends EventEmitter {
  static supported = true;
  static isSupported() {
    return Notification.supported;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    desktopState.notifications.push({ title: this.options.title, body: this.options.body, notification: this });
  }
}

export const dialog = {
  async showMessageBox(window: unknown, options: Record<string, unknown>) {
    desktopState.dialogs.push({ window, options });
    return { response: desktopState.dialogResponses.shift() ?? 0, checkboxChecked: false };
  },
};

/** A window: its webContents, progress bar values, and close → 'close' (preventable) → 'closed'. */
export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  readonly progress: number[] = [];
  private destroyed = false;
  focused = 0;
  constructor(url = 'file:///app/index.html') {
    super();
    this.webContents = new FakeWebContents(url);
  }
  setProgressBar(value: number) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.progress.push(value);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {
    this.focused++;
  }
  close() {
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export default { ipcMain, ipcRenderer, contextBridge, powerSaveBlocker, Notification, dialog };
