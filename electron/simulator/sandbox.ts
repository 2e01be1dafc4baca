// The built-in sandbox tenant as the composition roots (the app's main process and the CLI) hand it to the
// engine: a simulated Mambu tenant on loopback that needs no credentials. The engine never imports the simulator.
import { startSimulator } from './server';

export const startSandboxTenant = (): Promise<{ url: string; close(): Promise<void> }> => startSimulator({ auth: { kind: 'none' } });
