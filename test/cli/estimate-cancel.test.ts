// The CLI's --estimate (totals equal the tenant's truth), the unknown-endpoint warning of --dry-run, and a SIGINT
// cancel: exit 130, "Cancelled" in the journal and the History.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { JournalStore, homeLayout } from '../../electron/engine/store';
import { logMessages, runCliProcess, startCli, ROOT } from '../helpers/cli';

const SAMPLE = path.join(ROOT, 'shared/samples/loan-transactions.json');
const API_KEY = 'cli-estimate-key-1';
let tmp: string;
let sim: Simulator;
const dir = (name: string) => mkdtemp(path.join(tmp, name + '-'));
const env = (home: string, extra: Record<string, string> = {}) => ({
  MAMBU_BACKFILL_HOME: home,
  MAMBU_BASE_URL: sim.url,
  MAMBU_API_KEY: API_KEY,
  MAMBU_REQUESTS_PER_SECOND: '50',
  ...extra,
});

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mb-cli-est-'));
  sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: API_KEY }, perDay: 60, latencyMs: 40 });
});
afterAll(() => sim.close());

describe('mambu-backfill --estimate', () => {
  it("prints a row per chunk and totals equal to the tenant's records, one request per chunk, exit 0", async () => {
    const before = sim.requests.length;
    const r = await runCliProcess(['--event', SAMPLE, '--estimate'], env(await dir('est-home'), { MAMBU_PAGE_SIZE: '25' }));
    expect(r.code).toBe(0);
    expect(sim.requests.length - before).toBe(9);
    // Mambu counts BETWEEN with both ends: the truth over [start, end].
    let truth = 0;
    const rows = r.stdout.split('\n').filter((l) => /^\d+\s+2025-/.test(l));
    expect(rows).toHaveLength(9);
    for (let d = 1; d <= 9; d++) {
      const start = new Date(Date.UTC(2025, 0, d));
      const end = new Date(Date.UTC(2025, 0, d + 1) + 1);
      const n = sim.truth.window('loans/transactions', 'creationDate', start, end).length;
      truth += n;
      expect(rows[d - 1]!.split(/\s{2,}/)[3]).toBe(n.toLocaleString('en-US'));
    }
    expect(r.stdout).toContain(`Expected records: ${truth.toLocaleString('en-US')}`);
    expect(r.stdout).toMatch(/Requests the run would send: \d+ \(\d+ pages of 25 \+ the setup check/);
    expect(r.stdout).toMatch(/Expected duration: about .* at 50 requests\/s/);
    expect(r.stdout).toMatch(/Largest chunks: \d+ \(/);
  });

  it('--dry-run warns of an unknown endpoint and names the closest known one', async () => {
    const file = path.join(await dir('ev'), 'event.json');
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(SAMPLE, 'utf8')), endpoint: 'loan/transaction:search' }));
    const r = await runCliProcess(['--event', file, '--dry-run'], env(await dir('dry-home')));
    expect(r.code).toBe(0);
    expect(logMessages(r.stdout)).toContainEqual({
      level: 'WARNING',
      message: expect.stringMatching(
        /endpoint loan\/transaction:search is not one the engine knows.*Did you mean loans\/transactions:search\?/,
      ),
    });
  });
});

describe('SIGINT', () => {
  it('cancels: exit 130, the summary still printed, the journal and History say Cancelled', async () => {
    const home = await dir('sig-home');
    const { child, done } = startCli(
      ['--event', SAMPLE, '--out', await dir('sig-out')],
      env(home, { MAMBU_PAGE_SIZE: '10', MAMBU_REQUESTS_PER_SECOND: '20' }),
    );
    let out = '';
    child.stdout!.on('data', (d: string) => {
      out += d;
      if (/Successfully processed chunk 1/.test(out) && !child.killed) child.kill('SIGINT');
    });
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('Run cancelled');
    expect(r.stdout).toContain('PROCESSING SUMMARY: Completed 9 chunks');
    const [entry] = await new JournalStore(homeLayout(home).runsDir).list();
    expect(entry!.readable && entry!.summary).toMatchObject({ outcome: 'cancelled', statusLabel: 'Cancelled' });
    // --list-runs says Cancelled too, with the run's warning count.
    const list = await runCliProcess(['--list-runs'], { MAMBU_BACKFILL_HOME: home });
    const row = list.stdout.split('\n').find((l) => l.startsWith(entry!.readable ? entry!.summary.runId : '?'))!;
    expect(row).toMatch(/ Cancelled +\d+\/\d+ +\d+ +\d+  mambu_loan_transactions/);
    expect(list.stdout).toMatch(/RECORDS WARNINGS/);
  });
});
