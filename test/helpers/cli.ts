// Runs the real CLI in a child process (through tsx, from source) and collects what it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], env: Record<string, string | undefined>): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/main.ts'), ...args], {
    cwd: ROOT,
    // A clean environment: nothing of the developer's AWS or Mambu settings leaks into a test.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: process.env.NODE_OPTIONS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCliProcess(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return startCli(args, env).done;
}

/** The message part of `YYYY-MM-DD HH:MM:SS - LEVEL - message` lines, checking every line has that form. */
export function logMessages(text: string): Array<{ level: string; message: string }> {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} - (INFO|WARNING|ERROR) - (.*)$/.exec(l);
      if (!m) throw new Error(`not a log line: ${l}`);
      return { level: m[1]!, message: m[2]! };
    });
}
