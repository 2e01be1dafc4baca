// Connections and destinations as the user configures them. Secrets are not part of these shapes: the main
// process keeps them apart (safeStorage in the app, the environment in the CLI) and joins them only to run.
import { z } from 'zod';

export const SANDBOX_CONNECTION = 'Sandbox (simulated tenant)';

/** The one home of a connection's numeric limits and defaults: the settings schema, the app's editor hints, the
 *  CLI's environment variables and its --help, and the engine's client all read them from here. */
export const CONNECTION_BOUNDS = {
  // 2 at least: consecutive pages overlap by a record so that records shifting while paging are detected.
  pageSize: { min: 2, max: 1000, default: 1000 },
  // Conservative default: a backfill shares the tenant with the bank's own traffic.
  requestsPerSecond: { min: 0.1, max: 50, default: 5 },
  timeoutSeconds: { min: 1, max: 600, default: 60 },
  maxRetries: { min: 0, max: 20, default: 6 },
} as const;
const B = CONNECTION_BOUNDS;

export const connectionSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(80, 'name must be at most 80 characters'),
  /** `https://SUB.mambu.com/api`, or a subdomain such as `mybank` or `mybank.sandbox`. Empty for the sandbox. */
  baseUrl: z.string().trim().max(300),
  authKind: z.enum(['apiKey', 'basic', 'sandbox'], { error: 'authKind must be apiKey, basic or sandbox' }),
  username: z.string().trim().max(200).default(''),
  timezone: z.string().trim().min(1).default('UTC'),
  pageSize: z.coerce
    .number()
    .int('pageSize must be a whole number')
    .min(B.pageSize.min, `pageSize must be ${B.pageSize.min} to ${B.pageSize.max}`)
    .max(B.pageSize.max, `pageSize must be ${B.pageSize.min} to ${B.pageSize.max}`)
    .default(B.pageSize.default),
  requestsPerSecond: z.coerce
    .number()
    .min(B.requestsPerSecond.min, `requestsPerSecond must be at least ${B.requestsPerSecond.min}`)
    .max(B.requestsPerSecond.max, `requestsPerSecond must be at most ${B.requestsPerSecond.max}`)
    .default(B.requestsPerSecond.default),
  timeoutSeconds: z.coerce
    .number()
    .int()
    .min(B.timeoutSeconds.min, `timeoutSeconds must be ${B.timeoutSeconds.min} to ${B.timeoutSeconds.max}`)
    .max(B.timeoutSeconds.max, `timeoutSeconds must be ${B.timeoutSeconds.min} to ${B.timeoutSeconds.max}`)
    .default(B.timeoutSeconds.default),
  /** Where the API key comes from instead of the local secret store: an AWS Secrets Manager secret whose
   *  SecretString JSON holds MAMBU_API_KEY (as the original job's MAMBU_PASSWORD_NAME). Nothing is stored locally. */
  secretSource: z
    .object({
      kind: z.literal('secrets-manager'),
      secretId: z
        .string()
        .trim()
        .min(1, "secretSource.secretId is required: the secret's name or ARN")
        .max(2048, 'secretSource.secretId must be at most 2048 characters'),
    })
    .optional(),
});
export type ConnectionSettings = z.infer<typeof connectionSchema>;

/** The built-in simulated tenant: needs no URL and no secret; the default for a newcomer. */
export const SANDBOX_SETTINGS: ConnectionSettings = {
  name: SANDBOX_CONNECTION,
  baseUrl: '',
  authKind: 'sandbox',
  username: '',
  timezone: 'UTC',
  pageSize: B.pageSize.default,
  requestsPerSecond: B.requestsPerSecond.default,
  timeoutSeconds: B.timeoutSeconds.default,
};

export const destinationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('s3'),
    name: z.string().trim().min(1, 'name is required').max(80),
    bucket: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'bucket must be an S3 bucket name (3-63 lowercase letters, digits, . and -)'),
    prefix: z
      .string()
      .trim()
      .default('')
      .transform((p) => p.replace(/^\/+|\/+$/g, '')),
    region: z.string().trim().default(''),
    profile: z.string().trim().default(''),
    endpoint: z.string().trim().default(''),
    forcePathStyle: z.boolean().default(false),
    /** Register tables and partitions in the Glue Data Catalog, as the original job did. Absent = on. */
    glue: z.boolean().optional(),
    /** The Glue database; empty/absent = env GLUE_DATABASE, else `datalake_raw`. */
    glueDatabase: z
      .string()
      .trim()
      .regex(/^([A-Za-z0-9_-]{1,255})?$/, 'glueDatabase must be a Glue database name (letters, digits, _ and -), e.g. datalake_raw')
      .optional(),
    /** "S3-compatible store without checksum support": request checksums only where an operation requires them.
     *  Off (absent) = the AWS SDK's default, a CRC32 checksum on every upload. */
    disableChecksums: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('local'),
    name: z.string().trim().min(1, 'name is required').max(80),
    path: z.string().trim().min(1, 'path is required: the folder to write Parquet files into'),
  }),
]);
export type DestinationSettings = z.infer<typeof destinationSchema>;

/** `mybank` → `https://mybank.mambu.com/api`; a full URL is kept (and given `/api` if it has no path). */
export function mambuBaseUrl(input: string): string {
  const s = input.trim().replace(/\/+$/, '');
  if (/^https?:\/\//i.test(s)) {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      throw new Error('the Mambu base URL is not a valid URL; expected e.g. https://mybank.mambu.com/api');
    }
    // Never echo the input here: it may hold a password.
    if (u.username || u.password) {
      throw new Error(
        "the Mambu base URL must not contain a user name or password; give them as the connection's user and password (MAMBU_USERNAME / MAMBU_PASSWORD)",
      );
    }
    if (u.pathname === '' || u.pathname === '/') u.pathname = '/api';
    return u.toString().replace(/\/+$/, '');
  }
  const sub = s.replace(/\.mambu\.com$/i, '');
  if (!/^[a-z0-9][a-z0-9.-]*$/i.test(sub)) throw new Error('the Mambu base URL is neither a URL nor a Mambu subdomain such as mybank');
  return `https://${sub}.mambu.com/api`;
}

export function destinationUri(d: DestinationSettings): string {
  return d.kind === 's3' ? `s3://${d.bucket}/${d.prefix ? d.prefix + '/' : ''}` : d.path;
}
