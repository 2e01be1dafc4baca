// Bundled by engine-thread-bundle.test.ts beside the engine thread's entry, as scripts/build.mjs lays out out/main/: runs the sample event on the sandbox through the engine thread into the
// folder given as argv[2] and prints the run's status and objects as JSON.
import path from 'node:path';
import { createEngineThread } from '../../electron/main/engine-thread';
import { JournalStore } from '../../electron/engine/store';
import { SAMPLE_EVENT } from '../../shared/event/samples';
import { SANDBOX_SETTINGS } from '../../shared/settings';

async function main(): Promise<void> {
  const dir = process.argv[2]!;
  const thread = createEngineThread();
  const run = await thread.openRun({ connection: SANDBOX_SETTINGS, destination: { kind: 'local', name: 'out', path: dir } });
  const { record } = await run.run({
    store: new JournalStore(path.join(dir, 'runs')),
    runId: 'bundled-1',
    event: SAMPLE_EVENT,
    onEvent: () => undefined,
    signal: new AbortController().signal,
  });
  await run.close();
  await thread.stop();
  console.log(JSON.stringify({ status: record.status, objects: record.chunks.flatMap((c) => c.objects) }));
}

// No top-level await: bundled into CJS.
void main();
