// After a chunk's objects are committed and before it is ✓: its table and `date=` partitions are registered in the
// destination's data catalog (Glue), as the original job's every write did, so Athena sees what landed.
import type { ChunkCommit, TableRegistry } from './types';

/** The `date=YYYYMMDD` partitions among object URIs, sorted, each once. */
export function partitionDatesOf(objects: readonly string[]): string[] {
  const days = new Set<string>();
  for (const uri of objects) {
    const m = /\/date=(\d{8})\//.exec(uri);
    if (m) days.add(m[1]!);
  }
  return [...days].sort();
}

/** Creates or extends the table with the chunk's columns, then adds its partitions. Returns the dates registered;
 *  a chunk that wrote nothing registers nothing (its columns are unknown, and there is no new partition). */
export async function registerChunk(registry: TableRegistry, table: string, commit: ChunkCommit, signal: AbortSignal): Promise<string[]> {
  const dates = partitionDatesOf(commit.objects);
  if (dates.length === 0) return [];
  // Objects without known columns would create a table with none: refuse rather than register a wrong schema.
  if (!commit.columns || Object.keys(commit.columns).length === 0) {
    throw new Error(`the chunk wrote ${commit.objects.length} object(s) but reported no column types to register`);
  }
  await registry.ensureTable(table, commit.columns, signal);
  await registry.addPartitions(table, dates, signal);
  return dates;
}
