// The app writes the same per-run log as the CLI: a sandbox run through the real preload, handlers, RunManager and
// engine leaves runs/<runId>.log beside its journal.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { SANDBOX_CONNECTION } from '../../shared/settings';
import { engineApi } from '../../electron/main/engine-adapter';
import { openAppBridge, runToEnd, type AppBridge } from './app-bridge';

vi.mock('electron', () => import('./fake-electron'));

let app: AppBridge;
beforeAll(async () => {
  app = await openAppBridge(engineApi, 'mb-app-runlog-');
});
afterAll(() => app?.close());

it('an app run leaves runs/<runId>.log with every chunk and the end', async () => {
  const { runId, done } = await runToEnd(app, () =>
    app.page.startRun({
      event: { ...SAMPLE_EVENT, end_date: '2025-01-03 00:00:00' },
      connection: SANDBOX_CONNECTION,
      destination: 'Local folder',
    }),
  );
  expect(done.status).toBe(0);
  const lines = (await readFile(path.join(app.home, 'runs', `${runId}.log`), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines[0]).toMatchObject({ runId, msg: 'run started', context: expect.objectContaining({ connection: SANDBOX_CONNECTION }) });
  expect(lines.filter((l) => l.msg === 'chunk done').map((l) => l.status)).toEqual(['success', 'success']);
  expect(lines.at(-1)).toMatchObject({ msg: 'run done', status: 0 });
});
