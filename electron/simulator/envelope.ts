// Mambu's error envelope and the reason codes the simulator uses. Codes 0–11 are Mambu's documented ones; the
// rest are not published, so the simulator numbers them itself (clients must not depend on them).
export const ERROR_CODES: Record<string, number> = {
  INVALID_BASIC_AUTHORIZATION: 1,
  INVALID_CREDENTIALS: 2,
  INVALID_API_OPERATION: 3,
  INVALID_PARAMETERS: 4,
  METHOD_NOT_IMPLEMENTED: 5,
  INTERNAL_ERROR: 6,
  API_NOT_AUTHORIZED: 7,
  INVALID_PAGINATION_OFFSET_VALUE: 11,
  INVALID_PAGINATION_LIMIT_VALUE: 12,
  OUT_OF_BOUNDS_PAGINATION_LIMIT_VALUE: 13,
  INVALID_JSON_SYNTAX: 14,
  MISSING_FROM_DATE: 15,
  MISSING_TO_DATE: 16,
  START_DATE_AFTER_END_DATE: 17,
  INVALID_DATE_FORMAT: 18,
  INVALID_FILTER_SELECTION: 19,
  INVALID_FILTER_VALUE: 20,
  INVALID_FILTER_SECOND_VALUE: 21,
  INVALID_SORTING_COLUMN: 22,
  INVALID_SORTING_ORDER: 23,
  INVALID_SORTING_SELECTION: 24,
  INVALID_API_KEY: 25,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorReason: string,
    readonly errorSource: string,
    readonly errorCode?: number,
  ) {
    super(`${status} ${errorReason} ${errorSource}`);
  }
}

export function envelope(errorReason: string, errorSource: string, errorCode?: number): string {
  return JSON.stringify({ errors: [{ errorCode: errorCode ?? ERROR_CODES[errorReason] ?? 4, errorSource, errorReason }] });
}
