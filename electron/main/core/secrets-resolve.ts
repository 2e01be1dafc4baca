// Joins a connection/destination with its secret for a run or a test: from the secret store, else (for people
// on Linux without a keyring) from the CLI's environment variables. Values never leave the main process.
import { fail, ok, type Result } from '../../../shared/ipc/contract';
import type { ConnectionSettings, DestinationSettings } from '../../../shared/settings';
import type { S3Credentials } from './engine-api';
import { connectionSecretKey, destinationSecretKey, type SecretStore } from './secret-store';
import { readMambuApiKey } from '../../engine/aws/secret-source';

export type SecretFallback = (c: ConnectionSettings) => string | undefined;

/** MAMBU_API_KEY / MAMBU_PASSWORD, the CLI's names. */
export const envSecretFallback =
  (env: Record<string, string | undefined>): SecretFallback =>
  (c) =>
    c.authKind === 'apiKey' ? env.MAMBU_API_KEY || undefined : c.authKind === 'basic' ? env.MAMBU_PASSWORD || undefined : undefined;

export const secretLabel = (c: Pick<ConnectionSettings, 'authKind'>) => (c.authKind === 'basic' ? 'password' : 'API key');

export async function resolveConnectionSecret(
  secrets: SecretStore,
  c: ConnectionSettings,
  fallback?: SecretFallback,
  typed?: string,
): Promise<Result<string | undefined>> {
  if (c.authKind === 'sandbox') return ok(undefined);
  if (c.secretSource && !typed) return fromSecretsManager(c, c.secretSource.secretId);
  const value = typed ?? (await secrets.get(connectionSecretKey(c.name))) ?? fallback?.(c);
  if (value) return ok(value);
  const env = c.authKind === 'basic' ? 'MAMBU_PASSWORD' : 'MAMBU_API_KEY';
  return fail(
    `connection "${c.name}" has no saved ${secretLabel(c)}; enter it in Settings → Connections (or start the app with ${env} set where secrets cannot be stored)`,
    [{ field: 'secret', message: `the ${secretLabel(c)} of "${c.name}" is not saved` }],
  );
}

/** The API key read now from AWS Secrets Manager (never stored locally); errors name the secret, not its value. */
async function fromSecretsManager(c: ConnectionSettings, secretId: string): Promise<Result<string | undefined>> {
  if (c.authKind !== 'apiKey') {
    return fail(`connection "${c.name}": an AWS Secrets Manager secret holds an API key; choose API key authentication`, [
      { field: 'connection.authKind', message: 'AWS Secrets Manager holds an API key: authKind must be apiKey' },
    ]);
  }
  try {
    return ok(await readMambuApiKey(secretId, { origin: `connection "${c.name}"` }));
  } catch (err) {
    return fail((err as Error).message, [{ field: 'secret', message: (err as Error).message }]);
  }
}

export async function resolveS3Keys(secrets: SecretStore, d: DestinationSettings): Promise<S3Credentials | undefined> {
  if (d.kind !== 's3') return undefined;
  const raw = await secrets.get(destinationSecretKey(d.name));
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<S3Credentials>;
    return typeof v.accessKeyId === 'string' && typeof v.secretAccessKey === 'string'
      ? { accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey }
      : undefined;
  } catch {
    return undefined;
  }
}
