// Checklist §15: the only way out of the app to the browser. https only; everything else is dropped and logged.
import { shell } from 'electron';
import { isSafeExternalUrl } from '../core/external-url';

export async function safeOpenExternal(url: string): Promise<boolean> {
  if (!isSafeExternalUrl(url)) {
    console.warn(`[security] refused to open a non-https link: ${url.slice(0, 200)}`);
    return false;
  }
  await shell.openExternal(url);
  return true;
}
