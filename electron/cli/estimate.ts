// --estimate: asks Mambu for each chunk's total and prints a table and the totals. Opens the same connection a
// run would (environment or --sandbox); the destination is never touched.
import { tmpdir } from 'node:os';
import type { BackfillEvent } from '../../shared/event/schema';
import type { Estimate } from '../../shared/estimate';
import { formatLogLine } from '../../shared/summary';
import { estimateBackfill } from '../engine/estimate';
import { openSession, type Session } from '../engine/session';
import { startSandboxTenant } from '../simulator/sandbox';
import type { CliArgs } from './args';
import { connectionFromEnv, type Env } from './env-config';
import type { Output } from './printer';

export async function runEstimate(event: BackfillEvent, args: CliArgs, env: Env, io: Output, signal: AbortSignal): Promise<number> {
  const info = (m: string) => io.out(formatLogLine(new Date(), 'INFO', m));
  let session: Session;
  try {
    const { settings, secret, overrides } = connectionFromEnv(env, args.sandbox);
    session = await openSession({
      connection: settings,
      secret,
      connectionOverrides: overrides,
      destination: { kind: 'local', name: 'estimate', path: tmpdir() },
      startSandbox: startSandboxTenant,
    });
  } catch (err) {
    io.err(formatLogLine(new Date(), 'ERROR', `Estimate failed: ${(err as Error).message}`));
    return 1;
  }
  try {
    info(`Estimating ${event.table_name} from ${event.endpoint}: asking Mambu for each chunk's total`);
    const est = await estimateBackfill({ event, source: session.source, signal });
    for (const line of estimateLines(est)) io.out(line);
    for (const w of est.warnings) io.out(formatLogLine(new Date(), 'WARNING', w));
    if (est.suggestion) io.out(formatLogLine(new Date(), 'WARNING', `Suggestion: ${est.suggestion.message}`));
    return 0;
  } catch (err) {
    io.err(formatLogLine(new Date(), 'ERROR', `Estimate failed: ${(err as Error).message}`));
    return signal.aborted ? 130 : 1;
  } finally {
    await session.close();
  }
}

const n = (v: number) => v.toLocaleString('en-US');

/** `1 h 02 min`, `3 min 20 s`, `12 s`. */
function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The table (a row per chunk) and the totals, as plain lines. */
function estimateLines(est: Estimate): string[] {
  const rows = est.chunks.map((c) => [String(c.index), c.start, c.end, c.records === null ? '?' : n(c.records), n(c.pages)]);
  const head = ['Chunk', 'Start (UTC)', 'End (UTC)', 'Records', 'Pages'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((v, i) => (i >= 3 ? v.padStart(width[i]!) : v.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [fmt(head), fmt(width.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
  lines.push(
    '',
    `Chunks: ${n(est.chunks.length)} (${est.kind === 'snapshot' ? 'one snapshot' : `${est.chunkHours}-hour windows`})`,
    `Expected records: ${n(est.records)} (as Mambu counts them for each window, both ends included)`,
    `Requests the run would send: ${n(est.runRequests)} (${n(est.pages)} pages of ${n(est.pageSize)} + the setup check; retries not included)`,
    `Expected duration: about ${humanDuration(est.durationMs)} at ${est.requestsPerSecond} requests/s ` +
      `(observed ${est.observedLatencyMs} ms per request; Parquet writing not included)`,
    `Requests this estimate sent: ${n(est.estimateRequests)}`,
    `Largest chunks: ${est.largest.map((c) => `${c.index} (${c.records === null ? '?' : n(c.records)} records, ${n(c.pages)} pages)`).join(', ')}`,
  );
  return lines;
}
