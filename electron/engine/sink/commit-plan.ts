// What a chunk's commit must do to the objects already in the partitions its window can touch, so that the
// table's windows never overlap and every record of the window is there once: objects of this chunk's own window
// that the new attempt did not write (stale parts) and objects of other windows wholly inside it are removed;
// objects of other windows that overlap it partly are rewritten without the rows it now owns; a killed
// attempt's staged uploads are discarded. Overlap is judged on effective windows (window ∩ partition day).
import type { Destination, StagedObject } from '../types';
import { effectiveWindow, parsePartName, partitionPrefix, type Interval, type ParsedPartName } from './object-names';
import { AT_ONCE, inBatches } from './in-batches';

export interface CommitPlan {
  /** Keys to delete: stale parts of this window, and objects of windows inside this chunk's. */
  remove: string[];
  /** Objects of other windows overlapping this chunk's partly, to rewrite without the overlap's rows. */
  rewrite: Array<{ key: string; name: ParsedPartName; within: Interval }>;
  /** Objects in these partitions not named by mambu-backfill (left alone, reported). */
  foreign: string[];
  /** Staged uploads of earlier attempts whose window overlaps this chunk's (or is this chunk's). */
  leftovers: StagedObject[];
}

/** What one partition holds: uploads staged and never published, and visible objects. */
export interface PartitionListing {
  staged: StagedObject[];
  keys: string[];
}

/** Lists the partitions (both listings of each at once, a few partitions at a time: they are independent reads). */
export function listPartitions(destination: Destination, table: string, days: readonly string[], signal: AbortSignal) {
  return inBatches(days, AT_ONCE, async (day): Promise<PartitionListing> => {
    const prefix = partitionPrefix(table, day);
    const [staged, keys] = await Promise.all([destination.listStaged(prefix, signal), destination.list(prefix, signal)]);
    return { staged, keys };
  });
}

export interface PlanInput {
  table: string;
  /** This chunk's key (`w…` or `snapshot`) and window; no window for a snapshot. */
  chunkKey: string;
  window: Interval | undefined;
  /** The partitions to look at (every day of the window, and every day this writer staged into), listed. */
  listings: readonly PartitionListing[];
  /** Keys this attempt publishes, and its own staged uploads (not leftovers). The listings may have been taken
   *  while they were being published: they are recognised either way. */
  ours: ReadonlySet<string>;
  ourTokens: ReadonlySet<string>;
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;
const inside = (a: Interval, b: Interval) => a.start >= b.start && a.end <= b.end;

export function planCommit(i: PlanInput): CommitPlan {
  const plan: CommitPlan = { remove: [], rewrite: [], foreign: [], leftovers: [] };
  for (const listing of i.listings) {
    for (const staged of listing.staged) {
      if (i.ourTokens.has(staged.token)) continue;
      const p = parsePartName(i.table, staged.key);
      if (!p) continue;
      const eff = effectiveWindow(p);
      if (p.chunkKey === i.chunkKey || (i.window && eff && overlaps(eff, i.window))) plan.leftovers.push(staged);
    }
    for (const key of listing.keys) {
      const p = parsePartName(i.table, key);
      if (!p) {
        plan.foreign.push(key);
        continue;
      }
      if (p.chunkKey === i.chunkKey) {
        if (!i.ours.has(key)) plan.remove.push(key);
        continue;
      }
      const eff = effectiveWindow(p);
      if (!i.window || !eff || !overlaps(eff, i.window)) continue;
      if (inside(eff, i.window)) plan.remove.push(key);
      else plan.rewrite.push({ key, name: p, within: eff });
    }
  }
  return plan;
}
