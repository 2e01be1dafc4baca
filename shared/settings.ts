// Connections and destinations as the user configures them. Secrets are not part of these shapes: the main
// process keeps them apart (safeStorage in the app, the environment in the CLI) and joins them only to run.
import { z } from 'zod';

export const SANDBOX_CONNECTION = 'Sandbox (simulated tenant)';

export const connectionSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(80, 'name must be at most 80 characters'),
  /** `https://SUB.mambu.com/api`, or a subdomain such as `mybank` or `mybank.sandbox`. Empty for the sandbox. */
  baseUrl: z.string().trim().max(300),
  authKind: z.enum(['apiKey', 'basic', 'sandbox'], { error: 'authKind must be apiKey, basic or sandbox' }),
  username: z.string().trim().max(200).default(''),
  timezone: z.string().trim().min(1).default('UTC'),
  pageSize: z.coerce.number().int('pageSize must be a whole number').min(1, 'pageSize must be 1 to 1000').max(1000, 'pageSize must be 1 to 1000').default(1000),
  requestsPerSecond: z.coerce.number().min(0.1, 'requestsPerSecond must be at least 0.1').max(50, 'requestsPerSecond must be at most 50').default(5),
  timeoutSeconds: z.coerce.number().int().min(1, 'timeoutSeconds must be 1 to 600').max(600, 'timeoutSeconds must be 1 to 600').default(60),
});
export type ConnectionSettings = z.infer<typeof connectionSchema>;

/** The built-in simulated tenant: needs no URL and no secret; the default for a newcomer. */
export const SANDBOX_SETTINGS: ConnectionSettings = {
  name: SANDBOX_CONNECTION,
  baseUrl: '',
  authKind: 'sandbox',
  username: '',
  timezone: 'UTC',
  pageSize: 1000,
  requestsPerSecond: 5,
  timeoutSeconds: 60,
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
      throw new Error('the Mambu base URL must not contain a user name or password; give them as the connection\'s user and password (MAMBU_USERNAME / MAMBU_PASSWORD)');
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
