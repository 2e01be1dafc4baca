// The engine thread as the app ships it: the host bundled into a .cjs with engine-worker.cjs beside it and no
// Parquet worker (scripts/build.mjs's layout of out/main/, with its esbuild options), run by plain Node: the worker
// entry is found from the bundle's own URL, and a sandbox run lands its Parquet, encoded on the engine thread.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { nodeCjs } from '../../scripts/bundle-options.mjs';

describe('the bundled engine thread', () => {
  it('starts its worker from beside the bundle and runs the sample event to Complete Success, with no Parquet worker', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mb-thread-bundle-'));
    const bundle = path.join(dir, 'main');
    const entries: Array<[string, string]> = [
      ['test/packaging/engine-thread-driver.ts', 'index.cjs'],
      ['electron/main/engine-worker.ts', 'engine-worker.cjs'],
    ];
    for (const [entry, out] of entries)
      await build({ ...nodeCjs, sourcemap: false, entryPoints: [entry], outfile: path.join(bundle, out) });
    const data = path.join(dir, 'data');
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(bundle, 'index.cjs'), data], { timeout: 60_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { status: number; objects: string[] };
    expect(result.status).toBe(0);
    expect(result.objects.length).toBeGreaterThan(0);
    for (const o of result.objects) expect(existsSync(o.startsWith('/') ? o : path.join(data, o))).toBe(true);
  });

  it("leaves the engine out of the app's main process: its bundle has no Mambu client, runner, S3 or Glue client", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mb-main-bundle-'));
    const main = path.join(dir, 'index.cjs');
    const worker = path.join(dir, 'engine-worker.cjs');
    await build({ ...nodeCjs, sourcemap: false, entryPoints: ['electron/main/index.ts'], outfile: main });
    await build({ ...nodeCjs, sourcemap: false, entryPoints: ['electron/main/engine-worker.ts'], outfile: worker });
    const engineMarks = [
      'function runBackfill(',
      'function createMambuSource(',
      '// node_modules/axios/',
      // The AWS SDK's clients name themselves in their command builders.
      '"AmazonS3", "S3Client"',
      '"AWSGlue", "GlueClient"',
    ];
    const mainText = readFileSync(main, 'utf8');
    const workerText = readFileSync(worker, 'utf8');
    for (const mark of engineMarks) {
      expect(workerText, mark).toContain(mark);
      expect(mainText, mark).not.toContain(mark);
    }
  });
});
