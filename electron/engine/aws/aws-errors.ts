// What an AWS SDK error is, in words a user can act on. Shared by the Glue registry and the Secrets Manager source.
// Never includes credentials or secret values: only the error's name, its service message and network codes.

interface SdkLikeError {
  name?: string;
  code?: unknown;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
  errors?: unknown[];
}

/** Error codes that mean the service could not be reached (any AWS client, S3 included). */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'TimeoutError',
]);

/** The AWS error type (`__type` of AWS JSON, e.g. EntityNotFoundException) or a network code (ECONNREFUSED). */
export function awsErrorName(err: unknown): string {
  const e = (err ?? {}) as SdkLikeError;
  for (const c of [e, e.cause as SdkLikeError | undefined, ...((e.errors ?? []) as SdkLikeError[])]) {
    if (c && typeof c.code === 'string' && NETWORK_CODES.has(c.code)) return c.code;
  }
  return e.name ?? 'Error';
}

export function isNetworkError(err: unknown): boolean {
  return NETWORK_CODES.has(awsErrorName(err));
}

export function isCredentialsError(err: unknown): boolean {
  const e = (err ?? {}) as SdkLikeError;
  return e.name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? '');
}

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'IncompleteSignature',
]);

export function isAccessDenied(err: unknown): boolean {
  return ACCESS_DENIED.has(awsErrorName(err));
}

/** `Name: message` of an SDK error, short, for the end of a sentence. */
export function awsErrorText(err: unknown): string {
  const name = awsErrorName(err);
  const msg = ((err ?? {}) as SdkLikeError).message || '';
  if (!msg || msg === name) return name;
  return `${name}: ${msg}`;
}

export const AWS_CREDENTIALS_HINT =
  'set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE (run "aws sso login" for an SSO profile), or give the destination keys';
