// `mambu-backfill --help` states defaults and ranges; they must be what the CLI really does. The numbers are read
// from the help text as printed by the real CLI, then checked against the CLI's behaviour (the connection it builds
// from an environment without those variables, the values it refuses) and against the engine's part size.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionFromEnv } from '../../electron/cli/env-config';
import { toMambuConnection } from '../../electron/engine/connection';
import { DEFAULT_PART_ROWS } from '../../electron/engine/runner';
import { runCliProcess, ROOT } from '../helpers/cli';

const VARS = ['MAMBU_PAGE_SIZE', 'MAMBU_REQUESTS_PER_SECOND', 'MAMBU_TIMEOUT_SECONDS', 'MAMBU_MAX_RETRIES'] as const;

async function helpText(): Promise<string> {
  const r = await runCliProcess(['--help'], {});
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('--help states the real defaults', () => {
  it('the connection defaults and ranges are what the CLI applies', async () => {
    const help = (await helpText()).replace(/\s+/g, ' ');
    const m =
      /\(defaults ([\d.]+), ([\d.]+), ([\d.]+), ([\d.]+); ranges ([\d.]+)–([\d.]+), ([\d.]+)–([\d.]+), ([\d.]+)–([\d.]+), ([\d.]+)–([\d.]+)\)/.exec(
        help,
      );
    expect(m, 'the help names the defaults and ranges of ' + VARS.join(', ')).not.toBeNull();
    const n = m!.slice(1).map(Number);
    const defaults = n.slice(0, 4);
    const ranges = [0, 1, 2, 3].map((i) => [n[4 + 2 * i]!, n[5 + 2 * i]!] as const);

    const env = { MAMBU_SUBDOMAIN: 'mybank', MAMBU_API_KEY: 'help-test-key' };
    const c = connectionFromEnv(env, false);
    const client = toMambuConnection(c.settings, c.secret, c.overrides);
    expect([c.settings.pageSize, c.settings.requestsPerSecond, c.settings.timeoutSeconds, client.maxRetries]).toEqual(defaults);

    VARS.forEach((name, i) => {
      const [min, max] = ranges[i]!;
      expect(() => connectionFromEnv({ ...env, [name]: String(min) }, false), `${name}=${min}`).not.toThrow();
      expect(() => connectionFromEnv({ ...env, [name]: String(max) }, false), `${name}=${max}`).not.toThrow();
      const below = min - (Number.isInteger(min) ? 1 : min / 2);
      expect(() => connectionFromEnv({ ...env, [name]: String(below) }, false), `${name}=${below}`).toThrow(
        new RegExp(`${name} must be a number from ${min} to ${max}`),
      );
      expect(() => connectionFromEnv({ ...env, [name]: String(max + 1) }, false), `${name}=${max + 1}`).toThrow(new RegExp(name));
    });
  });

  it("the --part-rows default is the engine's part size, and MAMBU_TIMEZONE defaults to UTC", async () => {
    const help = await helpText();
    expect(Number(/--part-rows N\s+rows per Parquet part \(default (\d+)/.exec(help)?.[1])).toBe(DEFAULT_PART_ROWS);
    expect(help).toMatch(/MAMBU_TIMEZONE\s+tenant time zone for filter values \(default UTC\)/);
    expect(connectionFromEnv({ MAMBU_SUBDOMAIN: 'mybank', MAMBU_API_KEY: 'k' }, false).settings.timezone).toBe('UTC');
  });

  it('the README shows the same usage lines as --help', async () => {
    const help = await helpText();
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    for (const line of help.split('\n').filter((l) => l.startsWith('  mambu-backfill '))) expect(readme).toContain(line.trim());
  });
});
