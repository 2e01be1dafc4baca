// A real forward proxy for the proxy tests: Debian's tinyproxy (apt package `tinyproxy`), started on 127.0.0.1 with
// a temporary config, in the foreground as a child we own by PID, and stopped by that PID. Its log (LogLevel Info)
// names every request it relayed: `Request (file descriptor N): POST http://host:port/path HTTP/1.1` for plain HTTP
// and `CONNECT host:port HTTP/1.1` for tunnels, which is what the tests read to prove a request went through it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TINYPROXY = '/usr/bin/tinyproxy';
export const TINYPROXY_HOWTO = 'tinyproxy is not installed, so the proxy suite is skipped: `apt-get install tinyproxy`.';

export interface Tinyproxy {
  url: string;
  port: number;
  /** The request lines relayed so far (`METHOD target`), in order. */
  requests(): Promise<string[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect({ host: '127.0.0.1', port });
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

export function tinyproxyInstalled(): boolean {
  return existsSync(TINYPROXY);
}

export async function startTinyproxy(): Promise<Tinyproxy> {
  const dir = await mkdtemp(join(tmpdir(), 'tinyproxy-'));
  const log = join(dir, 'tinyproxy.log');
  const port = await freePort();
  const conf = join(dir, 'tinyproxy.conf');
  await writeFile(
    conf,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 60',
      `LogFile "${log}"`,
      'LogLevel Info',
      'MaxClients 50',
      'Allow 127.0.0.1',
      // No ConnectPort line: CONNECT is allowed to any port (the loopback test servers use ephemeral ones).
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(TINYPROXY, ['-d', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (exited || Date.now() > deadline) {
      if (!exited) child.kill('SIGKILL');
      throw new Error(`tinyproxy did not start on 127.0.0.1:${port}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async requests() {
      const text = await readFile(log, 'utf8').catch(() => '');
      const out: string[] = [];
      for (const line of text.split('\n')) {
        const m = /Request \(file descriptor \d+\): (\S+) (\S+) HTTP\//.exec(line);
        if (m) out.push(`${m[1]} ${m[2]}`);
      }
      return out;
    },
    async stop() {
      if (!exited) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await gone;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
