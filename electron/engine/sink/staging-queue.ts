// A chunk's finished parts, staged in the destination (invisible until the commit publishes them); those finished
// once the commit has begun are written visible at once. At most one upload in flight: it overlaps the next pages'
// fetching and transforming, and the next part (or reset, or commit) waits for it first, so memory stays bounded to
// one encoded part. A failed upload fails the next add/settle, hence the chunk.
import type { AthenaType } from '../../../shared/catalog/tables';
import type { Destination, StagedObject } from '../types';

export interface StagedPart extends StagedObject {
  /** The part's size: it is read back by position after its commit. */
  bytes: number;
  day: string;
  rows: number;
  schema: ReadonlyMap<string, AthenaType>;
}

/** How long discarding a dropped attempt's uploads may take (it runs after the run's signal may be aborted). */
const DISCARD_TIMEOUT_MS = 30_000;

export class StagingQueue {
  private upload: Promise<void> | undefined;
  private uploadError: { err: unknown } | undefined;
  /** Staged and not yet published or discarded, in staging order. */
  private readonly pending: StagedPart[] = [];
  /** Parts written straight to their final keys once the commit began (visible at once), in order. */
  private readonly written: StagedPart[] = [];
  private onVisible: ((part: StagedPart, uri: string) => void) | undefined;

  constructor(
    private readonly destination: Destination,
    private readonly signal: AbortSignal,
  ) {}

  get failed(): boolean {
    return this.uploadError !== undefined;
  }

  /** The parts staged so far (after `settle`, all of them). */
  get staged(): readonly StagedPart[] {
    return this.pending;
  }

  /** Parts written visible since `writeVisibleFromNow` (after `settle`, all of them). */
  get writtenVisible(): readonly StagedPart[] {
    return this.written;
  }

  /** From now on a part is written to its final key at once (visible) instead of staged: the commit has begun, and
   *  staging a part only to publish it a moment later would put two more requests (create, complete) on the
   *  commit's path. `onVisible` is told of each as it lands. */
  writeVisibleFromNow(onVisible: (part: StagedPart, uri: string) => void): void {
    this.onVisible = onVisible;
  }

  /** Waits for the upload in flight; throws its error if it failed. */
  async settle(): Promise<void> {
    if (this.upload) await this.upload;
    this.upload = undefined;
    if (this.uploadError) {
      const { err } = this.uploadError;
      this.uploadError = undefined;
      throw err;
    }
  }

  /** Starts staging one part once the previous upload is done (not awaiting this one). */
  async add(key: string, body: Uint8Array, meta: Omit<StagedPart, 'key' | 'token' | 'bytes'>): Promise<void> {
    await this.settle();
    const bytes = body.byteLength;
    const onVisible = this.onVisible;
    const landed = onVisible
      ? this.destination.put(key, body, this.signal).then((uri) => {
          const part: StagedPart = { key, token: '', bytes, ...meta };
          this.written.push(part);
          onVisible(part, uri);
        })
      : this.destination.stage(key, body, this.signal).then((s) => {
          this.pending.push({ ...s, bytes, ...meta });
        });
    this.upload = landed.then(undefined, (err: unknown) => {
      this.uploadError = { err };
    });
  }

  /** Forgets a published part (it is the destination's now). */
  published(part: StagedPart): void {
    const i = this.pending.indexOf(part);
    if (i >= 0) this.pending.splice(i, 1);
  }

  /** Waits for the upload in flight (its error is dropped with the attempt) and throws every staged part away.
   *  Best effort: what a failure here leaves is found and discarded by the chunk's next commit. */
  async discardAll(): Promise<void> {
    if (this.upload) await this.upload;
    this.upload = undefined;
    this.uploadError = undefined;
    const parts = this.pending.splice(0);
    if (parts.length === 0) return;
    await this.destination.discard(parts, AbortSignal.timeout(DISCARD_TIMEOUT_MS)).catch(() => undefined);
  }
}
