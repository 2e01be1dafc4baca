// The CLI's commands, as a function of (argv, env, output) so tests can run it in-process too.
import path from 'node:path';
import type { BackfillEvent } from '../../shared/event/schema';
import { planChunks } from '../../shared/plan';
import { formatLogLine } from '../../shared/summary';
import { SANDBOX_CONNECTION, type DestinationSettings } from '../../shared/settings';
import { openSession, type Session } from '../engine/session';
import { startSandboxTenant } from '../simulator/sandbox';
import { newRunId } from '../engine/run-id';
import { APP_VERSION } from '../engine/version';
import { runJournaled } from '../engine/journaled-run';
import { checkContinuable, destinationMismatch, type ContinuableRun } from '../engine/continuation';
import { runLogOf } from '../engine/run-log';
import { JournalStore, homeLayout, dataHome, acquireTableLock, TableLockedError, type TableLock } from '../engine/store';
import { writeReport, formatFromPath } from '../engine/reports';
import { HELP, parseCliArgs, type CliArgs } from './args';
import { connectionFromEnv, destinationFromEnv, type Env } from './env-config';
import { createPrinter, type Output } from './printer';
import { loadEvent } from './load-event';
import { runEstimate } from './estimate';
import { printRunList } from './list-runs';
import { loadUserCatalog, mergeCatalogs } from '../engine/transform';
import { BUILTIN_CATALOG, type Catalog } from '../../shared/catalog/tables';
import { readMambuApiKey } from '../engine/aws/secret-source';

export async function runCli(argv: string[], env: Env, io: Output, signal: AbortSignal): Promise<number> {
  const fail = (message: string) => {
    io.err(formatLogLine(new Date(), 'ERROR', message));
    return 1;
  };
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
    if (args.report) formatFromPath(args.report);
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
  const store = new JournalStore(homeLayout(dataHome({ env })).runsDir);
  if (args.listRuns) return printRunList(store, io);

  const continued = args.retryFailed ?? args.resume;
  if (continued) {
    // The same rules as the app's Retry failed / Resume (electron/engine/continuation.ts).
    const c = await checkContinuable(store, continued, args.retryFailed ? 'retry-failed' : 'resume', { allowPath: true });
    if (c.kind === 'nothing') {
      io.out(formatLogLine(new Date(), 'INFO', c.message));
      return 0;
    }
    if (c.kind === 'refused') {
      fail(c.message);
      for (const i of c.issues ?? []) io.err(formatLogLine(new Date(), 'ERROR', `  ${i.field}: ${i.message}`));
      return 1;
    }
    const { kind: _ok, ...run } = c;
    return execute(run.event, args, env, io, signal, store, run);
  }

  if (!args.event) return fail('nothing to do: give --event FILE, --retry-failed RUN, --resume RUN or --list-runs (see --help)');
  const loaded = await loadEvent(args.event);
  for (const w of loaded.warnings) io.out(formatLogLine(new Date(), 'WARNING', w));
  if (!loaded.ok) {
    for (const m of loaded.errors) io.err(formatLogLine(new Date(), 'ERROR', m));
    return 1;
  }
  if (args.dryRun) {
    printPlan(loaded.event, io);
    return 0;
  }
  if (args.estimate) return runEstimate(loaded.event, args, env, io, signal);
  return execute(loaded.event, args, env, io, signal, store);
}

/** Exit status of a run stopped by SIGINT/SIGTERM (128 + 2, as shells report an interrupted command). */
const CANCELLED_EXIT = 130;

function printPlan(event: BackfillEvent, io: Output) {
  const plan = planChunks(event);
  const at = new Date();
  const p = (m: string) => io.out(formatLogLine(at, 'INFO', m));
  p(
    `Event is valid: ${event.table_name} from ${event.endpoint} (${event.request_type.toUpperCase()}${event.cdc_field ? `, cdc ${event.cdc_field}` : ''})`,
  );
  if (plan.kind === 'snapshot') {
    p(`Plan: 1 snapshot chunk (${event.endpoint} has no date filter, fetched once)`);
  } else {
    p(`Plan: ${plan.chunks.length} chunks of ${event.chunk_hours} hours over ${plan.totalHours.toFixed(2)} hours`);
  }
  for (const c of plan.chunks) p(`  Chunk ${c.index}: ${c.start} to ${c.end}`);
}

/** Where a retry/resume writes: the parent's own destination unless the environment names one. */
function destinationFor(args: CliArgs, env: Env, runId: string, sandbox: boolean, cont?: ContinuableRun): DestinationSettings {
  const explicit = args.out || env.S3_RAW;
  if (cont && !explicit) {
    const uri = cont.parent.context.destinationUri;
    if (uri.startsWith('s3://')) {
      throw new Error(`run ${cont.parent.runId} wrote to ${uri}: set S3_RAW (and S3_PREFIX) to that bucket to ${cont.mode}`);
    }
    return { kind: 'local', name: cont.parent.context.destination, path: uri };
  }
  const sandboxFolder = sandbox ? path.join('mambu-backfill-output', runId) : undefined;
  return destinationFromEnv(env, args.out, sandboxFolder, !args.noGlue);
}

async function execute(
  event: BackfillEvent,
  args: CliArgs,
  env: Env,
  io: Output,
  signal: AbortSignal,
  store: JournalStore,
  cont?: ContinuableRun,
): Promise<number> {
  const runId = newRunId();
  // A retry or resume keeps the part layout of the run it continues, so its objects replace exactly the run's own.
  const partRows = args.partRows ?? cont?.parent.context.partRows;
  const sandbox = args.sandbox || cont?.parent.context.connection === SANDBOX_CONNECTION;
  let session: Session;
  let catalog: Catalog = BUILTIN_CATALOG;
  try {
    if (args.catalog) catalog = mergeCatalogs(BUILTIN_CATALOG, await loadUserCatalog(args.catalog));
    const { settings, secret: direct, secretId, overrides } = connectionFromEnv(env, sandbox);
    const secret = secretId ? await readMambuApiKey(secretId, { origin: 'MAMBU_PASSWORD_NAME', signal }) : direct;
    const destination = destinationFor(args, env, runId, sandbox, cont);
    session = await openSession({
      connection: settings,
      secret,
      destination,
      connectionOverrides: overrides,
      mode: cont?.mode ?? 'run',
      parentRunId: cont?.parent.runId,
      partRows,
      // The composition root: --sandbox is the simulated tenant.
      startSandbox: startSandboxTenant,
    });
    const mismatch = cont && destinationMismatch(cont, session.context.destinationUri);
    if (mismatch) {
      await session.close();
      throw new Error(mismatch);
    }
  } catch (err) {
    io.err(formatLogLine(new Date(), 'ERROR', `Setup failed, no chunk was run: ${(err as Error).message}`));
    return 1;
  }
  // One writer per destination table, across the app and every CLI sharing the data folder.
  let lock: TableLock;
  try {
    lock = await acquireTableLock(homeLayout(dataHome({ env })).locksDir, {
      destinationUri: session.context.destinationUri,
      table: event.table_name,
      runId,
      kind: 'cli',
    });
  } catch (err) {
    await session.close();
    io.err(
      formatLogLine(
        new Date(),
        'ERROR',
        `${err instanceof TableLockedError ? '' : 'Could not take the table lock: '}${(err as Error).message}`,
      ),
    );
    return 1;
  }
  try {
    io.out(formatLogLine(new Date(), 'INFO', `Run ${runId}: ${session.context.connection} → ${session.destination.uri}`));
    const registry = session.destination.registry;
    if (registry && 'database' in registry) {
      io.out(
        formatLogLine(
          new Date(),
          'INFO',
          `Tables and partitions are registered in Glue database ${String(registry.database)} (--no-glue turns this off)`,
        ),
      );
    }
    const { record } = await runJournaled({
      store,
      session,
      runId,
      event,
      signal,
      onEvent: createPrinter(io),
      partRows,
      catalog,
      secrets: [secretOf(env), env.MAMBU_PASSWORD, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN],
      ...(cont ? { parent: cont.parent, only: cont.only } : {}),
      onJournalError: (err) => io.err(formatLogLine(new Date(), 'WARNING', `could not write the run journal: ${(err as Error).message}`)),
    });
    io.out(formatLogLine(new Date(), 'INFO', `Run journal: ${store.pathOf(runId)}`));
    io.out(formatLogLine(new Date(), 'INFO', `Run log: ${runLogOf(store.pathOf(runId))}`));
    if (args.report) {
      await writeReport(args.report, record, APP_VERSION);
      io.out(formatLogLine(new Date(), 'INFO', `Report written to ${path.resolve(args.report)}`));
    }
    // A cancelled run is not a failure: 130, the shell's status for a run stopped by SIGINT (see --help).
    if (record.outcome === 'cancelled') return CANCELLED_EXIT;
    return record.status ?? 1;
  } finally {
    await session.close();
    await lock.release();
  }
}

/** The Mambu secret as the environment gives it (API key or password). */
const secretOf = (env: Env) => env.MAMBU_API_KEY || env.MAMBU_PASSWORD;
