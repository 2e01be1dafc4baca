// One error type for everything the Mambu side can fail with; its message is what the chunk's ✗ line shows.

export interface MambuErrorInit {
  status?: number;
  errorReason?: string;
  errorSource?: string;
  errorCode?: number;
  retryable?: boolean;
  cancelled?: boolean;
  cause?: unknown;
}

export class MambuError extends Error {
  override readonly name = 'MambuError';
  readonly status?: number;
  readonly errorReason?: string;
  readonly errorSource?: string;
  readonly errorCode?: number;
  readonly retryable: boolean;
  /** The AbortSignal fired: not a failure of Mambu. */
  readonly cancelled: boolean;

  constructor(message: string, init: MambuErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.errorReason = init.errorReason;
    this.errorSource = init.errorSource;
    this.errorCode = init.errorCode;
    this.retryable = init.retryable ?? false;
    this.cancelled = init.cancelled ?? false;
  }
}

export interface MambuEnvelopeError {
  errorCode?: number;
  errorReason?: string;
  errorSource?: string;
}

/** First entry of Mambu's `{"errors":[…]}` envelope, if the body is one. */
export function parseEnvelope(text: string): MambuEnvelopeError | undefined {
  try {
    const body = JSON.parse(text) as { errors?: MambuEnvelopeError[] };
    const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
    if (first && typeof first === 'object') return first;
  } catch {
    // not JSON: the caller falls back to the status line
  }
  return undefined;
}

/** `Mambu returned 400 INVALID_PARAMETERS (creationDate)` */
export function describeStatus(status: number, env: MambuEnvelopeError | undefined): string {
  let s = `Mambu returned ${status}`;
  if (env?.errorReason) s += ` ${env.errorReason}`;
  if (env?.errorSource) s += ` (${env.errorSource})`;
  return s;
}

export function cancelledError(): MambuError {
  return new MambuError('cancelled', { cancelled: true });
}

/** Removes `user:password@` from a URL — or from every URL inside a text — before it goes into a message. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@\s]*@/g, '//');
}
