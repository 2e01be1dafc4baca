// Starts the bridge process (./main.ts) under tsx with `electron` mapped to the shim, and stops it by its own PID.
// Used by the Playwright global setup and by the window benchmark.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface BridgeProcess {
  url: string;
  windowToken: string;
  pid: number;
  stop(): Promise<void>;
}

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '../../..');

export async function spawnBridge(opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<BridgeProcess> {
  // `node --import tsx` (not the tsx CLI, which forks) so the PID we hold is the server's own.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env, TSX_TSCONFIG_PATH: path.join(HERE, 'tsx-paths.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<{ url: string; windowToken: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('BRIDGE ')) resolve(JSON.parse(line.slice('BRIDGE '.length)) as { url: string; windowToken: string });
      else process.stdout.write(`[bridge] ${line}\n`);
    });
    void exited.then((code) => reject(new Error(`the bridge process exited (code ${code}) before it was ready`)));
    setTimeout(() => reject(new Error('the bridge process was not ready within the timeout')), opts.timeoutMs ?? 30_000).unref();
  });
  let info: { url: string; windowToken: string };
  try {
    info = await ready;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    ...info,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
