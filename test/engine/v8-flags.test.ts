// The engine's V8 flags: the CLI passes all of node-flags.json on its command line (test/cli/processes.test.ts reads
// its argv); the app's main process sets at start-up those V8 reads while it runs. Here: which ones those are, and
// that V8 takes each of them when set in a running process (an unknown or misspelt flag is not an error there: V8
// only prints "unrecognized flag" and carries on, so the check reads what it prints).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import nodeFlags from '../../electron/engine/node-flags.json' with { type: 'json' };
import { runtimeV8Flags } from '../../electron/engine/v8-flags';

/** What V8 prints when a running Node process sets these flags. */
function setAtRunTime(flags: readonly string[]): string {
  const r = spawnSync(
    process.execPath,
    ['-e', 'for (const f of JSON.parse(process.argv[1])) require("node:v8").setFlagsFromString(f)', JSON.stringify(flags)],
    {
      encoding: 'utf8',
    },
  );
  expect(r.status).toBe(0);
  return `${r.stdout}${r.stderr}`;
}

describe('the engine V8 flags', () => {
  it('the app sets the old generation growing factor at start-up, not the semi-space size (read only when the heap is set up)', () => {
    const runtime = runtimeV8Flags();
    expect(runtime).toEqual(nodeFlags.flags.filter((f) => f.startsWith('--heap-growing-percent=')));
    expect(runtime).toHaveLength(1);
    expect(runtime.some((f) => f.startsWith('--max-semi-space-size'))).toBe(false);
  });

  it('V8 takes each of them in a running process (and says so when it does not)', () => {
    expect(setAtRunTime(runtimeV8Flags())).toBe('');
    expect(setAtRunTime(['--heap-growing-percentage=200'])).toMatch(/unrecognized flag --heap-growing-percentage/);
  });
});
