// The one write queue of the stores (settings, secrets, presets): tasks run one after another, so two saves in
// this process never interleave their read-modify-write. A failed task does not block the ones after it.
export type WriteQueue = <T>(task: () => Promise<T>) => Promise<T>;

export function writeQueue(): WriteQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const next = tail.then(task, task);
    tail = next.catch(() => undefined);
    return next;
  };
}
