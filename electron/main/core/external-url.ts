// The one rule for opening links outside the app (checklist §15): https only, no credentials in the URL.
// A pure predicate so it can be tested exhaustively without Electron.
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hostname !== '';
}
