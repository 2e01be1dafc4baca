// The per-run log file beside the journal: written by the CLI (and by the app, through the same runJournaled),
// one JSON line per event worth keeping, and never a secret — scanned for the known values after a run with
// failures, and after events that carry a secret in every place one could hide (message, error, JSON-escaped).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { openRunLog } from '../../electron/engine/run-log';
import { runCliProcess } from '../helpers/cli';
import { tempDir } from '../reliability/harness';
import { originalEvent } from '../helpers/events';

const API_KEY = 'log-test-KEY-9a8b7c6d';
const S3_SECRET = 'aws/Secret+Key"with\\odd\tchars';

describe('the run log', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ auth: { kind: 'apiKey', apiKey: API_KEY } });
  });
  afterAll(() => sim?.close());

  it('a CLI run writes runs/<runId>.log beside its journal: every chunk, the failure, the summary; no secret', async () => {
    const home = await tempDir('mb-runlog-');
    const dir = await tempDir('mb-runlog-ev-');
    const event = path.join(dir, 'event.json');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(event, JSON.stringify(originalEvent({ end_date: '2025-01-03 00:00:00', chunk_hours: 12 }))),
    );
    // Chunk 2 fails for good (500 on every attempt).
    sim.faults.add({
      kind: 'status',
      status: 500,
      endpoint: 'loans/transactions:search',
      windowStart: '2025-01-01T12:00:00+00:00',
      times: Infinity,
    });
    const r = await runCliProcess(['--event', event, '--out', path.join(home, 'out')], {
      MAMBU_BACKFILL_HOME: home,
      MAMBU_BASE_URL: sim.url,
      MAMBU_API_KEY: API_KEY,
      MAMBU_MAX_RETRIES: '1',
      AWS_SECRET_ACCESS_KEY: S3_SECRET,
    });
    sim.faults.clear();
    expect(r.code).toBe(2);
    const names = await readdir(path.join(home, 'runs'));
    const journal = names.find((n) => /^\d{8}-\d{6}-[0-9a-f]+\.json$/.test(n))!;
    const logName = journal.replace(/\.json$/, '.log');
    expect(names).toContain(logName);
    expect(r.stdout).toContain(`Run log: ${path.join(home, 'runs', logName)}`);
    const file = path.join(home, 'runs', logName);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.every((l) => l.runId === journal.replace(/\.json$/, '') && typeof l.time === 'string')).toBe(true);
    const chunks = lines.filter((l) => l.msg === 'chunk done');
    expect(chunks.map((l) => [l.chunk, l.status])).toEqual([
      [1, 'success'],
      [2, 'failed'],
      [3, 'success'],
      [4, 'success'],
    ]);
    expect(chunks[1]!.error).toMatch(/500/);
    expect(lines.some((l) => l.msg === 'PROCESSING SUMMARY: Completed 4 chunks')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ msg: 'run done', status: 2 });
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(S3_SECRET);
  });

  it('removes secrets from messages, errors and fields, raw or JSON-escaped', async () => {
    const dir = await tempDir('mb-runlog-unit-');
    const file = path.join(dir, 'r.log');
    const log = openRunLog(file, 'r1', [API_KEY, S3_SECRET, undefined, 'ab']);
    log.observe({ type: 'log', runId: 'r1', level: 'ERROR', line: `401 with apikey: ${API_KEY}` });
    log.observe({ type: 'setup-checked', runId: 'r1', at: 'now', ok: false, error: `signature for ${S3_SECRET} failed` });
    log.observe({ type: 'chunk-restarted', runId: 'r1', index: 1, reason: JSON.stringify({ key: S3_SECRET }) });
    log.error(`crash ${API_KEY}`);
    log.close();
    const text = await readFile(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(4);
    expect(text).toContain('***');
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(S3_SECRET);
    expect(text).not.toContain(JSON.stringify(S3_SECRET).slice(1, -1));
    expect(text).not.toContain('Secret+Key');
  });
});
