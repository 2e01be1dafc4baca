// Child processes the benchmarks own by PID: the simulator (sim-process.ts), s3rver (test/servers/s3rver.ts) and the
// overhead group's JSON.parse yardstick (parse-process.ts), each with its own event loop and its own memory, so none
// is counted in the engine's time or RSS.
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SimulatorOptions } from '../../electron/simulator/server';
import type { SimStats } from './sim-process';
import { procStat } from '../helpers/proc-stat';

export interface SimHandle {
  url: string;
  pid: number;
  stats(): Promise<SimStats>;
  /** Forgets the requests answered so far (a warm-up's), so stats() counts from here. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const SIM = fileURLToPath(new URL('./sim-process.ts', import.meta.url));
const PARSE = fileURLToPath(new URL('./parse-process.ts', import.meta.url));

/** Node flags that let a forked child run TypeScript like this process does (tsx). */
export const TS_EXEC_ARGV = ['--import', 'tsx'];

/** What a benchmark's simulator may hold of pages it built (SimulatorOptions.pageCacheBytes): 200,000 records of
 *  the benchmarks' loan transactions are ~233 MB of JSON. */
export const BENCH_PAGE_CACHE_BYTES = 1024 * 1024 * 1024;

function ask<T>(child: ChildProcess, type: string, what = 'simulator'): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string } & Record<string, unknown>) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`${what} process exited (code ${code}) before answering "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startSimProcess(opts: SimulatorOptions): Promise<SimHandle> {
  const child = fork(SIM, [JSON.stringify(opts)], { execArgv: TS_EXEC_ARGV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await ask<{ url: string }>(child, 'ready');
  return {
    url: ready.url,
    pid: child.pid!,
    async stats() {
      const reply = ask<{ stats: SimStats }>(child, 'stats');
      child.send({ type: 'stats' });
      return (await reply).stats;
    },
    async reset() {
      const reply = ask<{ type: string }>(child, 'reset');
      child.send({ type: 'reset' });
      await reply;
    },
    stop: () => stopChild(child),
  };
}

/** Ends a forked child by closing its IPC channel (it exits on 'disconnect'); killed if it has not after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.disconnect();
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

export interface ParseHandle {
  /** Pages the child holds (the bare loop's pages of the simulator's day). */
  pages: number;
  /** CPU (ms, all of the child's threads) of one JSON.parse of every page. */
  pass(): Promise<number>;
  stop(): Promise<void>;
}

/** The JSON.parse yardstick in its own process (parse-process.ts), with the V8 flags given (the engine's). */
export async function startParseProcess(simUrl: string, nodeFlags: readonly string[]): Promise<ParseHandle> {
  const child = fork(PARSE, [simUrl], { execArgv: [...nodeFlags, ...TS_EXEC_ARGV], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await ask<{ pages: number }>(child, 'ready', 'JSON.parse yardstick');
  return {
    pages: ready.pages,
    async pass() {
      const reply = ask<{ cpuMs: number }>(child, 'pass', 'JSON.parse yardstick');
      child.send({ type: 'pass' });
      return (await reply).cpuMs;
    },
    stop: () => stopChild(child),
  };
}

/** /proc's clock tick: USER_HZ is 100 on every Linux this runs on (the kernel's ABI value, independent of CONFIG_HZ). */
const MS_PER_TICK = 10;

/** CPU time (user + system, its waited-for children included) a process has used so far, in ms, from
 *  /proc/<pid>/stat; undefined where there is no /proc (not Linux) or the process is gone. */
export function processCpuMs(pid: number | undefined): number | undefined {
  const f = pid === undefined ? undefined : procStat(pid);
  if (!f) return undefined;
  const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  return Number.isFinite(ticks) ? ticks * MS_PER_TICK : undefined;
}

/** This process's CPU so far (user + system, ms) per thread name (`/proc/<pid>/task/<tid>/comm`: Node's main thread,
 *  `V8Worker` for V8's helper threads, `libuv-worker`, a worker thread's own name…), summed over the threads of a
 *  name; empty where there is no /proc (not Linux). */
export function threadCpuMsByName(): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${process.pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const f = procStat(process.pid, Number(tid));
    let name: string;
    try {
      name = readFileSync(`/proc/${process.pid}/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue; // the thread ended meanwhile
    }
    const ticks = f ? Number(f[11]) + Number(f[12]) : NaN;
    if (Number.isFinite(ticks)) out.set(name, (out.get(name) ?? 0) + ticks * MS_PER_TICK);
  }
  return out;
}
