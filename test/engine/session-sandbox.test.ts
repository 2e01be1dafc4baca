// The sandbox tenant is the composition roots' to provide (SessionOptions.startSandbox): the engine starts nothing
// by itself, and closes what it was given when the session closes.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { SANDBOX_SETTINGS } from '../../shared/settings';
import { openSession } from '../../electron/engine/session';
import { startSimulator } from '../../electron/simulator';

const destination = { kind: 'local' as const, name: 'tmp', path: os.tmpdir() };
const PROBE = { endpoint: 'branches', kind: 'snapshot-get' as const, cdcField: null, window: null, extraParams: '' };

describe('openSession and the sandbox tenant', () => {
  it('refuses the sandbox connection when no tenant is provided, naming the fix', async () => {
    await expect(openSession({ connection: SANDBOX_SETTINGS, destination })).rejects.toThrow(
      /sandbox tenant is not available here: choose a configured Mambu connection/,
    );
  });

  it('talks to the tenant the caller started, and closes it with the session', async () => {
    const sim = await startSimulator({ auth: { kind: 'none' } });
    let closed = 0;
    const session = await openSession({
      connection: SANDBOX_SETTINGS,
      destination,
      startSandbox: async () => ({ url: sim.url, close: async () => void closed++ }),
    });
    await session.source.check(PROBE, new AbortController().signal);
    expect(sim.requests.some((r) => r.endpoint === 'branches')).toBe(true);
    await session.close();
    expect(closed).toBe(1);
    await sim.close();
  });
});
