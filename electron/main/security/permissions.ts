// Checklist §5: deny every permission (camera, notifications, geolocation, …). The one exception is writing text to
// the clipboard, which the log pane's Copy button needs; reading the clipboard stays denied.
import type { Session } from 'electron';

const ALLOWED = new Set(['clipboard-sanitized-write']);

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED.has(permission));
  session.setDevicePermissionHandler(() => false);
}
