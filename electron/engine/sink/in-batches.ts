// Destination requests that may overlap (S3 reads and publishes; Mambu is only ever asked one request at a time),
// a few at a time. Every request of a batch settles before a failure is thrown, so `done` has been told of each one
// that succeeded (a commit that stops midway can name what it made visible), in the items' order.
/** Destination requests in flight at once for one step of a commit (listings, publishes, footer reads). */
export const AT_ONCE = 8;

/** Waits for every promise; throws the first failure (in the given order) once all have settled, so nothing the
 *  caller started is still in flight when it hears of the failure. */
export async function allSettledOrThrow<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

export async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<R>,
  done?: (item: T, result: R) => void,
): Promise<R[]> {
  const out: R[] = [];
  for (let at = 0; at < items.length; at += size) {
    const batch = items.slice(at, at + size);
    const results = await Promise.allSettled(batch.map(run));
    results.forEach((r, i) => {
      if (r.status !== 'fulfilled') return;
      done?.(batch[i]!, r.value);
      out.push(r.value);
    });
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
  return out;
}
