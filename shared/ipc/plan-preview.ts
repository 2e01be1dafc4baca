// The plan preview shown before a run (and returned by run:plan): chunk count, first and last window, kind.
import type { BackfillEvent } from '../event/schema';
import { planChunks } from '../plan';
import type { PlanPreview } from './contract';

/** Throws with a sentence when the plan is too large (planChunks applies the chunk limit); the event must be valid. */
export function previewPlan(event: Pick<BackfillEvent, 'endpoint' | 'start_date' | 'end_date' | 'chunk_hours'>): PlanPreview {
  const plan = planChunks(event);
  return {
    kind: plan.kind,
    chunkCount: plan.chunks.length,
    first: plan.chunks[0]!,
    last: plan.chunks[plan.chunks.length - 1]!,
    totalHours: plan.totalHours,
  };
}
