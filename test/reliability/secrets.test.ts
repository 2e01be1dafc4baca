import { existsSync } from 'node:fs';
// Secrets: backfills through the real CLI with known unique secrets (Mambu API key, Basic password, S3 secret key),
// reports in all four formats, a failing window and a failed setup whose errors are printed; then EVERYTHING
// written (stdout, stderr, the MAMBU_BACKFILL_HOME tree, destination folders, the S3 server's storage, reports) is
// scanned for each secret: plain, URL-encoded, base64, and base64 of `user:password`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { runCliProcess, ROOT, type CliResult } from '../helpers/cli';
import { listFiles } from '../helpers/landed';
import { startS3rver, type S3rverHandle } from '../servers/s3rver';
import { tempDir } from './harness';

const SAMPLE = path.join(ROOT, 'shared/samples/loan-transactions.json');
const API_KEY = 'rel-ApiKey/9f8e+7d6c=5b4a 3210!';
const USER = 'rel-user';
const PASSWORD = 'rel-Passw0rd:7c1d/e2f+a9=';
const S3_SECRET = 'rel-S3Secret/4b3a+2c1d=0e9f';
const WRONG_KEY = 'rel-WrongKey-ab12cd34ef56';
const URL_PASSWORD = 'rel-UrlPass-77aa88bb99';

function forms(secret: string, user?: string): string[] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    b64(secret),
    ...(user ? [b64(`${user}:${secret}`)] : []),
  ];
}

/** Every place under `roots` (files, recursively, as bytes) and every captured text that holds any form. */
async function findLeaks(secrets: string[][], roots: string[], texts: Record<string, string>): Promise<string[]> {
  const needles = secrets.flat().filter((s) => s.length >= 8);
  const leaks: string[] = [];
  const scan = (where: string, buf: Buffer) => {
    for (const n of needles) if (buf.includes(Buffer.from(n, 'utf8'))) leaks.push(`${where} contains ${JSON.stringify(n)}`);
  };
  for (const [name, text] of Object.entries(texts)) scan(name, Buffer.from(text, 'utf8'));
  let files = 0;
  for (const root of roots) {
    for (const rel of await listFiles(root)) {
      scan(path.join(root, rel), await readFile(path.join(root, rel)));
      files++;
    }
  }
  if (files === 0) leaks.push('nothing was scanned: the runs wrote no files?');
  return leaks;
}

let apiSim: Simulator;
let basicSim: Simulator;
let s3: S3rverHandle;
let home: string;
let out: string;
let reports: string;
const texts: Record<string, string> = {};
const record = (name: string, r: CliResult) => {
  texts[`${name} stdout`] = r.stdout;
  texts[`${name} stderr`] = r.stderr;
  return r;
};

beforeAll(async () => {
  apiSim = await startSimulator({ auth: { kind: 'apiKey', apiKey: API_KEY } });
  basicSim = await startSimulator({ auth: { kind: 'basic', username: USER, password: PASSWORD } });
  s3 = await startS3rver(['secrets']);
  home = await tempDir('home');
  out = await tempDir('out');
  reports = await tempDir('reports');
});
afterAll(async () => {
  await apiSim?.close();
  await basicSim?.close();
  await s3?.stop();
});

describe('no secret in anything the CLI wrote', () => {
  it('API key, Basic password and S3 secret key: runs, failures, retry and all four report formats', async () => {
    const apiEnv = {
      MAMBU_BACKFILL_HOME: home,
      MAMBU_BASE_URL: apiSim.url,
      MAMBU_API_KEY: API_KEY,
      MAMBU_REQUESTS_PER_SECOND: '50',
      MAMBU_MAX_RETRIES: '0',
    };
    // 1) API key; a permanently failing window: exit 2 with the error printed; JSON report.
    apiSim.faults.add({
      kind: 'status',
      status: 500,
      endpoint: 'loans/transactions:search',
      windowStart: '2025-01-03T00:00:00+00:00',
      times: Infinity,
    });
    const a = record(
      'api-key run',
      await runCliProcess(['--event', SAMPLE, '--out', out, '--report', path.join(reports, 'a.json')], apiEnv),
    );
    expect(a.code, a.stderr).toBe(2);
    expect(a.stdout + a.stderr).toMatch(/Error: .*500/);
    expect(apiSim.requests.some((q) => q.auth === 'apiKey' && q.status === 200)).toBe(true);

    // 2) Retry failed of that run: Markdown report.
    apiSim.faults.clear();
    const runId = (await readdir(path.join(home, 'runs'))).find((f) => /^\d{8}-\d{6}-[0-9a-f]+\.json$/.test(f))!.replace(/\.json$/, '');
    const b = record('retry', await runCliProcess(['--retry-failed', runId, '--report', path.join(reports, 'b.md')], apiEnv));
    expect(b.code, b.stderr).toBe(0);

    // 3) Wrong API key: setup check fails, exit 1, the error printed; HTML report.
    const c = record(
      'wrong key',
      await runCliProcess(['--event', SAMPLE, '--out', out, '--report', path.join(reports, 'c.html')], {
        ...apiEnv,
        MAMBU_API_KEY: WRONG_KEY,
      }),
    );
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/401/);

    // 4) Basic auth to S3 (s3rver accepts any secret for its key id, so the S3 secret is really used to sign); CSV.
    const d = record(
      'basic + S3',
      await runCliProcess(['--event', SAMPLE, '--no-glue', '--report', path.join(reports, 'd.csv')], {
        MAMBU_BACKFILL_HOME: home,
        MAMBU_BASE_URL: basicSim.url,
        MAMBU_USERNAME: USER,
        MAMBU_PASSWORD: PASSWORD,
        MAMBU_REQUESTS_PER_SECOND: '50',
        S3_RAW: 'secrets',
        S3_PREFIX: 'raw',
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3_SECRET,
        S3_FORCE_PATH_STYLE: 'true',
      }),
    );
    expect(d.code, d.stderr).toBe(0);
    expect(basicSim.requests.some((q) => q.auth === 'basic' && q.status === 200)).toBe(true);

    // 5) Basic auth with a wrong password: setup fails, printed.
    const e = record(
      'wrong password',
      await runCliProcess(['--event', SAMPLE, '--out', out], {
        MAMBU_BACKFILL_HOME: home,
        MAMBU_BASE_URL: basicSim.url,
        MAMBU_USERNAME: USER,
        MAMBU_PASSWORD: WRONG_KEY,
      }),
    );
    expect(e.code).toBe(1);

    for (const f of ['a.json', 'b.md', 'c.html', 'd.csv'])
      expect((await readFile(path.join(reports, f), 'utf8')).length).toBeGreaterThan(100);
    const leaks = await findLeaks(
      [forms(API_KEY), forms(PASSWORD, USER), forms(S3_SECRET), forms(WRONG_KEY), forms(WRONG_KEY, USER)],
      [home, out, reports, s3.dir],
      texts,
    );
    expect(leaks).toEqual([]);
  }, 60_000);

  it('a password inside MAMBU_BASE_URL (user:password@host) is not echoed in errors, journals or reports', async () => {
    const h = await tempDir('home-url');
    const url = new URL(apiSim.url);
    url.username = USER;
    url.password = URL_PASSWORD;
    const r = await runCliProcess(['--event', SAMPLE, '--out', await tempDir('out-url'), '--report', path.join(h, 'r.json')], {
      MAMBU_BACKFILL_HOME: h,
      MAMBU_BASE_URL: url.toString(),
      MAMBU_API_KEY: API_KEY,
      MAMBU_MAX_RETRIES: '0',
    });
    // Refused before anything runs or is written: the URL is never echoed, the password never stored.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('must not contain a user name or password');
    expect(r.stdout).not.toContain('Processing chunk');
    const text = r.stdout + r.stderr;
    for (const needle of forms(URL_PASSWORD, USER)) expect(text).not.toContain(needle);
    expect(existsSync(path.join(h, 'runs'))).toBe(false);
  });
});
