// Resume of a CLI run from the app, through the real preload, handlers and engine: the CLI's journal names its
// destination after its flags ("local folder"), so the app finds the destination by LOCATION; when none is saved
// there, the refusal carries the destination to add, and once added (under any name) the resume works.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import type { RunEvent } from '../../shared/run-types';
import { engineApi } from '../../electron/main/engine-adapter';
import { startCli } from '../helpers/cli';
import { openAppBridge, runToEnd, type AppBridge } from './app-bridge';

vi.mock('electron', () => import('./fake-electron'));

let app: AppBridge;
let tmp: string;
beforeAll(async () => {
  app = await openAppBridge(engineApi, 'mb-ipc-cli-resume-');
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mb-cli-run-'));
});
afterAll(() => app?.close());

describe('resume a CLI run from the app', () => {
  it('finds the destination by location, offers to add it when missing, then resumes only what is not ✓', async () => {
    // A CLI run of the sandbox into --out, killed (SIGKILL) after its second chunk: interrupted, process gone.
    const out = path.join(tmp, 'cli-out');
    const eventFile = path.join(tmp, 'event.json');
    await writeFile(eventFile, JSON.stringify({ ...SAMPLE_EVENT, end_date: '2025-01-03 00:00:00', chunk_hours: 1 }));
    const { child, done } = startCli(['--sandbox', '--event', eventFile, '--out', out], { MAMBU_BACKFILL_HOME: app.home });
    let printed = '';
    child.stdout!.on('data', (d: string) => {
      printed += d;
      if (/Successfully processed chunk 2:/.test(printed) && !child.killed) child.kill('SIGKILL');
    });
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');

    const list = await app.page.interruptedRuns();
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value).toHaveLength(1);
    const parent = list.value[0]!;
    expect(parent.destination).toBe('local folder');

    // No saved destination points to the CLI's folder: refused, with what to add.
    const refused = await app.page.resumeRun({ runId: parent.runId });
    expect(refused.ok).toBe(false);
    const missing = !refused.ok ? refused.error.missingDestination : undefined;
    expect(missing).toEqual({ runId: parent.runId, uri: out, suggested: { kind: 'local', name: 'local folder', path: out } });
    expect(!refused.ok && refused.error.message).toMatch(/no saved destination points to .*cli-out/);

    // Added under another name: found by its location.
    const saved = await app.page.saveDestination({ destination: { ...missing!.suggested, name: 'CLI output' } });
    expect(saved.ok).toBe(true);
    let started: { destination: string; chunks: number } | undefined;
    const { done: end, seen } = await runToEnd(app, async () => {
      const r = await app.page.resumeRun({ runId: parent.runId });
      if (r.ok) started = r.value;
      return r;
    });
    expect(started!.destination).toBe('CLI output');
    expect(end.status).toBe(0);
    const ran = seen.filter((e): e is Extract<RunEvent, { type: 'chunk-started' }> => e.type === 'chunk-started').map((e) => e.index);
    // Chunk 1 is journaled ✓ (chunk 2 may not be yet: the journal lags the log by one write) and is not run again.
    expect(ran[0]).toBeGreaterThanOrEqual(2);
    expect(ran.at(-1)).toBe(48);
    const after = await app.page.getRun({ runId: parent.runId });
    expect(after.ok && after.value.chunks.every((c) => c.status === 'success')).toBe(true);
  });
});
