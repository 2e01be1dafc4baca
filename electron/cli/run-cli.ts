// The CLI's commands, as a function of (argv, env, output) so tests can run it in-process too.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateEvent, type BackfillEvent } from '../../shared/event/schema';
import { planChunks } from '../../shared/plan';
import { formatLogLine } from '../../shared/summary';
import { runBackfill } from '../engine/runner';
import { openSession } from '../engine/session';
import { newRunId } from '../engine/run-id';
import { APP_VERSION } from '../engine/version';
import { HELP, parseCliArgs, type CliArgs } from './args';
import { connectionFromEnv, destinationFromEnv, type Env } from './env-config';
import { createPrinter, type Output } from './printer';

export async function runCli(argv: string[], env: Env, io: Output, signal: AbortSignal): Promise<number> {
  const fail = (message: string) => {
    io.err(formatLogLine(new Date(), 'ERROR', message));
    return 1;
  };
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    return fail(`${(err as Error).message}`);
  }
  if (args.help) {
    io.out(HELP);
    return 0;
  }
  if (args.version) {
    io.out(APP_VERSION);
    return 0;
  }
  if (!args.event) return fail('nothing to do: give --event FILE (see --help)');

  const loaded = await loadEvent(args.event);
  if (!loaded.ok) {
    for (const m of loaded.errors) io.err(formatLogLine(new Date(), 'ERROR', m));
    return 1;
  }
  const event = loaded.event;
  if (args.dryRun) {
    printPlan(event, io);
    return 0;
  }
  return runEvent(event, args, env, io, signal);
}

type LoadedEvent = { ok: true; event: BackfillEvent } | { ok: false; errors: string[] };

export async function loadEvent(file: string): Promise<LoadedEvent> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, errors: [`cannot read the event file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`the event file ${file} is not valid JSON: ${(err as Error).message}`] };
  }
  const v = validateEvent(json);
  if (!v.ok) return { ok: false, errors: v.issues.map((i) => `Invalid event: ${i.message}`) };
  return { ok: true, event: v.event };
}

function printPlan(event: BackfillEvent, io: Output) {
  const plan = planChunks(event);
  const at = new Date();
  const p = (m: string) => io.out(formatLogLine(at, 'INFO', m));
  p(`Event is valid: ${event.table_name} from ${event.endpoint} (${event.request_type.toUpperCase()}${event.cdc_field ? `, cdc ${event.cdc_field}` : ''})`);
  if (plan.kind === 'snapshot') {
    p(`Plan: 1 snapshot chunk (${event.endpoint} has no date filter, fetched once)`);
  } else {
    p(`Plan: ${plan.chunks.length} chunks of ${event.chunk_hours} hours over ${plan.totalHours.toFixed(2)} hours`);
  }
  for (const c of plan.chunks) p(`  Chunk ${c.index}: ${c.start} to ${c.end}`);
}

async function runEvent(event: BackfillEvent, args: CliArgs, env: Env, io: Output, signal: AbortSignal): Promise<number> {
  const runId = newRunId();
  let session;
  try {
    const { settings, secret } = connectionFromEnv(env, args.sandbox);
    const sandboxFolder = args.sandbox ? path.join('mambu-backfill-output', runId) : undefined;
    const destination = destinationFromEnv(env, args.out, sandboxFolder);
    session = await openSession({ connection: settings, secret, destination });
  } catch (err) {
    io.err(formatLogLine(new Date(), 'ERROR', `Setup failed, no chunk was run: ${(err as Error).message}`));
    return 1;
  }
  try {
    io.out(formatLogLine(new Date(), 'INFO', `Run ${runId}: ${session.context.connection} → ${session.destination.uri}`));
    const record = await runBackfill({
      runId,
      event,
      source: session.source,
      destination: session.destination,
      context: session.context,
      onEvent: createPrinter(io),
      signal,
      partRows: args.partRows,
    });
    return record.status ?? 1;
  } finally {
    await session.close();
  }
}
