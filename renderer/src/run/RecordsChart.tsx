// Records per chunk as bars, on a canvas for the strip's reasons (8,760 bars redraw in a millisecond or so). With
// more chunks than pixel columns each column shows the largest chunk it covers, so a spike is never averaged away.
// No charting library: a bar per chunk plus one axis label is a few dozen lines, where a maintained library
// (Chart.js ~200 kB, uPlot ~50 kB) would add a dependency and its own render loop for no feature we use.
import { memo, useState } from 'react';
import type { ChunkResult } from '../../../shared/run-types';
import { cellKind, useCanvas } from './canvas';
import { ChunkTip } from './ChunkTip';
import { count } from './format';

const HEIGHT = 72;
const TOP = 14;

// Memoised: a keystroke elsewhere in the run view does not redraw it (props change only with the run's version).
export const RecordsChart = memo(function RecordsChart({
  chunks,
  version,
  onPick,
}: {
  chunks: readonly ChunkResult[];
  version: number;
  onPick: (position: number) => void;
}) {
  const [hover, setHover] = useState<{ i: number; x: number; y: number } | null>(null);
  let max = 0;
  let total = 0;
  for (const c of chunks) {
    if (c.records > max) max = c.records;
    total += c.records;
  }
  const { ref, width } = useCanvas(
    () => HEIGHT,
    (ctx, w, pal) => {
      const n = chunks.length;
      if (n === 0) return;
      const plotH = HEIGHT - TOP - 1;
      ctx.fillStyle = pal.grid;
      ctx.fillRect(0, HEIGHT - 1, w, 1);
      if (max === 0) return;
      const perPx = n / w;
      const bars = new Path2D();
      const bad = new Path2D();
      const running = new Path2D();
      if (perPx <= 1) {
        const bw = w / n;
        const gap = bw >= 4 ? 1 : 0;
        for (let i = 0; i < n; i++) {
          const c = chunks[i]!;
          const h = Math.max(c.records > 0 ? 1 : 0, (c.records / max) * plotH);
          const k = cellKind(c);
          (k === 'bad' ? bad : k === 'running' ? running : bars).rect(i * bw, HEIGHT - 1 - h, Math.max(1, bw - gap), h);
        }
      } else {
        for (let x = 0; x < w; x++) {
          let m = 0;
          for (let i = Math.floor(x * perPx), end = Math.min(n, Math.floor((x + 1) * perPx)); i < end; i++)
            m = Math.max(m, chunks[i]!.records);
          const h = Math.max(m > 0 ? 1 : 0, (m / max) * plotH);
          bars.rect(x, HEIGHT - 1 - h, 1, h);
        }
      }
      ctx.fillStyle = pal.accent;
      ctx.fill(bars);
      ctx.fillStyle = pal.running;
      ctx.fill(running);
      ctx.fillStyle = pal.bad;
      ctx.fill(bad);
      ctx.fillStyle = pal.muted;
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      ctx.fillText(`max ${count(max)}`, 2, 0);
    },
    [version, chunks.length, max],
  );

  const at = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const i = Math.min(chunks.length - 1, Math.floor((x / width) * chunks.length));
    return i >= 0 ? { i, x, y: e.clientY - r.top } : null;
  };

  return (
    <div className="records-chart">
      <h3 className="overview-title">Records per chunk</h3>
      <div className="canvas-box">
        <canvas
          ref={ref}
          data-testid="records-chart"
          data-bars={chunks.length}
          data-max={max}
          style={{ height: HEIGHT }}
          role="img"
          aria-label={`Records per chunk: ${count(total)} records over ${count(chunks.length)} chunks, at most ${count(max)} in one chunk.`}
          onMouseMove={(e) => setHover(at(e))}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => {
            const h = at(e);
            if (h) onPick(h.i);
          }}
        />
        {hover && chunks[hover.i] && <ChunkTip chunk={chunks[hover.i]!} x={hover.x} y={hover.y} width={width} />}
      </div>
    </div>
  );
});
