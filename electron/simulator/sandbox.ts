// The built-in sandbox tenant as the composition roots (the app's main process and the CLI) hand it to the
// engine: a simulated Mambu tenant on loopback that needs no credentials. The engine never imports the simulator.
import { startSimulator } from './server';

/** The tenant's time zone is the connection's (MAMBU_TIMEZONE for the CLI), so the sandbox behaves as a tenant there would. */
export const startSandboxTenant = (o: { timezone: string }): Promise<{ url: string; close(): Promise<void> }> =>
  startSimulator({ auth: { kind: 'none' }, timezone: o.timezone });
