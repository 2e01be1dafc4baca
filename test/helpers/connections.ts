// A saved connection to an API-key tenant (the simulator, a stand-in), as the app's settings hold one: UTC, 1,000
// records a page, 50 requests/s, 30 s per request unless a test says otherwise. Each test sets what it is about.
import type { ConnectionSettings } from '../../shared/settings';

export function apiKeyConnection(name: string, baseUrl: string, overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return {
    name,
    baseUrl,
    authKind: 'apiKey',
    username: '',
    timezone: 'UTC',
    pageSize: 1000,
    requestsPerSecond: 50,
    timeoutSeconds: 30,
    ...overrides,
  };
}
