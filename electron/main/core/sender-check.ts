// Electron security checklist §17: validate the sender of every IPC message. A message is trusted only when it
// comes from a window this app created AND its frame shows our own page (the packaged index.html, or the Vite dev
// server in development). A frame that navigated elsewhere, or an iframe, is refused.

export interface SenderInfo {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent the message; null when the frame is gone. */
  frameUrl: string | null;
  /** Whether the sending frame is the top-level frame of its webContents. */
  isMainFrame: boolean;
}

export interface TrustPolicy {
  /** The page's URL: app://renderer/index.html (a file:// URL in tests that predate app://). */
  appIndexUrl: string;
  /** http://127.0.0.1:5173 in development only. */
  devServerOrigin?: string;
  /** webContents ids of windows we created. */
  isOurWindow(webContentsId: number): boolean;
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

export function checkSender(s: SenderInfo, policy: TrustPolicy): SenderVerdict {
  if (!policy.isOurWindow(s.webContentsId)) return { trusted: false, reason: 'the sender is not a window of this app' };
  if (!s.isMainFrame) return { trusted: false, reason: 'the sender is a sub-frame' };
  if (!s.frameUrl) return { trusted: false, reason: 'the sending frame is gone' };
  let url: URL;
  try {
    url = new URL(s.frameUrl);
  } catch {
    return { trusted: false, reason: 'the sender URL cannot be parsed' };
  }
  const expected = new URL(policy.appIndexUrl);
  if (url.protocol === 'file:' || url.protocol === expected.protocol) {
    // Same scheme, host and page; compare the path only: the renderer may use a #hash or ?query for its routing.
    if (
      url.protocol === expected.protocol &&
      decodeURIComponent(url.pathname) === decodeURIComponent(expected.pathname) &&
      url.host === expected.host
    ) {
      return { trusted: true };
    }
    return { trusted: false, reason: `the sender page ${url.protocol}//${url.host}${url.pathname} is not the app's page` };
  }
  if (policy.devServerOrigin && url.origin === new URL(policy.devServerOrigin).origin) return { trusted: true };
  return { trusted: false, reason: `the sender origin ${url.origin} is not the app's` };
}

/** Windows we created, by webContents id (desktop/desktop trusted-ipc-sender). */
export class TrustedWindows {
  private readonly ids = new Set<number>();
  add(id: number) {
    this.ids.add(id);
  }
  remove(id: number) {
    this.ids.delete(id);
  }
  has(id: number) {
    return this.ids.has(id);
  }
}
