// The CLI's --retry-failed / --resume apply the app's continuation rules (electron/engine/continuation.ts): a retry
// needs a finished run, a resume needs an unfinished run whose process is gone and that nobody resumed yet. Runs
// in-process against real journals; the refused cases stop before any connection or destination is touched.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run-cli';
import { JournalStore } from '../../electron/engine/store';
import { newRun, partialRun, successResult } from '../reports/run-fixture';

let home: string;
let runsDir: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'mb-cli-cont-'));
  runsDir = path.join(home, 'runs');
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { MAMBU_BACKFILL_HOME: home },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    new AbortController().signal,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A journal store writing as a process that surely no longer exists: its unfinished runs read as interrupted. */
const crashedWriter = (dir: string) =>
  new JournalStore(dir, { writer: { pid: spawnSync(process.execPath, ['-e', '']).pid!, hostname: os.hostname() } });

describe('CLI continuation rules (the same as the app)', () => {
  it('--retry-failed refuses a run that has not finished, pointing to --resume', async () => {
    await crashedWriter(runsDir).create(newRun('20250401-000000-aaaaaa'));
    const r = await cli('--retry-failed', '20250401-000000-aaaaaa');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Run 20250401-000000-aaaaaa has not finished: retry failed works on a finished run.*--resume/);
  });

  it('--resume refuses a run whose process is still alive (by id and by journal path)', async () => {
    const live = new JournalStore(runsDir); // written by this very process, which is alive
    const file = await live.create(newRun('20250402-000000-bbbbbb'));
    for (const ref of ['20250402-000000-bbbbbb', file]) {
      const r = await cli('--resume', ref);
      expect(r.code, ref).toBe(1);
      expect(r.err).toMatch(/Run 20250402-000000-bbbbbb cannot be resumed: it is still running, or another run has already resumed it/);
    }
  });

  it("--resume of a journal in another folder is judged among that folder's runs", async () => {
    const elsewhere = path.join(home, 'elsewhere');
    const file = await new JournalStore(elsewhere).create(newRun('20250402-000000-cccccc'));
    const r = await cli('--resume', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot be resumed: it is still running/);
  });

  it('--resume refuses a run another run has already resumed', async () => {
    const crashed = crashedWriter(runsDir);
    const parent = newRun('20250403-000000-dddddd');
    parent.chunks[0] = successResult(parent.chunks[0]!);
    await crashed.create(parent);
    const child = newRun('20250403-010000-eeeeee');
    child.context = { ...child.context, mode: 'resume', parentRunId: parent.runId };
    child.startedAt = '2025-04-07T11:00:00.000Z';
    await crashed.create(child);
    const r = await cli('--resume', parent.runId);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/another run has already resumed it/);
  });

  it('--resume refuses a finished run, pointing to --retry-failed', async () => {
    await new JournalStore(runsDir).create(partialRun('20250404-000000-ffffff'));
    const r = await cli('--resume', '20250404-000000-ffffff');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/finished; nothing to resume.*--retry-failed/);
  });

  it('--retry-failed of a run with every chunk ✓ says so and exits 0', async () => {
    const run = partialRun('20250405-000000-abcdef');
    run.chunks = run.chunks.map((c) => successResult(c));
    run.status = 0;
    await new JournalStore(runsDir).create(run);
    const r = await cli('--retry-failed', run.runId);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Nothing to retry: every chunk of run 20250405-000000-abcdef is ✓/);
  });

  it('an unknown run is refused by name', async () => {
    const r = await cli('--resume', '20990101-000000-abcdef');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Cannot resume run 20990101-000000-abcdef: it is not in the run history/);
  });
});
