// Connection and destination from the environment, with the original job's variable names.
import path from 'node:path';
import { IANAZone } from 'luxon';
import type { ConnectionSettings, DestinationSettings } from '../../shared/settings';
import { CONNECTION_BOUNDS, SANDBOX_SETTINGS } from '../../shared/settings';
import type { MambuConnection } from '../engine/types';

export type Env = Record<string, string | undefined>;

export interface EnvConnection {
  settings: ConnectionSettings;
  secret?: string;
  /** MAMBU_PASSWORD_NAME: the API key is read from this AWS Secrets Manager secret before the run. */
  secretId?: string;
  overrides: Partial<MambuConnection>;
}

const num = (env: Env, name: string, bounds: { min: number; max: number; default: number }): number => {
  const { min, max } = bounds;
  const raw = env[name];
  if (raw === undefined || raw === '') return bounds.default;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
  return n;
};

/** MAMBU_TIMEZONE, checked: a wrong zone would shift every window and partition silently. */
function timezoneFrom(env: Env): string {
  const tz = (env.MAMBU_TIMEZONE ?? '').trim();
  if (tz === '') return 'UTC';
  if (!IANAZone.isValidZone(tz)) {
    throw new Error(
      `MAMBU_TIMEZONE "${tz}" is not an IANA time zone: use the tenant's zone as in Mambu's settings, e.g. Europe/Berlin or UTC`,
    );
  }
  return tz;
}

export function connectionFromEnv(env: Env, sandbox: boolean): EnvConnection {
  const overrides: Partial<MambuConnection> =
    env.MAMBU_MAX_RETRIES !== undefined && env.MAMBU_MAX_RETRIES !== ''
      ? { maxRetries: num(env, 'MAMBU_MAX_RETRIES', CONNECTION_BOUNDS.maxRetries) }
      : {};
  // The sandbox honours MAMBU_TIMEZONE too: its simulated tenant then lives in that zone.
  if (sandbox) return { settings: { ...SANDBOX_SETTINGS, timezone: timezoneFrom(env) }, overrides };
  const baseUrl = env.MAMBU_BASE_URL || env.MAMBU_SUBDOMAIN;
  if (!baseUrl) {
    throw new Error(
      'no Mambu tenant configured: set MAMBU_BASE_URL (https://mybank.mambu.com/api) or MAMBU_SUBDOMAIN (mybank), or use --sandbox',
    );
  }
  const common = {
    name: env.MAMBU_BASE_URL ? 'MAMBU_BASE_URL' : `MAMBU_SUBDOMAIN ${env.MAMBU_SUBDOMAIN}`,
    baseUrl,
    timezone: timezoneFrom(env),
    pageSize: num(env, 'MAMBU_PAGE_SIZE', CONNECTION_BOUNDS.pageSize),
    requestsPerSecond: num(env, 'MAMBU_REQUESTS_PER_SECOND', CONNECTION_BOUNDS.requestsPerSecond),
    timeoutSeconds: num(env, 'MAMBU_TIMEOUT_SECONDS', CONNECTION_BOUNDS.timeoutSeconds),
  };
  if (env.MAMBU_API_KEY && (env.MAMBU_USERNAME || env.MAMBU_PASSWORD)) {
    throw new Error('set either MAMBU_API_KEY or MAMBU_USERNAME + MAMBU_PASSWORD, not both');
  }
  if (env.MAMBU_API_KEY) return { settings: { ...common, authKind: 'apiKey', username: '' }, secret: env.MAMBU_API_KEY, overrides };
  if (env.MAMBU_USERNAME && env.MAMBU_PASSWORD) {
    return { settings: { ...common, authKind: 'basic', username: env.MAMBU_USERNAME }, secret: env.MAMBU_PASSWORD, overrides };
  }
  if (env.MAMBU_PASSWORD_NAME?.trim()) {
    return { settings: { ...common, authKind: 'apiKey', username: '' }, secretId: env.MAMBU_PASSWORD_NAME.trim(), overrides };
  }
  throw new Error(
    'no Mambu credentials: set MAMBU_API_KEY, or MAMBU_USERNAME and MAMBU_PASSWORD, or MAMBU_PASSWORD_NAME (an AWS Secrets Manager secret holding MAMBU_API_KEY)',
  );
}

export function destinationFromEnv(
  env: Env,
  out: string | undefined,
  sandboxRunFolder: string | undefined,
  glue = true,
): DestinationSettings {
  if (out) return { kind: 'local', name: 'local folder', path: path.resolve(out) };
  if (env.S3_RAW) {
    if (env.GLUE_DATABASE && !/^[A-Za-z0-9_-]{1,255}$/.test(env.GLUE_DATABASE.trim())) {
      throw new Error(
        `GLUE_DATABASE must be a Glue database name (letters, digits, _ and -), e.g. datalake_raw (got "${env.GLUE_DATABASE}")`,
      );
    }
    return {
      kind: 's3',
      name: `S3_RAW ${env.S3_RAW}`,
      bucket: env.S3_RAW,
      prefix: (env.S3_PREFIX ?? '').replace(/^\/+|\/+$/g, ''),
      region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '',
      profile: env.AWS_PROFILE ?? '',
      endpoint: env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? '',
      forcePathStyle: /^(1|true|yes)$/i.test(env.S3_FORCE_PATH_STYLE ?? ''),
      glue,
      ...(env.GLUE_DATABASE ? { glueDatabase: env.GLUE_DATABASE.trim() } : {}),
      // An S3-compatible store without checksum support (the SDK's default CRC32 checksums otherwise).
      ...(/^(1|true|yes)$/i.test(env.S3_DISABLE_CHECKSUMS ?? '') ? { disableChecksums: true } : {}),
    };
  }
  if (sandboxRunFolder) return { kind: 'local', name: 'sandbox output folder', path: path.resolve(sandboxRunFolder) };
  throw new Error('no destination: set S3_RAW (bucket) and optionally S3_PREFIX, or give --out DIR');
}
