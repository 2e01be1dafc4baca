// The bridge as its own process (the browser tests' "main process"): prints one `BRIDGE {json}` line with its
// URL and window token when ready, and closes on SIGTERM/SIGINT. Started by ./spawn.ts; standalone:
//   TSX_TSCONFIG_PATH=test/e2e/harness/tsx-paths.json node --import tsx test/e2e/harness/main.ts
import { startBridge } from './bridge';

const bridge = await startBridge({ port: Number(process.env.BRIDGE_PORT ?? 0) });
process.stdout.write(`BRIDGE ${JSON.stringify({ url: bridge.url, windowToken: bridge.windowToken, pid: process.pid })}\n`);

let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  void bridge.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
