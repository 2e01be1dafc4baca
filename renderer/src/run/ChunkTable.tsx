// The live chunk table, virtualised: only the rows in view (plus a few) are in the DOM, so a year of hourly
// chunks (8,760 rows) scrolls smoothly. Rows have fixed heights (an expanded error row is taller), so nothing has
// to be measured. A filter shows only the ✗ (or the ⚠) rows; the strip and the chart jump to a row.
import { observeElementRect, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChunkResult } from '../../../shared/run-types';
import { count, duration } from './format';
import { chunkWarnings, warningCount } from './progress';

/** all rows, only the not-✓ ones (✗ and cancelled), or only those with warnings. */
export type RowFilter = 'all' | 'failed' | 'warnings';

export function matchesFilter(c: ChunkResult, f: RowFilter): boolean {
  if (f === 'failed') return c.status === 'failed' || c.status === 'cancelled';
  if (f === 'warnings') return warningCount(c) > 0;
  return true;
}

/** The scroll box's size from its ResizeObserver only. The virtualizer's default also reads it at once on mount,
 *  which forces a layout of the whole page in the middle of React's commit (the run view's first render); the
 *  first observation brings the same size after the browser's own layout. Until then, initialRect. */
function observeRectAfterLayout(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) {
  const el = instance.scrollElement;
  if (!el || typeof ResizeObserver === 'undefined') return observeElementRect(instance, cb);
  const ro = new ResizeObserver(() => cb({ width: el.clientWidth, height: el.clientHeight }));
  ro.observe(el, { box: 'content-box' });
  return () => ro.disconnect();
}

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
    case 'success': {
      const w = warningCount(c);
      return w > 0
        ? { text: `✓ ⚠ ${w}`, label: `succeeded with ${w} ${w === 1 ? 'warning' : 'warnings'}`, cls: 'success warned' }
        : { text: '✓', label: 'succeeded', cls: 'success' };
    }
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
  filter?: RowFilter;
  /** Scroll to and mark the row at this position in `chunks` (seq changes per request). */
  jump?: { position: number; seq: number };
}

export function ChunkTable({ chunks, version, follow = true, filter = 'all', jump }: ChunkTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [marked, setMarked] = useState<number | null>(null);
  // Positions in `chunks` of the rows shown; null when every row is (no copy of 8,760 indices for nothing).
  const shown = useMemo(() => {
    if (filter === 'all') return null;
    const out: number[] = [];
    for (let i = 0; i < chunks.length; i++) if (matchesFilter(chunks[i]!, filter)) out.push(i);
    return out;
    // version: the rows change in place.
  }, [chunks, filter, version]);
  const positionAt = (i: number) => (shown ? shown[i]! : i);
  const virtualizer = useVirtualizer({
    count: shown ? shown.length : chunks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (expanded.has(positionAt(i)) ? EXPANDED_HEIGHT : ROW_HEIGHT),
    overscan: 8,
    initialRect: { width: 960, height: 480 },
    observeElementRect: observeRectAfterLayout,
    // A scroll re-renders the rows in React's next task rather than synchronously inside the scroll event.
    useFlushSync: false,
  });

  useEffect(() => virtualizer.measure(), [expanded, shown, virtualizer]);

  const running = shown ? -1 : chunks.findIndex((c) => c.status === 'running');
  useEffect(() => {
    if (!follow || running < 0) return;
    // Following moves the scroll box straight to the row's offset, known without layout (fixed row heights, in
    // the virtualizer's measurements), and only when the row is out of view. scrollToIndex would start the
    // virtualizer's settling loop, which reads the scroll height (a forced layout) every frame for several frames:
    // with a new running chunk every few milliseconds, a forced layout on most frames of a run (window benchmark).
    const el = scrollRef.current;
    const row = virtualizer.measurementsCache[running];
    if (!el || !row) return;
    const top = virtualizer.scrollOffset ?? el.scrollTop;
    const height = virtualizer.scrollRect?.height ?? el.clientHeight;
    if (row.start < top) el.scrollTop = row.start;
    else if (row.end > top + height) el.scrollTop = row.end - height;
  }, [follow, running, virtualizer]);

  const jumpSeq = jump?.seq;
  useEffect(() => {
    if (!jump) return;
    const i = shown ? shown.indexOf(jump.position) : jump.position;
    if (i < 0) return;
    setMarked(jump.position);
    virtualizer.scrollToIndex(i, { align: 'center' });
    // Only a new jump request scrolls; later renders of the same one do not pull the view back.
  }, [jumpSeq]);

  const items = virtualizer.getVirtualItems();

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
          {['#', 'Window (UTC)', 'Status', 'Records', 'Pages', 'Retries', 'Chunk time', 'Error / warnings'].map((h) => (
            <div
              role="columnheader"
              key={h}
              title={
                h === 'Chunk time'
                  ? "This chunk's own time, from its first request to its commit (the run's Duration is wall time)"
                  : undefined
              }
            >
              {h}
            </div>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="chunk-scroll" data-testid="chunk-scroll" tabIndex={0} aria-label="Chunk rows, scrollable">
        {/* The sizer is as tall as every row; the rows in view flow one after another in a rowgroup moved down to
            the first of them. (With each row absolutely positioned and moved on its own, following a run cost
            10–30 % more main-thread time in the window benchmark's trace: more layout, four times the paints.) */}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          <div role="rowgroup" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => {
              const pos = positionAt(item.index);
              const c = chunks[pos]!;
              const s = statusText(c);
              const isOpen = expanded.has(pos);
              const warnings = c.status === 'success' && warningCount(c) > 0 ? chunkWarnings(c) : [];
              const note = c.error ?? (warnings.length ? `⚠ ${warnings.join(' · ')}` : '');
              const recon = reconciliationText(c);
              return (
                <div
                  role="row"
                  key={item.key}
                  aria-rowindex={pos + 2}
                  data-position={pos}
                  className={`chunk-row ${s.cls}${isOpen ? ' expanded' : ''}${marked === pos ? ' marked' : ''}`}
                  style={{ height: item.size }}
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
                  <div
                    role="cell"
                    className="num"
                    title={recon}
                    aria-description={recon}
                    data-testid={recon ? 'reconciliation' : undefined}
                  >
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
                  <div role="cell" className={`error-cell${c.error ? '' : ' warn-cell'}`}>
                    {note && (
                      <>
                        <button
                          type="button"
                          className="link"
                          aria-expanded={isOpen}
                          onClick={() => toggle(pos)}
                          aria-label={`${isOpen ? 'Hide' : 'Show'} the ${c.error ? 'error' : 'warnings'} of chunk ${c.index}`}
                        >
                          {isOpen ? 'Hide' : 'Show'}
                        </button>
                        <span className={isOpen ? 'error-full' : 'error-short'}>{isOpen && recon ? `${note} · ${recon}` : note}</span>
                      </>
                    )}
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}

/** Where every record of the chunk went (issue: no drop may be silent), for the Records cell's tooltip. */
export function reconciliationText(c: ChunkResult): string | undefined {
  const r = c.reconciliation;
  if (!r) return undefined;
  return (
    `Mambu reported ${r.reported ?? 'n/a'}, fetched ${r.fetched}, kept ${r.kept}, outside the window ${r.outsideWindow}, ` +
    `duplicates ${r.duplicates}, rows written ${r.rowsWritten}`
  );
}
