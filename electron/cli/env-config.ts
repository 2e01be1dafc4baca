// Connection and destination from the environment, with the original job's variable names.
import path from 'node:path';
import type { ConnectionSettings, DestinationSettings } from '../../shared/settings';
import { SANDBOX_SETTINGS } from '../../shared/settings';
import type { MambuConnection } from '../engine/types';

export type Env = Record<string, string | undefined>;

export interface EnvConnection {
  settings: ConnectionSettings;
  secret?: string;
  overrides: Partial<MambuConnection>;
}

const num = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
  return n;
};

export function connectionFromEnv(env: Env, sandbox: boolean): EnvConnection {
  const overrides: Partial<MambuConnection> =
    env.MAMBU_MAX_RETRIES !== undefined && env.MAMBU_MAX_RETRIES !== '' ? { maxRetries: num(env, 'MAMBU_MAX_RETRIES', 6, 0, 20) } : {};
  if (sandbox) return { settings: SANDBOX_SETTINGS, overrides };
  const baseUrl = env.MAMBU_BASE_URL || env.MAMBU_SUBDOMAIN;
  if (!baseUrl) {
    throw new Error('no Mambu tenant configured: set MAMBU_BASE_URL (https://mybank.mambu.com/api) or MAMBU_SUBDOMAIN (mybank), or use --sandbox');
  }
  const common = {
    name: env.MAMBU_BASE_URL ? 'MAMBU_BASE_URL' : `MAMBU_SUBDOMAIN ${env.MAMBU_SUBDOMAIN}`,
    baseUrl,
    timezone: env.MAMBU_TIMEZONE || 'UTC',
    pageSize: num(env, 'MAMBU_PAGE_SIZE', 1000, 1, 1000),
    requestsPerSecond: num(env, 'MAMBU_REQUESTS_PER_SECOND', 5, 0.1, 50),
    timeoutSeconds: num(env, 'MAMBU_TIMEOUT_SECONDS', 60, 1, 600),
  };
  if (env.MAMBU_API_KEY && (env.MAMBU_USERNAME || env.MAMBU_PASSWORD)) {
    throw new Error('set either MAMBU_API_KEY or MAMBU_USERNAME + MAMBU_PASSWORD, not both');
  }
  if (env.MAMBU_API_KEY) return { settings: { ...common, authKind: 'apiKey', username: '' }, secret: env.MAMBU_API_KEY, overrides };
  if (env.MAMBU_USERNAME && env.MAMBU_PASSWORD) {
    return { settings: { ...common, authKind: 'basic', username: env.MAMBU_USERNAME }, secret: env.MAMBU_PASSWORD, overrides };
  }
  throw new Error('no Mambu credentials: set MAMBU_API_KEY, or MAMBU_USERNAME and MAMBU_PASSWORD');
}

export function destinationFromEnv(env: Env, out: string | undefined, sandboxRunFolder: string | undefined): DestinationSettings {
  if (out) return { kind: 'local', name: 'local folder', path: path.resolve(out) };
  if (env.S3_RAW) {
    return {
      kind: 's3',
      name: `S3_RAW ${env.S3_RAW}`,
      bucket: env.S3_RAW,
      prefix: (env.S3_PREFIX ?? '').replace(/^\/+|\/+$/g, ''),
      region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '',
      profile: env.AWS_PROFILE ?? '',
      endpoint: env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL ?? '',
      forcePathStyle: /^(1|true|yes)$/i.test(env.S3_FORCE_PATH_STYLE ?? ''),
      // An S3-compatible store without checksum support (the SDK's default CRC32 checksums otherwise).
      ...(/^(1|true|yes)$/i.test(env.S3_DISABLE_CHECKSUMS ?? '') ? { disableChecksums: true } : {}),
    };
  }
  if (sandboxRunFolder) return { kind: 'local', name: 'sandbox output folder', path: path.resolve(sandboxRunFolder) };
  throw new Error('no destination: set S3_RAW (bucket) and optionally S3_PREFIX, or give --out DIR');
}
