// Object keys are relative to a destination's root and always use "/"; no "..", no leading "/".
export function assertRelativeKey(key: string): void {
  if (!key || key.startsWith('/') || key.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    throw new Error(`object key "${key}" must be a relative path like table/date=20250101/name.parquet`);
  }
}

export function abortError(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error('Cancelled');
  e.name = 'AbortError';
  return e;
}
