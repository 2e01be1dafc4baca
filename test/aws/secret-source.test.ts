// The Mambu key from Secrets Manager, through the real SecretsManagerClient (AWS_ENDPOINT_URL_SECRETS_MANAGER) and
// the stand-in: the value, and each failure's message naming the secret id and never any part of its value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readMambuApiKey, SecretSourceError } from '../../electron/engine/aws/secret-source';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../servers/secrets-manager-stand-in';
import { useAwsEnv } from './aws-env';

const VALUE = 'sm-Key/7f+e=0a9b8c7d';
let sm: SecretsManagerStandIn;
let restore: () => void;

beforeAll(async () => {
  sm = await startSecretsManagerStandIn({
    'prod/mambu': { secretString: JSON.stringify({ MAMBU_API_KEY: VALUE, OTHER: 'x' }) },
    'bad-json': { secretString: `{"MAMBU_API_KEY": "${VALUE}"` },
    'not-object': { secretString: JSON.stringify([VALUE]) },
    'no-key': { secretString: JSON.stringify({ MAMBU_PASSWORD: VALUE }) },
    'empty-key': { secretString: JSON.stringify({ MAMBU_API_KEY: '  ' }) },
    'number-key': { secretString: JSON.stringify({ MAMBU_API_KEY: 12345678 }) },
    binary: { secretBinary: Buffer.from(VALUE).toString('base64') },
    locked: { secretString: JSON.stringify({ MAMBU_API_KEY: VALUE }), denied: true },
  });
  restore = useAwsEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url });
});
afterAll(async () => {
  restore?.();
  await sm?.close();
});

describe('the Secrets Manager stand-in through the real SDK', () => {
  it('answers GetSecretValue by name or ARN, and an unknown id with ResourceNotFoundException', async () => {
    const client = new SecretsManagerClient({});
    const r = await client.send(new GetSecretValueCommand({ SecretId: 'prod/mambu' }));
    expect(r.Name).toBe('prod/mambu');
    expect(r.VersionStages).toEqual(['AWSCURRENT']);
    expect(r.CreatedDate).toBeInstanceOf(Date);
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: r.ARN! }));
    expect(byArn.SecretString).toBe(r.SecretString);
    const missing = await client.send(new GetSecretValueCommand({ SecretId: 'nope' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as Error).message).toBe("Secrets Manager can't find the specified secret.");
    const denied = await client.send(new GetSecretValueCommand({ SecretId: 'locked' })).catch((e: unknown) => e);
    expect((denied as Error).name).toBe('AccessDeniedException');
    const bin = await client.send(new GetSecretValueCommand({ SecretId: 'binary' }));
    expect(Buffer.from(bin.SecretBinary!).toString()).toBe(VALUE);
    expect(sm.calls.every((c) => c.accessKeyId === 'AKIDSTANDIN')).toBe(true);
  });
});

describe('readMambuApiKey', () => {
  it('reads MAMBU_API_KEY from the SecretString JSON', async () => {
    expect(await readMambuApiKey('prod/mambu')).toBe(VALUE);
  });

  const cases: Array<[string, RegExp]> = [
    [
      'nope',
      /^AWS Secrets Manager secret "nope" \(MAMBU_PASSWORD_NAME\) was not found: check the secret id and the region \(AWS_REGION\)$/,
    ],
    [
      'locked',
      /^not allowed to read AWS Secrets Manager secret "locked" \(MAMBU_PASSWORD_NAME\): the credentials need secretsmanager:GetSecretValue/,
    ],
    [
      'bad-json',
      /^AWS Secrets Manager secret "bad-json" \(MAMBU_PASSWORD_NAME\) is not valid JSON: expected a JSON SecretString such as \{"MAMBU_API_KEY": "\.\.\."\}$/,
    ],
    ['not-object', /is JSON but not an object/],
    ['no-key', /^AWS Secrets Manager secret "no-key" \(MAMBU_PASSWORD_NAME\) has no key MAMBU_API_KEY/],
    ['empty-key', /^MAMBU_API_KEY in AWS Secrets Manager secret "empty-key" \(MAMBU_PASSWORD_NAME\) is empty$/],
    ['number-key', /^MAMBU_API_KEY in .* is not a string$/],
    ['binary', /has a binary value: expected a JSON SecretString/],
    ['  ', /secret id \(MAMBU_PASSWORD_NAME\) is empty/],
  ];
  for (const [id, message] of cases) {
    it(`fails clearly for ${JSON.stringify(id)}, without the value`, async () => {
      const err = await readMambuApiKey(id, { origin: 'MAMBU_PASSWORD_NAME' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SecretSourceError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain(VALUE);
      expect((err as Error).message).not.toContain('12345678');
    });
  }

  it('says so when Secrets Manager cannot be reached', async () => {
    const gone = await startSecretsManagerStandIn();
    await gone.close();
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = gone.url;
    try {
      await expect(readMambuApiKey('prod/mambu')).rejects.toThrow(
        /^AWS Secrets Manager is not reachable to read AWS Secrets Manager secret "prod\/mambu": ECONNREFUSED.*AWS_ENDPOINT_URL_SECRETS_MANAGER/,
      );
    } finally {
      process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url;
    }
  });
});
