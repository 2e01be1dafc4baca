// The Mambu API key from AWS Secrets Manager, as the original job read it: GetSecretValue(MAMBU_PASSWORD_NAME),
// SecretString JSON, key MAMBU_API_KEY. Errors name the secret id and the fix, never any part of the value (a
// JSON parse error message would quote it, so it is not passed on). Endpoint: the SDK's own configuration
// (AWS_ENDPOINT_URL_SECRETS_MANAGER); credentials: the default chain.
import { GetSecretValueCommand, SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { awsClientOptions } from './client-options';
import { AWS_CREDENTIALS_HINT, awsErrorName, awsErrorText, isAccessDenied, isCredentialsError, isNetworkError } from './aws-errors';

const SECRET_KEY_NAME = 'MAMBU_API_KEY';

export class SecretSourceError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'SecretSourceError';
  }
}

export interface SecretSourceOptions {
  region?: string;
  profile?: string;
  signal?: AbortSignal;
  /** Where the id came from, for messages, e.g. `MAMBU_PASSWORD_NAME` or `connection "Prod"`. */
  origin?: string;
}

export async function readMambuApiKey(secretId: string, opts: SecretSourceOptions = {}): Promise<string> {
  const id = secretId.trim();
  const from = opts.origin ? ` (${opts.origin})` : '';
  const name = `AWS Secrets Manager secret "${id}"${from}`;
  if (!id) throw new SecretSourceError(`the AWS Secrets Manager secret id${from} is empty: give the secret's name or ARN`, 'InvalidInput');
  const config: SecretsManagerClientConfig = {
    ...awsClientOptions(),
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
  const client = new SecretsManagerClient(config);
  let secretString: string | undefined;
  let binary = false;
  try {
    const r = await client.send(new GetSecretValueCommand({ SecretId: id }), opts.signal ? { abortSignal: opts.signal } : {});
    secretString = r.SecretString;
    binary = r.SecretBinary !== undefined;
  } catch (err) {
    const code = awsErrorName(err);
    if (code === 'ResourceNotFoundException') {
      throw new SecretSourceError(`${name} was not found: check the secret id and the region (AWS_REGION)`, code);
    }
    if (isCredentialsError(err))
      throw new SecretSourceError(`no AWS credentials to read ${name}: ${AWS_CREDENTIALS_HINT}`, 'CredentialsProviderError');
    if (isAccessDenied(err)) {
      throw new SecretSourceError(
        `not allowed to read ${name}: the credentials need secretsmanager:GetSecretValue on it (and kms:Decrypt on its key)`,
        code,
      );
    }
    if (isNetworkError(err)) {
      throw new SecretSourceError(
        `AWS Secrets Manager is not reachable to read ${name}: ${awsErrorText(err)}; check the network, AWS_REGION and AWS_ENDPOINT_URL_SECRETS_MANAGER`,
        code,
      );
    }
    throw new SecretSourceError(`reading ${name} failed: ${awsErrorText(err)}`, code);
  } finally {
    client.destroy();
  }
  const expected = `expected a JSON SecretString such as {"${SECRET_KEY_NAME}": "..."}`;
  if (secretString === undefined) {
    throw new SecretSourceError(`${name} has ${binary ? 'a binary value' : 'no SecretString'}: ${expected}`, 'NoSecretString');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new SecretSourceError(`${name} is not valid JSON: ${expected}`, 'BadJson');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SecretSourceError(`${name} is JSON but not an object: ${expected}`, 'BadJson');
  }
  const obj = parsed as Record<string, unknown>;
  if (!(SECRET_KEY_NAME in obj)) {
    throw new SecretSourceError(`${name} has no key ${SECRET_KEY_NAME}: ${expected}`, 'MissingKey');
  }
  const key = obj[SECRET_KEY_NAME];
  if (typeof key !== 'string') throw new SecretSourceError(`${SECRET_KEY_NAME} in ${name} is not a string`, 'MissingKey');
  if (key.trim() === '') throw new SecretSourceError(`${SECRET_KEY_NAME} in ${name} is empty`, 'EmptyKey');
  return key.trim();
}
