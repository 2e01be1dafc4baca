// Electron starts this process with V8's default flags (it takes V8 flags for the main process only on its own
// command line). The flags V8 reads while it runs are set here, before any run, and hold for every isolate of the
// process, the engine thread's too (engine-thread.ts, which sets its young generation itself): the old generation's
// growing factor spares the engine a full GC every few pages (electron/engine/node-flags.json).
import { applyRuntimeV8Flags } from '../engine/v8-flags';

export function setupEngineHeap(): void {
  applyRuntimeV8Flags();
}
