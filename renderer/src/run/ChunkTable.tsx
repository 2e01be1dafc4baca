// The live chunk table, virtualised: only the rows in view (plus a few) are in the DOM, so a year of hourly
// chunks (8,760 rows) scrolls smoothly. Rows have fixed heights (an expanded error row is taller), so nothing has
// to be measured.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { ChunkResult } from '../../../shared/run-types';
import { count, duration } from './format';

export const ROW_HEIGHT = 34;
const EXPANDED_HEIGHT = 140;

function statusText(c: ChunkResult): { text: string; label: string; cls: string } {
  switch (c.status) {
    case 'pending':
      return { text: 'pending', label: 'pending', cls: 'pending' };
    case 'running': {
      const t = `running · ${count(c.pages)} pages · ${count(c.records)} records`;
      return { text: t, label: t, cls: 'running' };
    }
    case 'success':
      return { text: '✓', label: 'succeeded', cls: 'success' };
    case 'failed':
      return { text: '✗', label: 'failed', cls: 'failed' };
    case 'cancelled':
      return { text: 'cancelled', label: 'cancelled', cls: 'cancelled' };
  }
}

export interface ChunkTableProps {
  chunks: readonly ChunkResult[];
  /** Changes whenever the rows changed in place. */
  version: number;
  /** Keep the running chunk in view. */
  follow?: boolean;
}

export function ChunkTable({ chunks, version, follow = true }: ChunkTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const virtualizer = useVirtualizer({
    count: chunks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (expanded.has(i) ? EXPANDED_HEIGHT : ROW_HEIGHT),
    overscan: 8,
    initialRect: { width: 960, height: 480 },
  });

  useEffect(() => virtualizer.measure(), [expanded, virtualizer]);

  const running = chunks.findIndex((c) => c.status === 'running');
  useEffect(() => {
    if (follow && running >= 0) virtualizer.scrollToIndex(running, { align: 'auto' });
  }, [follow, running, virtualizer]);

  const toggle = (i: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  return (
    <div className="chunk-table" role="table" aria-label="Chunks" aria-rowcount={chunks.length + 1} data-version={version}>
      <div role="rowgroup" className="chunk-head">
        <div role="row" aria-rowindex={1} className="chunk-row">
          {['#', 'Window (UTC)', 'Status', 'Records', 'Pages', 'Retries', 'Duration', 'Error'].map((h) => (
            <div role="columnheader" key={h}>
              {h}
            </div>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="chunk-scroll" data-testid="chunk-scroll" tabIndex={0} aria-label="Chunk rows, scrollable">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const c = chunks[item.index]!;
            const s = statusText(c);
            const isOpen = expanded.has(item.index);
            return (
              <div
                role="row"
                key={item.key}
                aria-rowindex={item.index + 2}
                className={`chunk-row ${s.cls}${isOpen ? ' expanded' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
              >
                <div role="cell" className="num">
                  {c.index}
                </div>
                <div role="cell" className="window">
                  {c.kind === 'snapshot' ? 'snapshot' : `${c.start} → ${c.end}`}
                </div>
                <div role="cell" className={`status ${s.cls}`} aria-label={s.label} title={s.label}>
                  {s.text}
                </div>
                <div role="cell" className="num">
                  {c.status === 'pending' ? '' : count(c.records)}
                </div>
                <div role="cell" className="num">
                  {c.status === 'pending' ? '' : count(c.pages)}
                </div>
                <div role="cell" className="num">
                  {c.status === 'pending' ? '' : count(c.retries)}
                </div>
                <div role="cell" className="num">
                  {c.status === 'success' || c.status === 'failed' || c.status === 'cancelled' ? duration(c.durationMs) : ''}
                </div>
                <div role="cell" className="error-cell">
                  {c.error && (
                    <>
                      <button type="button" className="link" aria-expanded={isOpen} onClick={() => toggle(item.index)} aria-label={`${isOpen ? 'Hide' : 'Show'} the error of chunk ${c.index}`}>
                        {isOpen ? 'Hide' : 'Show'}
                      </button>
                      <span className={isOpen ? 'error-full' : 'error-short'}>{c.error}</span>
                    </>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
