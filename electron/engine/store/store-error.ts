// One error type for everything the store can refuse, so the app and the CLI can show a clear message and branch
// on `code` instead of parsing text.

export type StoreErrorCode =
  /** The file could not be parsed or failed validation; it was moved aside. */
  | 'corrupt'
  /** The file was written by a newer version; it was kept as is and is read-only for this version. */
  | 'future-version'
  /** A name is already taken (rename, import). */
  | 'conflict'
  | 'not-found'
  /** Input given to the store is invalid (each problem in `issues`). */
  | 'invalid'
  | 'io';

export interface StoreIssue {
  /** Where the problem is: `presets[2].event.chunk_hours`, `name`, … */
  field: string;
  message: string;
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly details: { path?: string; movedTo?: string; issues?: StoreIssue[]; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
  get issues(): StoreIssue[] {
    return this.details.issues ?? [];
  }
}

export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
