// Turns saved connection settings plus a secret into the MambuConnection the client uses.
import { CONNECTION_BOUNDS, mambuBaseUrl, type ConnectionSettings } from '../../shared/settings';
import type { MambuAuth, MambuConnection } from './types';

const CONNECTION_DEFAULTS = {
  maxRetries: CONNECTION_BOUNDS.maxRetries.default,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
} as const;

export function toMambuConnection(
  s: ConnectionSettings,
  secret: string | undefined,
  overrides: Partial<MambuConnection> = {},
): MambuConnection {
  let auth: MambuAuth;
  if (s.authKind === 'apiKey') {
    if (!secret) throw new Error(`connection "${s.name}" has no API key saved: add it in Settings or set MAMBU_API_KEY`);
    auth = { kind: 'apiKey', apiKey: secret };
  } else if (s.authKind === 'basic') {
    if (!s.username || !secret) {
      throw new Error(`connection "${s.name}" needs a user name and a password: set MAMBU_USERNAME and MAMBU_PASSWORD`);
    }
    auth = { kind: 'basic', username: s.username, password: secret };
  } else {
    throw new Error('the sandbox connection is opened by openSession, not toMambuConnection');
  }
  return {
    name: s.name,
    baseUrl: mambuBaseUrl(s.baseUrl),
    auth,
    timezone: s.timezone || 'UTC',
    pageSize: s.pageSize,
    requestsPerSecond: s.requestsPerSecond,
    timeoutMs: s.timeoutSeconds * 1000,
    maxRetries: CONNECTION_DEFAULTS.maxRetries,
    backoffBaseMs: CONNECTION_DEFAULTS.backoffBaseMs,
    backoffMaxMs: CONNECTION_DEFAULTS.backoffMaxMs,
    ...overrides,
  };
}
