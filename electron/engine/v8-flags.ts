// The V8 flags the engine is tuned for live in node-flags.json (each one's reason is there). The CLI passes all of
// them on its command line (its shebang, scripts/build.mjs). The app cannot: Electron takes V8 flags for its main
// process only on its own command line, which the user's launcher owns. Some flags are read by V8 while it runs,
// not only when the heap is set up; those the app's main process sets at start-up, before any run.
import v8 from 'node:v8';
import nodeFlags from './node-flags.json' with { type: 'json' };

/** Flags V8 reads again each time it sets the old generation's next limit (heap/memory-controller.cc), so setting
 *  them in a running process takes effect from its next full GC. --max-semi-space-size is not one: it is read once. */
const READ_WHILE_RUNNING = /^--heap-growing-percent=\d+$/;

/** The engine's flags (the CLI's command line; the benchmarks start the engine's processes with them). */
export const ENGINE_NODE_FLAGS: readonly string[] = nodeFlags.flags;

/** Those of them a running process can still take. */
export function runtimeV8Flags(): string[] {
  return ENGINE_NODE_FLAGS.filter((f) => READ_WHILE_RUNNING.test(f));
}

/** Sets the runtime-settable flags in this process (the app's main process; a no-op where they were on the command
 *  line already). */
export function applyRuntimeV8Flags(): void {
  for (const flag of runtimeV8Flags()) v8.setFlagsFromString(flag);
}

/** The young generation, in MB, of an isolate sized like the CLI's: V8 makes it three semi-spaces (two, and the
 *  new large-object space beside them), so --max-semi-space-size=8 is 24. For a worker thread, which takes it as
 *  `resourceLimits.maxYoungGenerationSizeMb`. */
export function engineYoungGenerationMb(): number {
  const flag = ENGINE_NODE_FLAGS.find((f) => f.startsWith('--max-semi-space-size='));
  if (!flag) throw new Error('node-flags.json has no --max-semi-space-size');
  return 3 * Number(flag.split('=')[1]);
}
