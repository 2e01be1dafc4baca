// A loopback stand-in for AWS Secrets Manager's GetSecretValue (AWS JSON 1.1, target prefix `secretsmanager`),
// with the members and error types of its API reference: ResourceNotFoundException for an unknown secret,
// AccessDeniedException for one the caller may not read, DecryptionFailure, InvalidParameterException for a
// missing SecretId. Reach it only through SecretsManagerClient with AWS_ENDPOINT_URL_SECRETS_MANAGER=<url>.
import { randomUUID } from 'node:crypto';
import { AwsError, requireString, startAwsJsonServer, type AwsJsonServer } from './aws-json-server';

export interface StoredSecret {
  secretString?: string;
  /** Base64 of a binary secret. */
  secretBinary?: string;
  /** The caller is not allowed to read it (an IAM or resource policy denial). */
  denied?: boolean;
}

export interface SecretsManagerStandIn extends AwsJsonServer {
  secrets: Map<string, StoredSecret>;
}

export async function startSecretsManagerStandIn(
  secrets: Record<string, StoredSecret> = {},
  region = 'us-east-1',
): Promise<SecretsManagerStandIn> {
  const store = new Map(Object.entries(secrets));
  const arnOf = (name: string) => `arn:aws:secretsmanager:${region}:123456789012:secret:${name}-AbCdEf`;
  const versions = new Map<string, string>();
  const server = await startAwsJsonServer('secretsmanager', 'secretsmanager', {
    GetSecretValue(input) {
      const id = requireString(input, 'SecretId', 'InvalidParameterException');
      const name = [...store.keys()].find((n) => n === id || arnOf(n) === id);
      if (name === undefined) throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      const s = store.get(name)!;
      if (s.denied) {
        throw new AwsError(
          'AccessDeniedException',
          `User: arn:aws:iam::123456789012:user/test is not authorized to perform: secretsmanager:GetSecretValue on resource: ${id} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
        );
      }
      if (!versions.has(name)) versions.set(name, randomUUID());
      return {
        ARN: arnOf(name),
        Name: name,
        VersionId: versions.get(name),
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Date.now() / 1000,
        ...(s.secretString !== undefined ? { SecretString: s.secretString } : {}),
        ...(s.secretBinary !== undefined ? { SecretBinary: s.secretBinary } : {}),
      };
    },
  });
  return { ...server, secrets: store };
}
