// Starts the bridge process once for the run; tests reach it through BRIDGE_URL / BRIDGE_TOKEN (set here, inherited
// by the workers) and reset it to a newcomer's state before each test.
import { spawnBridge } from './harness/spawn';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const bridge = await spawnBridge();
  process.env.BRIDGE_URL = bridge.url;
  process.env.BRIDGE_TOKEN = bridge.windowToken;
  return () => bridge.stop();
}
