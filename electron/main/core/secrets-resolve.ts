// Joins a connection/destination with its secret for a run or a test: from the secret store, else (for people
// on Linux without a keyring) from the CLI's environment variables. Values never leave the main process.
// A saved secret is used only for what it was saved with (secret-binding.ts); anything else needs it typed again.
import { fail, ok, type Result } from '../../../shared/ipc/contract';
import type { ConnectionSettings, DestinationSettings } from '../../../shared/settings';
import type { S3Credentials } from './engine-api';
import { connectionBinding, describeBinding, destinationBinding, plainHttpProblem, unseal } from './secret-binding';
import { connectionSecretKey, destinationSecretKey, type SecretStore } from './secret-store';

export type SecretFallback = (c: ConnectionSettings) => string | undefined;

/** MAMBU_API_KEY / MAMBU_PASSWORD, the CLI's names. */
export const envSecretFallback =
  (env: Record<string, string | undefined>): SecretFallback =>
  (c) =>
    c.authKind === 'apiKey' ? env.MAMBU_API_KEY || undefined : c.authKind === 'basic' ? env.MAMBU_PASSWORD || undefined : undefined;

export const secretLabel = (c: Pick<ConnectionSettings, 'authKind'>) => (c.authKind === 'basic' ? 'password' : 'API key');

/**
 * The secret for `c`: the one typed with the request, else the saved one if it was saved for c's URL and auth
 * kind, else the environment fallback. `savedAs` is the connection as saved under c's name: a secret saved
 * before bindings existed is taken as bound to it.
 */
export async function resolveConnectionSecret(
  secrets: SecretStore,
  c: ConnectionSettings,
  fallback?: SecretFallback,
  typed?: string,
  savedAs?: ConnectionSettings,
): Promise<Result<string | undefined>> {
  if (c.authKind === 'sandbox') return ok(undefined);
  let wanted: string;
  try {
    wanted = connectionBinding(c);
  } catch (err) {
    const message = `connection.baseUrl: ${(err as Error).message}`;
    return fail(message, [{ field: 'connection.baseUrl', message }]);
  }
  const http = plainHttpProblem(wanted.split(' ')[2]!, 'connection.baseUrl');
  if (http) return fail(http, [{ field: 'connection.baseUrl', message: http }]);
  if (c.secretSource && !typed) return fromSecretsManager(c, c.secretSource.secretId);
  if (typed) return ok(typed);
  const raw = await secrets.get(connectionSecretKey(c.name));
  if (raw !== undefined) {
    const saved = unseal(raw);
    const bound = saved.bound ?? (savedAs && savedAs.authKind !== 'sandbox' ? safe(() => connectionBinding(savedAs)) : undefined);
    if (bound === wanted) return ok(saved.value);
    const label = secretLabel(c);
    const message =
      `The saved ${label} of "${c.name}" was saved for ${bound ? describeBinding(bound) : 'another address'}, not ${describeBinding(wanted)}: ` +
      `type the ${label} again to use it there (a saved ${label} is only sent where it was saved for).`;
    return fail(message, [{ field: 'secret', message: `type the ${label} again: the URL or authentication changed` }]);
  }
  const value = fallback?.(c);
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
    // Loaded on first use: the AWS SDK's Secrets Manager client is a few MB of heap that only such connections need.
    const { readMambuApiKey } = await import('../../engine/aws/secret-source');
    return ok(await readMambuApiKey(secretId, { origin: `connection "${c.name}"` }));
  } catch (err) {
    return fail((err as Error).message, [{ field: 'secret', message: (err as Error).message }]);
  }
}

/**
 * The saved S3 access keys of `d`, if any, when they were saved for d's endpoint and bucket. Typed keys (`typed`)
 * are used as given. `savedAs`: the destination as saved under d's name (for keys saved before bindings).
 */
export async function resolveS3Keys(
  secrets: SecretStore,
  d: DestinationSettings,
  typed?: S3Credentials,
  savedAs?: DestinationSettings,
): Promise<Result<S3Credentials | undefined>> {
  if (d.kind !== 's3') return ok(undefined);
  if (d.endpoint) {
    const http = plainHttpProblem(d.endpoint, 'destination.endpoint');
    if (http && (typed || (await secrets.has(destinationSecretKey(d.name)))))
      return fail(http, [{ field: 'destination.endpoint', message: http }]);
  }
  if (typed) return ok(typed);
  const raw = await secrets.get(destinationSecretKey(d.name));
  if (raw === undefined) return ok(undefined);
  const saved = unseal(raw);
  const wanted = destinationBinding(d);
  const bound = saved.bound ?? (savedAs ? destinationBinding(savedAs) : undefined);
  if (bound !== wanted) {
    const message =
      `The saved access keys of "${d.name}" were saved for ${bound ? describeBinding(bound) : 'another store'}, not ${describeBinding(wanted)}: ` +
      `type the access keys again to use them there (saved keys are only sent where they were saved for).`;
    return fail(message, [{ field: 's3Keys', message: 'type the access keys again: the endpoint or bucket changed' }]);
  }
  try {
    const v = JSON.parse(saved.value) as Partial<S3Credentials>;
    return ok(
      typeof v.accessKeyId === 'string' && typeof v.secretAccessKey === 'string'
        ? { accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey }
        : undefined,
    );
  } catch {
    return ok(undefined);
  }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
