// Checklist §12-§14: the app window never navigates, never opens windows and never attaches a <webview>.
// Links with target=_blank go to the browser through safeOpenExternal (https only).
import type { WebContents } from 'electron';
import { safeOpenExternal } from './external';

export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    console.warn(`[security] blocked navigation to ${url.slice(0, 200)}`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    console.warn(`[security] blocked redirect to ${url.slice(0, 200)}`);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void safeOpenExternal(url);
    return { action: 'deny' };
  });
}
