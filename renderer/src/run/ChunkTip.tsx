// The hover card of the strip and the chart: a chunk's window (UTC), status and counts.
import type { ChunkResult } from '../../../shared/run-types';
import { count } from './format';
import { warningCount } from './progress';

export function ChunkTip({ chunk: c, x, y, width }: { chunk: ChunkResult; x: number; y: number; width: number }) {
  const w = warningCount(c);
  const left = Math.max(0, Math.min(x + 12, width - 300));
  return (
    <div className="chunk-tip" role="tooltip" style={{ left, top: y + 6 }}>
      <strong>Chunk {c.index}</strong> · {c.status === 'success' ? '✓' : c.status === 'failed' ? '✗' : c.status}
      {w > 0 ? ` · ⚠ ${w}` : ''}
      <br />
      <span className="window">{c.kind === 'snapshot' ? 'snapshot' : `${c.start} → ${c.end} UTC`}</span>
      {c.status !== 'pending' && (
        <>
          <br />
          {count(c.records)} records · {count(c.pages)} pages · {count(c.retries)} retries
        </>
      )}
    </div>
  );
}
