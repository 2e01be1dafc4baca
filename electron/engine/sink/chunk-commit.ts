// The destination side of a chunk's commit: make the chunk's staged parts visible, then discard what killed attempts
// staged and delete what the parts supersede (stale parts of the same window, objects of windows inside it), then
// rewrite objects of windows overlapping it partly. See chunk-writer.ts for what a kill between steps leaves.
//
// The commit starts once every page is in: the parts staged while paging are published while the chunk's last
// parts are still being finished (and written visible at once: staging them only to publish them a moment later
// would cost two more requests), and the partitions are listed meanwhile. Nothing is visible before the pager has
// delivered the chunk's last record and every upload of the paging has landed (chunk-writer settles them first), and
// nothing is deleted before every part is visible.
import type { Destination } from '../types';
import { listPartitions, planCommit } from './commit-plan';
import { rewriteWithout } from './object-rewrite';
import type { PartEncoder } from './parquet-encoder';
import type { Interval } from './object-names';
import type { StagedPart, StagingQueue } from './staging-queue';
import { AT_ONCE, allSettledOrThrow, inBatches } from './in-batches';

export interface CommitInput {
  destination: Destination;
  table: string;
  chunkKey: string;
  window: Interval | undefined;
  /** Partitions the chunk's window can touch, and every one it staged into so far. */
  days: string[];
  staging: StagingQueue;
  /** The chunk's last parts being finished and written (visible at once: StagingQueue.writeVisibleFromNow, set by
   *  the caller before); resolves with every partition the chunk wrote into. */
  finishing: Promise<readonly string[]>;
  /** The column the cdc field lands in (for rewrites; windows only). */
  cdcColumn: string;
  encoder: PartEncoder;
  signal: AbortSignal;
  /** Called as each staged part becomes visible (so a commit that stops midway can say what it left). */
  published: (part: StagedPart, uri: string) => void;
  /** Called the moment a part is visible, before the rest of its batch is: the part can be read back at once. */
  visibleNow?: (part: StagedPart) => void;
  warnings: string[];
}

const listed = (keys: string[], uriOf: (k: string) => string) => `${keys.slice(0, 3).map(uriOf).join(', ')}${keys.length > 3 ? ', …' : ''}`;

/** Publishes and supersedes; returns every part of the chunk made visible: those staged (in staging order), then
 *  those written visible during the commit. */
export async function publishAndSupersede(c: CommitInput): Promise<StagedPart[]> {
  const { destination, signal } = c;
  // Parts are made visible a few at a time; all of them are visible before anything they supersede is deleted.
  const publish = (parts: readonly StagedPart[]) =>
    inBatches(
      parts,
      AT_ONCE,
      async (part) => {
        const uri = await destination.publish(part, signal);
        c.visibleNow?.(part);
        return uri;
      },
      (part, uri) => {
        c.published(part, uri);
        c.staging.published(part);
      },
    );
  const early = [...c.staging.staged];
  const listing = listPartitions(destination, c.table, c.days, signal);
  const [, days] = await allSettledOrThrow<[unknown, readonly string[], unknown]>([publish(early), c.finishing, listing]);
  const late = [...c.staging.staged];
  const more = days.filter((d) => !c.days.includes(d));
  const [, listings, moreListings] = await allSettledOrThrow<[unknown, Awaited<typeof listing>, Awaited<typeof listing>]>([
    publish(late),
    listing,
    listPartitions(destination, c.table, more, signal),
  ]);
  const staged = [...early, ...late];
  const ours = [...staged, ...c.staging.writtenVisible];
  const plan = planCommit({
    table: c.table,
    chunkKey: c.chunkKey,
    window: c.window,
    listings: [...listings, ...moreListings],
    ours: new Set(ours.map((s) => s.key)),
    ourTokens: new Set(staged.map((s) => s.token)),
  });
  if (plan.leftovers.length > 0) await destination.discard(plan.leftovers, signal);
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
  return ours;
}
