// The per-table lock in one process: refusal with the holder, release, stale takeover racing many contenders
// (exactly one wins), and the app's RunManager refusing a table the CLI holds. Real processes: test/cli/processes.
import { spawnSync } from 'node:child_process';
import { writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { acquireTableLock, lockHolder, TableLockedError, type TableLock } from '../../electron/engine/store';
import { lockFileFor } from '../../electron/engine/store/table-lock';
import { openDataStores } from '../../electron/main/core/data-stores';
import { RunManager } from '../../electron/main/core/run-manager';
import { MemorySecretStore } from '../../electron/main/core/secret-store';
import { LOCAL_DESTINATION, SettingsStore } from '../../electron/main/core/settings-store';
import { scriptedEngine, tempDir } from '../ipc/helpers';

const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
const who = (runId: string, kind: 'app' | 'cli' = 'cli') => ({ destinationUri: 's3://lake/raw/', table: 'mambu_clients', runId, kind });

describe('table lock', () => {
  it('refuses a second holder naming the first, and is free again after release', async () => {
    const dir = await tempDir('mb-lock-');
    const a = await acquireTableLock(dir, who('run-a'));
    const b = acquireTableLock(dir, { ...who('run-b', 'app'), destinationUri: 's3://lake/raw' }); // same table, trailing slash aside
    await expect(b).rejects.toBeInstanceOf(TableLockedError);
    await expect(b).rejects.toThrow(
      `Table mambu_clients at s3://lake/raw is being written by the CLI (pid ${process.pid} on ${os.hostname()}, run run-a) since ${a.holder.since}`,
    );
    // Another table, or the same table elsewhere, is independent.
    const other = await acquireTableLock(dir, { ...who('run-c'), table: 'mambu_loan_accounts' });
    const elsewhere = await acquireTableLock(dir, { ...who('run-d'), destinationUri: 's3://other/raw/' });
    await a.release();
    await a.release();
    const c = await acquireTableLock(dir, who('run-e'));
    expect(await lockHolder(dir, 's3://lake/raw/', 'mambu_clients')).toMatchObject({ runId: 'run-e' });
    await Promise.all([c.release(), other.release(), elsewhere.release()]);
  });

  it("a dead process's lock is taken over by exactly one of many racing contenders", async () => {
    const dir = await tempDir('mb-lock-');
    const file = lockFileFor(dir, 's3://lake/raw/', 'mambu_clients');
    await mkdir(dir, { recursive: true });
    const dead = {
      pid: deadPid(),
      hostname: os.hostname(),
      kind: 'cli',
      runId: 'crashed',
      since: '2025-01-01T00:00:00.000Z',
      destinationUri: 's3://lake/raw',
      table: 'mambu_clients',
    };
    for (let round = 0; round < 5; round++) {
      await writeFile(file, JSON.stringify(dead));
      const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => acquireTableLock(dir, who(`racer-${i}`))));
      const won = results.filter((r): r is PromiseFulfilledResult<TableLock> => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const lost = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
      expect(lost.every((m) => m.includes(`run ${won[0]!.value.holder.runId})`))).toBe(true);
      await won[0]!.value.release();
    }
  });

  it('a live process on another host is never taken over', async () => {
    const dir = await tempDir('mb-lock-');
    await mkdir(dir, { recursive: true });
    await writeFile(
      lockFileFor(dir, 's3://lake/raw/', 'mambu_clients'),
      JSON.stringify({
        pid: deadPid(),
        hostname: 'elsewhere',
        kind: 'app',
        runId: 'far',
        since: '2025-01-01T00:00:00.000Z',
        destinationUri: 's3://lake/raw',
        table: 'mambu_clients',
      }),
    );
    await expect(acquireTableLock(dir, who('near'))).rejects.toThrow(
      /the app \(pid \d+ on elsewhere, run far\).*another computer; if it is gone, remove/,
    );
  });

  it('the app refuses to start a run on a table the CLI is writing', async () => {
    const dir = await tempDir('mb-lock-app-');
    const out = path.join(dir, 'out');
    const { presets, journals } = openDataStores(path.join(dir, 'home'));
    const settings = new SettingsStore({ file: path.join(dir, 'settings.json'), defaultOutputDir: out });
    const script = scriptedEngine({ pagesPerChunk: 1 });
    const runs = new RunManager({ engine: script.engine, settings, secrets: new MemorySecretStore(), journals });
    void presets;
    const cli = await acquireTableLock(path.join(dir, 'home', 'locks'), {
      destinationUri: out,
      table: SAMPLE_EVENT.table_name as string,
      runId: 'cli-run',
      kind: 'cli',
    });
    const owner = { id: 1, send: () => undefined, isDestroyed: () => false };
    const r = await runs.start(owner, { event: SAMPLE_EVENT, connection: 'Sandbox (simulated tenant)', destination: LOCAL_DESTINATION });
    expect(!r.ok && r.error.message).toMatch(new RegExp(`is being written by the CLI \\(pid ${process.pid} .*run cli-run\\)`));
    expect(script.sessions).toHaveLength(0);
    await cli.release();
    const ok = await runs.start(owner, { event: SAMPLE_EVENT, connection: 'Sandbox (simulated tenant)', destination: LOCAL_DESTINATION });
    expect(ok.ok).toBe(true);
    await runs.settled(ok.ok ? ok.value.runId : '');
    expect(await lockHolder(path.join(dir, 'home', 'locks'), out, SAMPLE_EVENT.table_name as string)).toBeUndefined();
  });
});
