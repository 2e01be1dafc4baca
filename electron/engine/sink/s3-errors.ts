// S3 failures as sentences that name the bucket, the cause and the fix. Never includes credentials.
import { NETWORK_CODES } from '../aws/aws-errors';

export class S3DestinationError extends Error {
  constructor(
    message: string,
    /** The S3 error code or network code, e.g. NoSuchBucket, InvalidAccessKeyId, ECONNREFUSED. */
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'S3DestinationError';
  }
}

interface SdkLikeError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'InvalidClientTokenId',
  'AuthorizationHeaderMalformed',
]);

export function errorCode(err: unknown): { code: string; status?: number } {
  const e = (err ?? {}) as SdkLikeError;
  const status = e.$metadata?.httpStatusCode;
  const cause = e.cause as SdkLikeError | undefined;
  const code =
    e.Code ??
    (typeof e.code === 'string' ? e.code : undefined) ??
    (typeof cause?.code === 'string' ? cause.code : undefined) ??
    e.name ??
    'Unknown';
  return status === undefined ? { code } : { code, status };
}

export interface S3ErrorContext {
  bucket: string;
  /** What was being done, e.g. `PutObject s3://b/p/k`. */
  operation: string;
  endpoint: string;
}

export function describeS3Error(err: unknown, ctx: S3ErrorContext): S3DestinationError {
  if (err instanceof S3DestinationError) return err;
  const { code, status } = errorCode(err);
  const msg = (err as SdkLikeError)?.message ?? String(err);
  const name = (err as SdkLikeError)?.name ?? '';
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(msg)) {
    return new S3DestinationError(
      `no AWS credentials found for bucket ${ctx.bucket}: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE (run "aws sso login" for an SSO profile), or give the destination keys`,
      'CredentialsProviderError',
    );
  }
  if (/Region is missing/i.test(msg)) {
    return new S3DestinationError(`no AWS region for bucket ${ctx.bucket}: set the destination's region or AWS_REGION`, 'RegionMissing');
  }
  if (CREDENTIAL_CODES.has(code)) {
    return new S3DestinationError(
      `S3 rejected the credentials for bucket ${ctx.bucket} (${code}): check AWS_ACCESS_KEY_ID/AWS_PROFILE` +
        (code === 'AccessDenied' ? ' and that they may list, put and delete objects in this bucket and prefix' : ''),
      code,
      status,
    );
  }
  if (code === 'NoSuchBucket') {
    return new S3DestinationError(`S3 bucket ${ctx.bucket} does not exist (NoSuchBucket): check the bucket name and region`, code, status);
  }
  if (code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed' || status === 301) {
    return new S3DestinationError(
      `S3 bucket ${ctx.bucket} is in another region (${code}): set the destination's region to the bucket's`,
      code,
      status,
    );
  }
  if (NETWORK_CODES.has(code)) {
    return new S3DestinationError(
      `S3 endpoint ${ctx.endpoint} is unreachable (${code}) during ${ctx.operation}: check the endpoint, network or proxy`,
      code,
      status,
    );
  }
  return new S3DestinationError(`S3 ${ctx.operation} failed (${code}${status ? `, HTTP ${status}` : ''}): ${msg}`, code, status);
}
