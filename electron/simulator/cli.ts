// Standalone simulated tenant for e2e tests and benchmarks:
//   npx tsx electron/simulator/cli.ts --port 4567 [--latency-ms 100] [--per-day N] [--seed 42] [--timezone Europe/Berlin] [--no-auth]
// Prints the base URL (ending in /api) and the accepted credentials, then serves until killed.
import { startSimulator } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function num(name: string): number | undefined {
  const v = arg(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number, got "${v}"`);
    process.exit(1);
  }
  return n;
}

const sim = await startSimulator({
  port: num('port') ?? 4567,
  latencyMs: num('latency-ms'),
  perDay: num('per-day'),
  seed: num('seed'),
  timezone: arg('timezone'),
  start: arg('start'),
  end: arg('end'),
  auth: process.argv.includes('--no-auth') ? 'none' : undefined,
});
console.log(`Mambu simulator listening at ${sim.url}`);
if (sim.credentials !== 'none') {
  console.log(`apiKey: ${sim.credentials.apiKey}  basic: ${sim.credentials.username} / ${sim.credentials.password}`);
}
const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
