// `npm run backfill` and `npm run sandbox`: the CLI from source (tsx), started with the Node flags the built CLI's
// first line carries (electron/engine/node-flags.json), so a run from source uses memory and CPU as the shipped CLI does
// (BENCHMARKS.md). Arguments pass through; the CLI's exit status (0, 1, 2, 130) is this script's.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { flags } = JSON.parse(readFileSync(new URL('../electron/engine/node-flags.json', import.meta.url), 'utf8'));
const entry = fileURLToPath(new URL('../electron/cli/main.ts', import.meta.url));
const child = spawn(process.execPath, [...flags, '--import', import.meta.resolve('tsx'), entry, ...process.argv.slice(2)], {
  stdio: 'inherit',
});

// Ctrl-C reaches the CLI itself (the terminal signals the whole foreground group): it cancels the chunk in flight
// and prints its summary, so this script only keeps waiting. A SIGTERM or SIGHUP sent to this script alone is passed on.
process.on('SIGINT', () => undefined);
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));

child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
