// The destination side of a chunk's commit, in this order: discard what killed attempts staged, make the chunk's
// staged parts visible, delete what they supersede (stale parts of the same window, objects of windows inside
// it), rewrite objects of windows overlapping it partly. See chunk-writer.ts for what a kill between steps leaves.
import type { Destination } from '../types';
import { planCommit } from './commit-plan';
import { rewriteWithout } from './object-rewrite';
import type { PartEncoder } from './parquet-encoder';
import type { Interval } from './object-names';
import type { StagingQueue } from './staging-queue';
import { inBatches } from './in-batches';

export interface CommitInput {
  destination: Destination;
  table: string;
  chunkKey: string;
  window: Interval | undefined;
  /** Partitions the chunk's window can touch, and every one it staged into. */
  days: string[];
  staging: StagingQueue;
  /** The column the cdc field lands in (for rewrites; windows only). */
  cdcColumn: string;
  encoder: PartEncoder;
  signal: AbortSignal;
  /** Called as each part becomes visible (so a commit that stops midway can say what it left). */
  published: (uri: string) => void;
  warnings: string[];
}

/** Parts published, or their footers read back, at once. */
export const AT_ONCE = 8;

const listed = (keys: string[], uriOf: (k: string) => string) => `${keys.slice(0, 3).map(uriOf).join(', ')}${keys.length > 3 ? ', …' : ''}`;

export async function publishAndSupersede(c: CommitInput): Promise<void> {
  const { destination, signal } = c;
  const staged = c.staging.staged;
  const plan = await planCommit({
    destination,
    table: c.table,
    chunkKey: c.chunkKey,
    window: c.window,
    days: c.days,
    ours: new Set(staged.map((s) => s.key)),
    ourTokens: new Set(staged.map((s) => s.token)),
    signal,
  });
  if (plan.leftovers.length > 0) await destination.discard(plan.leftovers, signal);
  // Parts are made visible a few at a time; all of them are visible before anything they supersede is deleted.
  await inBatches(
    [...staged],
    AT_ONCE,
    (part) => destination.publish(part, signal),
    (part, uri) => {
      c.published(uri);
      c.staging.published(part);
    },
  );
  if (plan.remove.length > 0) await destination.delete(plan.remove, signal);
  if (plan.rewrite.length > 0) {
    let dropped = 0;
    for (const r of plan.rewrite) {
      const out = await rewriteWithout({
        destination,
        table: c.table,
        key: r.key,
        name: r.name,
        within: r.within,
        window: c.window!,
        cdcColumn: c.cdcColumn,
        encoder: c.encoder,
        signal,
      });
      dropped += out.dropped;
    }
    c.warnings.push(
      `${plan.rewrite.length} object(s) of earlier runs overlapped this chunk's window partly; they were rewritten without its ${dropped} row(s): ` +
        listed(
          plan.rewrite.map((r) => r.key),
          destination.uriOf,
        ),
    );
  }
  if (plan.foreign.length > 0) {
    c.warnings.push(
      `${plan.foreign.length} object(s) not named by mambu-backfill are in this chunk's partitions and were left in place ` +
        `(if they hold the same records, e.g. from the original job's append mode, rows are duplicated): ${listed(plan.foreign, destination.uriOf)}`,
    );
  }
}
