// The main process, not the renderer, is the gate: payloads sent straight over the bridge are parsed by the real
// handlers and rejected naming the field, and a caller that is not the app's window is refused by the real sender
// check (electron/main/ipc/register.ts + core/sender-check.ts) before any handler runs.
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { API_METHODS, INVOKE_CHANNELS } from '../../shared/ipc/contract';
import { harnessCall, installBridge } from './harness/client';
import { expect, filesUnder, test } from './fixtures';

type Issue = { field: string; message: string };
type AnyResult = { ok: boolean; value?: unknown; error?: { message: string; issues?: Issue[] } };

test('every contract channel is registered by the real registration', async ({ bridge }) => {
  const state = await harnessCall<{ channels: string[] }>(bridge.url, 'state');
  expect([...state.channels].sort()).toEqual([...INVOKE_CHANNELS].sort());
  expect(Object.values(API_METHODS).length).toBe(INVOKE_CHANNELS.length);
});

test('malformed payloads through window.backfill are rejected by the main process, naming the field', async ({ app: page, bridge }) => {
  const results = (await page.evaluate(async (sample) => {
    const api = (globalThis as unknown as { backfill: Record<string, (r?: unknown) => Promise<unknown>> }).backfill;
    return {
      garbage: await api.startRun!({ event: 'garbage', connection: 42 }),
      extraKey: await api.startRun!({ event: sample, connection: 'Sandbox (simulated tenant)', destination: 'Local folder', sneaky: true }),
      badEvent: await api.startRun!({
        event: { ...sample, start_date: 'yesterday' },
        connection: 'Sandbox (simulated tenant)',
        destination: 'Local folder',
      }),
      unknownConnection: await api.startRun!({ event: sample, connection: 'Nope', destination: 'Local folder' }),
      notAnObject: await api.cancelRun!('everything'),
      payloadOnVoid: await api.getSettings!({ please: 'leak' }),
    };
  }, SAMPLE_EVENT)) as Record<string, AnyResult>;

  const fields = (r: AnyResult) => (r.error?.issues ?? []).map((i) => i.field);
  for (const [name, r] of Object.entries(results)) expect(r.ok, name).toBe(false);
  expect(fields(results.garbage!)).toEqual(expect.arrayContaining(['connection', 'destination']));
  expect(results.garbage!.error!.message).toContain('run:start was called with a malformed payload');
  expect(results.extraKey!.error!.message).toContain('sneaky');
  expect(fields(results.badEvent!)).toContain('start_date');
  expect(fields(results.unknownConnection!)).toEqual(['connection']);
  expect(results.notAnObject!.error!.message).toContain('run:cancel was called with a malformed payload');
  expect(results.payloadOnVoid!.error!.message).toContain('this command takes no payload');

  // Raw requests with bodies the client would never send.
  const raw = await page.evaluate(async (token) => {
    const post = async (channel: string, body: string): Promise<{ status: number; body: any }> => {
      const res = await fetch(`/invoke/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-backfill-window': token },
        body,
      });
      return { status: res.status, body: await res.json() };
    };
    return {
      notJson: await post('run:start', '{"event": '),
      notArgs: await post('run:start', '{"event": {}}'),
      twoArgs: await post('run:cancel', JSON.stringify([{ runId: 'a' }, { runId: 'b' }])),
      wrongTypes: await post('run:start', JSON.stringify([{ event: {}, connection: '', destination: ['Local folder'] }])),
      nullEvent: await post(
        'run:start',
        JSON.stringify([{ event: null, connection: 'Sandbox (simulated tenant)', destination: 'Local folder' }]),
      ),
      deepGarbage: await post(
        'connections:save',
        JSON.stringify([{ connection: { name: 'x', pageSize: 'lots', authKind: 'root' }, secret: 7 }]),
      ),
      unknownChannel: await post('shell:exec', JSON.stringify([{ cmd: 'rm -rf /' }])),
    };
  }, bridge.windowToken);
  expect(raw.notJson.status).toBe(400);
  expect(raw.notJson.body.error.message).toContain('must be JSON');
  expect(raw.notArgs.status).toBe(400);
  expect(raw.twoArgs.body).toEqual({ ok: false, error: { message: 'run:cancel takes one payload object, got 2 arguments' } });
  const wrongFields = (raw.wrongTypes.body.error.issues as Issue[]).map((i) => i.field);
  expect(wrongFields).toEqual(expect.arrayContaining(['connection', 'destination']));
  expect(raw.nullEvent.body.ok).toBe(false);
  expect(raw.nullEvent.body.error.message).toMatch(/event/i);
  const deepFields = (raw.deepGarbage.body.error.issues as Issue[]).map((i) => i.field);
  expect(deepFields).toEqual(expect.arrayContaining(['connection.pageSize', 'connection.authKind', 'secret']));
  expect(raw.unknownChannel.status).toBe(404);
  expect(raw.unknownChannel.body.error.message).toBe("No handler registered for 'shell:exec'");

  // None of it did anything: no run, no connection, no output.
  const state = await harnessCall<{ activeRun: string | null }>(bridge.url, 'state');
  expect(state.activeRun).toBeNull();
  const connections = await bridge.invoke<Array<{ name: string }>>('connections:list');
  expect(connections.ok && connections.value.map((c) => c.name)).toEqual(['Sandbox (simulated tenant)']);
  expect(await filesUnder(bridge.session.outputDir)).toEqual([]);
});

test('a page from another origin is refused by the sender check, and so is another window', async ({ page, bridge }) => {
  // The same built renderer, loaded from http://localhost:PORT: a different origin than the app's 127.0.0.1:PORT.
  const foreign = bridge.url.replace('127.0.0.1', 'localhost');
  await installBridge(page, bridge.windowToken);
  await page.goto(`${foreign}/`);
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load settings' })).toContainText(
    `settings:get was refused: the sender origin ${foreign} is not the app's`,
  );
  const viaApi = await page.evaluate(async () => {
    const api = (globalThis as unknown as { backfill: Record<string, (r?: unknown) => Promise<unknown>> }).backfill;
    return api.startRun!({ event: {}, connection: 'Sandbox (simulated tenant)', destination: 'Local folder' });
  });
  expect(viaApi).toEqual({ ok: false, error: { message: `run:start was refused: the sender origin ${foreign} is not the app's` } });
  const stream = await page.evaluate(async () => (await fetch('/events?window=x')).status);
  expect(stream).toBe(403);

  // The app's origin but not the app's window (an unknown owner token), and a caller that states no page at all.
  const other = await fetch(`${bridge.url}/invoke/settings:get`, {
    method: 'POST',
    headers: { origin: bridge.url, 'x-backfill-window': 'not-the-window' },
    body: '[]',
  }).then((r) => r.json());
  expect(other).toEqual({ ok: false, error: { message: 'settings:get was refused: the sender is not a window of this app' } });
  const noPage = await fetch(`${bridge.url}/invoke/settings:get`, {
    method: 'POST',
    headers: { 'x-backfill-window': bridge.windowToken },
    body: '[]',
  }).then((r) => r.json());
  expect(noPage).toEqual({ ok: false, error: { message: 'settings:get was refused: the sending frame is gone' } });
  // The trusted window with the same request is served: the refusals above are the check, not a broken bridge.
  const trusted = await bridge.invoke<{ defaults: { connection: string } }>('settings:get');
  expect(trusted.ok && trusted.value.defaults.connection).toBe('Sandbox (simulated tenant)');
});
