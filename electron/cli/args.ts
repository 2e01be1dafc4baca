// Command-line arguments and the --help text.
import { parseArgs } from 'node:util';

export interface CliArgs {
  event?: string;
  dryRun: boolean;
  estimate: boolean;
  out?: string;
  sandbox: boolean;
  catalog?: string;
  retryFailed?: string;
  resume?: string;
  listRuns: boolean;
  report?: string;
  partRows?: number;
  help: boolean;
  version: boolean;
}

export const HELP = `mambu-backfill — backfill Mambu data into the S3 raw zone as Hive-partitioned Parquet, chunk by chunk.

Usage:
  mambu-backfill --event FILE [--dry-run] [--out DIR] [--sandbox] [--catalog FILE] [--report FILE]
  mambu-backfill --event FILE --estimate [--sandbox]   ask Mambu how much the run holds; nothing is written
  mambu-backfill --retry-failed RUN [--report FILE]     run again only the ✗ and cancelled chunks of RUN
  mambu-backfill --resume RUN [--report FILE]           finish an interrupted RUN (only chunks not ✓)
  mambu-backfill --list-runs                            list past runs (newest first)

Options:
  --event FILE        the original Glue event JSON: table_name, endpoint, request_type, cdc_field, start_date,
                      end_date, extra_params, auto_schema, rename_columns, chunk_hours
  --dry-run           validate the event and print the chunk plan; nothing is fetched or written
  --estimate          ask Mambu for each chunk's record count (one small request per chunk, at the rate cap)
                      and print records, pages, requests and the expected duration per chunk and in total;
                      suggests a smaller chunk_hours when one chunk would take hundreds of pages; writes nothing
  --out DIR           write to a local folder instead of S3
  --sandbox           use the built-in simulated Mambu tenant (no credentials needed); with no destination
                      given, writes to ./mambu-backfill-output/<run id>/
  --catalog FILE      extra column types {"table": {"column": "athena_type"}} on top of the built-in catalog
  --report FILE       write a run report; format from the extension: .json .csv .md .html
  --part-rows N       rows per Parquet part (default 50000)
  RUN                 a run id (see --list-runs) or the path of a run journal
  -h, --help          this text
  -v, --version       the version

Environment (the original job's names where they exist):
  MAMBU_BASE_URL or MAMBU_SUBDOMAIN     https://mybank.mambu.com/api, or mybank / mybank.sandbox
  MAMBU_API_KEY                         API key (apiKey header), or
  MAMBU_USERNAME + MAMBU_PASSWORD       HTTP Basic
  MAMBU_TIMEZONE                        tenant time zone for filter values (default UTC)
  MAMBU_PAGE_SIZE, MAMBU_REQUESTS_PER_SECOND, MAMBU_TIMEOUT_SECONDS, MAMBU_MAX_RETRIES
                                        (defaults 1000, 5, 60, 6)
  S3_RAW, S3_PREFIX                     destination bucket and optional prefix
  AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, …  the AWS SDK's own (default credential chain)
  S3_FORCE_PATH_STYLE=true              path-style addressing for S3-compatible stores
  MAMBU_BACKFILL_HOME                   where run journals and presets live (default: the app's data folder)

Exit status: 0 Complete Success (every chunk ✓), 2 Partial Success (some ✓, some ✗),
             1 Complete Failure (bad event, failed setup check, or no chunk succeeded),
             130 Cancelled (Ctrl-C / SIGINT or SIGTERM: the chunk in flight is marked cancelled, the summary
                 still prints and the journal records the run as cancelled; --resume RUN finishes it).
             --dry-run and --estimate exit 0 when they could answer, 1 otherwise.
Secrets are never printed.
`;

export function parseCliArgs(argv: string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      event: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      estimate: { type: 'boolean', default: false },
      out: { type: 'string' },
      sandbox: { type: 'boolean', default: false },
      catalog: { type: 'string' },
      'retry-failed': { type: 'string' },
      resume: { type: 'string' },
      'list-runs': { type: 'boolean', default: false },
      report: { type: 'string' },
      'part-rows': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"; see --help`);
  let partRows: number | undefined;
  if (values['part-rows'] !== undefined) {
    partRows = Number(values['part-rows']);
    if (!Number.isInteger(partRows) || partRows < 1) throw new Error('--part-rows must be a whole number of rows, e.g. 50000');
  }
  const modes = [values.event, values['retry-failed'], values.resume, values['list-runs'] || undefined].filter((v) => v !== undefined);
  if (modes.length > 1) throw new Error('give only one of --event, --retry-failed, --resume, --list-runs');
  return {
    event: values.event,
    dryRun: values['dry-run'] ?? false,
    estimate: values.estimate ?? false,
    out: values.out,
    sandbox: values.sandbox ?? false,
    catalog: values.catalog,
    retryFailed: values['retry-failed'],
    resume: values.resume,
    listRuns: values['list-runs'] ?? false,
    report: values.report,
    partRows,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
