// The CLI as a process among others: a closed output pipe, SIGINT mid-run, the per-table lock between two CLIs (the
// second refused with who holds it; a SIGKILLed holder's lock taken over by the next run), and `npm run backfill`'s
// launcher (the CLI from source with the built CLI's Node flags).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { JournalStore, lockHolder } from '../../electron/engine/store';
import cliNodeFlags from '../../electron/engine/node-flags.json' with { type: 'json' };
import { ROOT, startCli, type CliResult } from '../helpers/cli';
import { procStat } from '../helpers/proc-stat';
import { tempDir } from '../reliability/harness';
import { originalEvent } from '../helpers/events';

const TABLE = 'mambu_loan_transactions';
const EVENT = originalEvent({ end_date: '2025-01-03 00:00:00', chunk_hours: 12 });

let sim: Simulator;
let eventFile: string;
beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
  const dir = await tempDir('mb-proc-event-');
  eventFile = path.join(dir, 'event.json');
  await import('node:fs/promises').then((fs) => fs.writeFile(eventFile, JSON.stringify(EVENT)));
});
afterAll(() => sim?.close());

const env = (home: string) => ({
  MAMBU_BACKFILL_HOME: home,
  MAMBU_BASE_URL: sim.url,
  MAMBU_API_KEY: 'sim-api-key',
  MAMBU_PAGE_SIZE: '10',
  MAMBU_REQUESTS_PER_SECOND: '50',
  MAMBU_TIMEOUT_SECONDS: '60',
});

/** Makes the first page of chunk `chunk` (12-hour windows from 2025-01-01) wait `ms`: the run is held there. */
function holdChunk(chunk: number, ms: number, times = 1) {
  const windowStart = new Date(Date.UTC(2025, 0, 1) + (chunk - 1) * 12 * 3600_000).toISOString().replace('.000Z', '+00:00');
  return sim.faults.add({ kind: 'delay', delayMs: ms, endpoint: 'loans/transactions:search', windowStart, offset: 0, times });
}

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 30_000) {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a closed output pipe', () => {
  it('`mambu-backfill … | head -1` prints one line and exits 0 without an EPIPE trace', async () => {
    const home = await tempDir('mb-epipe-');
    const cli = `${JSON.stringify(process.execPath)} --import tsx electron/cli/main.ts --sandbox --event shared/samples/loan-transactions.json --out ${JSON.stringify(path.join(home, 'out'))}`;
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      // A real shell pipeline; PIPESTATUS[0] is the CLI's own exit status.
      const child = spawn('bash', ['-c', `${cli} 2>${JSON.stringify(path.join(home, 'stderr.txt'))} | head -1; exit \${PIPESTATUS[0]}`], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, MAMBU_BACKFILL_HOME: home },
      });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.on('close', async (code) => resolve({ code, stdout, stderr: await readFile(path.join(home, 'stderr.txt'), 'utf8') }));
    });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/ - INFO - Run \S+: Sandbox/);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|    at /);
    expect(r.code).toBe(0);
  });
});

describe('SIGINT mid-run', () => {
  it('cancels, leaves a journal that --resume completes', async () => {
    const home = await tempDir('mb-sigint-');
    const out = path.join(home, 'out');
    holdChunk(3, 20_000);
    const first = startCli(['--event', eventFile, '--out', out], env(home));
    let stdout = '';
    first.child.stdout!.on('data', (d: string) => (stdout += d));
    await waitFor(() => stdout.includes('Processing chunk 3'), 'chunk 3 to start');
    first.child.kill('SIGINT');
    const r: CliResult = await first.done;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130); // cancelled by SIGINT (chunks 1-2 ✓ stay landed): the CLI's documented status for a cancel
    expect(r.stdout).toMatch(/SUCCESSFUL CHUNKS: 2\/4/);

    const journals = new JournalStore(path.join(home, 'runs'));
    const [entry] = await journals.list();
    const runId = entry!.readable ? entry!.summary.runId : '';
    const parent = await journals.load(runId);
    expect(parent.chunks.map((c) => c.status)).toEqual(['success', 'success', 'cancelled', 'cancelled']);
    expect(parent.chunks[2]!.error).toMatch(/Cancelled/);
    // The lock went with the run.
    expect(await lockHolder(path.join(home, 'locks'), out, TABLE)).toBeUndefined();

    const resumed = await startCli(['--resume', runId], env(home)).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/resume: running 2 of 4 chunks/);
    const after = await journals.load(runId);
    expect(after.chunks.every((c) => c.status === 'success')).toBe(true);
  });
});

describe('one writer per table', () => {
  it('a second CLI on the same table is refused with who holds it; a SIGKILLed holder is taken over', async () => {
    const home = await tempDir('mb-lock-');
    const out = path.join(home, 'out');
    const locks = path.join(home, 'locks');
    holdChunk(1, 20_000); // the setup check (after the lock is taken): the holder stays in its run
    const holder = startCli(['--event', eventFile, '--out', out], env(home));
    let stdout = '';
    holder.child.stdout!.on('data', (d: string) => (stdout += d));
    await waitFor(
      async () => stdout.includes('Run ') && (await lockHolder(locks, out, TABLE)) !== undefined,
      'the first CLI to take the lock',
    );
    const held = await lockHolder(locks, out, TABLE);
    expect(held).toMatchObject({ pid: holder.child.pid, kind: 'cli', table: TABLE, destinationUri: out });
    const runId = /Run (\S+):/.exec(stdout)![1];
    expect(held!.runId).toBe(runId);

    const second = await startCli(['--event', eventFile, '--out', out], env(home)).done;
    expect(second.code, second.stdout + second.stderr).toBe(1);
    expect(second.stderr).toContain(
      `Table ${TABLE} at ${out} is being written by the CLI (pid ${holder.child.pid} on ${held!.hostname}, run ${runId}) since ${held!.since}`,
    );
    // Refused before anything was written or journaled (only the holder's run is in the history).
    expect((await readdir(path.join(home, 'runs'))).filter((n) => n.endsWith('.json'))).toEqual([`${runId}.json`]);

    holder.child.kill('SIGKILL');
    expect((await holder.done).signal).toBe('SIGKILL');
    expect(await lockHolder(locks, out, TABLE)).toMatchObject({ pid: holder.child.pid }); // left behind by the kill

    const next = await startCli(['--event', eventFile, '--out', out], env(home)).done;
    expect(next.code, next.stderr).toBe(0);
    expect(await lockHolder(locks, out, TABLE)).toBeUndefined();
    expect((await readdir(locks)).filter((n) => !n.startsWith('.'))).toEqual([]);
  });
});

/** The pids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(procStat(Number(name))?.[1]) === pid)
    .map(Number);
}

describe('npm run backfill (scripts/cli-from-source.mjs)', () => {
  it.skipIf(process.platform !== 'linux')(
    "starts the CLI from source with the built CLI's Node flags, passes the arguments and a SIGTERM on, exits as the CLI did",
    async () => {
      const home = await tempDir('mb-launcher-');
      holdChunk(2, 20_000);
      const child = spawn(
        process.execPath,
        [path.join(ROOT, 'scripts/cli-from-source.mjs'), '--event', eventFile, '--out', path.join(home, 'out')],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env(home) },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('close', (code, signal) => resolve({ code, signal })),
      );
      await waitFor(() => stdout.includes('Processing chunk 2'), 'chunk 2 to start');
      const [cli] = childrenOf(child.pid!);
      const argv = readFileSync(`/proc/${cli}/cmdline`, 'utf8').replace(/\0$/, '').split('\0');
      expect(argv.slice(1, 1 + cliNodeFlags.flags.length)).toEqual(cliNodeFlags.flags);
      expect(argv.slice(-4)).toEqual(['--event', eventFile, '--out', path.join(home, 'out')]);
      child.kill('SIGTERM');
      expect(await done).toEqual({ code: 130, signal: null }); // the CLI's status for a cancel, passed on
      expect(stdout).toMatch(/SUCCESSFUL CHUNKS: 1\/4/);
    },
  );
});
