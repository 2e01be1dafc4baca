// One cell per chunk, coloured by status; hover tells the window and counts, click jumps to the row in the table.
// Drawn on a canvas: at 8,760 chunks that is one element redrawn in about a millisecond (a few fills, one per
// colour), where 8,760 DOM or SVG cells would each be styled, laid out and kept in step on every streamed update.
import { memo, useState } from 'react';
import type { ChunkResult } from '../../../shared/run-types';
import { cellKind, useCanvas, type CellKind } from './canvas';
import { ChunkTip } from './ChunkTip';

const MAX_HEIGHT = 72;
const MAX_CELL = 24;

export interface StripLayout {
  /** Cell width and height (CSS px) and the gap after each. */
  w: number;
  h: number;
  gap: number;
  perRow: number;
  rows: number;
  height: number;
}

/** The largest square cells that fit every chunk in MAX_HEIGHT; a single row stretches its cells instead. */
export function stripLayout(n: number, width: number): StripLayout {
  const count = Math.max(1, n);
  for (let s = MAX_CELL; s >= 1; s--) {
    const gap = s >= 6 ? 2 : s >= 4 ? 1 : 0;
    const perRow = Math.max(1, Math.floor((width + gap) / (s + gap)));
    const rows = Math.ceil(count / perRow);
    if (rows === 1) {
      // Full width, like the chart below it: cell i sits over bar i.
      const w = Math.floor((width + gap) / count) - gap;
      return { w: Math.max(s, w), h: s, gap, perRow: count, rows: 1, height: s };
    }
    const height = rows * (s + gap) - gap;
    if (height <= MAX_HEIGHT || s === 1) return { w: s, h: s, gap, perRow, rows, height };
  }
  throw new Error('unreachable');
}

const ORDER: CellKind[] = ['pending', 'ok', 'warned', 'bad', 'cancelled', 'running'];

// Memoised: a keystroke elsewhere in the run view does not redraw it (props change only with the run's version).
export const ChunkStrip = memo(function ChunkStrip({
  chunks,
  version,
  onPick,
}: {
  chunks: readonly ChunkResult[];
  version: number;
  onPick: (position: number) => void;
}) {
  const [hover, setHover] = useState<{ i: number; x: number; y: number } | null>(null);
  const { ref, width } = useCanvas(
    (w) => stripLayout(chunks.length, w).height,
    (ctx, w, pal) => {
      const l = stripLayout(chunks.length, w);
      // One path per colour: a handful of fills however many chunks there are.
      const paths = new Map<CellKind, Path2D>(ORDER.map((k) => [k, new Path2D()]));
      for (let i = 0; i < chunks.length; i++) {
        const col = i % l.perRow;
        const row = Math.floor(i / l.perRow);
        paths.get(cellKind(chunks[i]!))!.rect(col * (l.w + l.gap), row * (l.h + l.gap), l.w, l.h);
      }
      for (const k of ORDER) {
        ctx.fillStyle = pal[k];
        ctx.fill(paths.get(k)!);
      }
    },
    [version, chunks.length],
  );
  const layout = stripLayout(chunks.length, width);

  const at = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    const col = Math.floor(x / (layout.w + layout.gap));
    const row = Math.floor(y / (layout.h + layout.gap));
    const i = row * layout.perRow + col;
    return col < layout.perRow && i >= 0 && i < chunks.length ? { i, x, y } : null;
  };

  const counts = new Map<CellKind, number>();
  for (const c of chunks) counts.set(cellKind(c), (counts.get(cellKind(c)) ?? 0) + 1);

  return (
    <div className="chunk-strip">
      <h3 className="overview-title">
        Chunk status <span className="muted">· hover for the window, click to show the row</span>
      </h3>
      <div className="canvas-box">
        <canvas
          ref={ref}
          data-testid="chunk-strip"
          data-cells={chunks.length}
          data-version={version}
          style={{ height: layout.height }}
          role="img"
          aria-label={`Chunk status strip: ${chunks.length} chunks, ${counts.get('ok') ?? 0} ✓, ${counts.get('warned') ?? 0} ✓ with warnings, ${counts.get('bad') ?? 0} ✗, ${counts.get('cancelled') ?? 0} cancelled, ${counts.get('pending') ?? 0} pending. Click a cell to show its row.`}
          onMouseMove={(e) => setHover(at(e))}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => {
            const h = at(e);
            if (h) onPick(h.i);
          }}
        />
        {hover && chunks[hover.i] && <ChunkTip chunk={chunks[hover.i]!} x={hover.x} y={hover.y + layout.h} width={width} />}
      </div>
      <ul className="legend" aria-hidden="true">
        {(['ok', 'warned', 'bad', 'cancelled', 'running', 'pending'] as const).map((k) =>
          counts.get(k) ? (
            <li key={k}>
              <i className={`swatch ${k}`} /> {LEGEND[k]} {counts.get(k)}
            </li>
          ) : null,
        )}
      </ul>
    </div>
  );
});

const LEGEND: Record<CellKind, string> = {
  ok: '✓',
  warned: '✓ with ⚠',
  bad: '✗',
  cancelled: 'cancelled',
  running: 'running',
  pending: 'pending',
};
