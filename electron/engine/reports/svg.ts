// The HTML report's pictures as inline SVG (no script, no external resource): the chunk status strip and the
// records-per-chunk chart. Up to MAX_CELLS chunks get a cell/bar each; beyond, consecutive chunks share a bin so
// 8,760 hourly chunks stay legible (a bin shows its worst status, and its chunks' records as a mean, with the
// range in its tooltip). Tooltips are SVG <title>s, which browsers show on hover without any script.
import type { ReportChunk } from './report-data';

export const MAX_CELLS = 400;
const PER_ROW = 100;
const CELL_W = 9;
const CELL_H = 16;
const GAP = 1;

type Shade = 'failed' | 'cancelled' | 'not-run' | 'warning' | 'success';
/** Worst first: a bin takes the worst shade among its chunks. */
const ORDER: Shade[] = ['failed', 'cancelled', 'not-run', 'warning', 'success'];
const SHADE_COLOUR: Record<Shade, string> = {
  failed: '#cf222e',
  cancelled: '#8c959f',
  'not-run': '#d0d7de',
  warning: '#bf8700',
  success: '#1a7f37',
};
const SHADE_LABEL: Record<Shade, string> = {
  failed: '✗ failed',
  cancelled: '✗ cancelled',
  'not-run': 'not run',
  warning: '✓ with warnings',
  success: '✓',
};

function shadeOf(c: ReportChunk): Shade {
  if (c.status === 'success') return c.warningCount > 0 ? 'warning' : 'success';
  if (c.status === 'failed') return 'failed';
  if (c.status === 'cancelled') return 'cancelled';
  return 'not-run';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Bin {
  first: ReportChunk;
  last: ReportChunk;
  chunks: ReportChunk[];
  shade: Shade;
}

/** Consecutive chunks in at most MAX_CELLS bins of (nearly) equal size. */
function binChunks(chunks: readonly ReportChunk[], max = MAX_CELLS): Bin[] {
  const bins: Bin[] = [];
  const n = chunks.length;
  const count = Math.min(n, max);
  for (let b = 0; b < count; b++) {
    const part = chunks.slice(Math.floor((b * n) / count), Math.floor(((b + 1) * n) / count));
    const shade = ORDER.find((s) => part.some((c) => shadeOf(c) === s)) ?? 'not-run';
    bins.push({ first: part[0]!, last: part[part.length - 1]!, chunks: part, shade });
  }
  return bins;
}

function binLabel(b: Bin): string {
  const span = b.chunks.length === 1 ? `Chunk ${b.first.index}` : `Chunks ${b.first.index}–${b.last.index}`;
  const counts = ORDER.map((s) => [s, b.chunks.filter((c) => shadeOf(c) === s).length] as const)
    .filter(([, k]) => k > 0)
    .map(([s, k]) => `${k} ${SHADE_LABEL[s]}`)
    .join(', ');
  const records = b.chunks.reduce((a, c) => a + c.records, 0);
  return `${span}: ${b.first.start} to ${b.last.end} UTC; ${counts}; ${records.toLocaleString('en-US')} records`;
}

/** One cell per chunk (or bin), PER_ROW to a row, coloured by status; legend below. */
export function statusStripSvg(chunks: readonly ReportChunk[]): string {
  const bins = binChunks(chunks);
  const cols = Math.min(PER_ROW, Math.max(1, bins.length));
  const rows = Math.ceil(bins.length / cols);
  const w = cols * (CELL_W + GAP);
  const h = rows * (CELL_H + GAP);
  const cells = bins
    .map((b, i) => {
      const x = (i % cols) * (CELL_W + GAP);
      const y = Math.floor(i / cols) * (CELL_H + GAP);
      return `<rect class="cell ${b.shade}" x="${x}" y="${y}" width="${CELL_W}" height="${CELL_H}" fill="${SHADE_COLOUR[b.shade]}"><title>${esc(binLabel(b))}</title></rect>`;
    })
    .join('');
  const per =
    bins.length < chunks.length
      ? ` Each cell is ${Math.floor(chunks.length / bins.length)}–${Math.ceil(chunks.length / bins.length)} consecutive chunks, coloured by the worst among them.`
      : '';
  const desc = `Status of ${chunks.length} chunks.${per}`;
  return (
    `<svg class="strip" role="img" aria-label="${esc(desc)}" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<desc>${esc(desc)}</desc>${cells}</svg>`
  );
}

export function stripLegend(chunks: readonly ReportChunk[]): string {
  const n = (s: Shade) => chunks.filter((c) => shadeOf(c) === s).length;
  return ORDER.filter((s) => n(s) > 0)
    .map(
      (s) =>
        `<span class="key"><span class="swatch" style="background:${SHADE_COLOUR[s]}"></span>${esc(SHADE_LABEL[s])}: ${n(s).toLocaleString('en-US')}</span>`,
    )
    .join(' ');
}

/** Bars of records per chunk (mean per chunk of a bin), with the largest value on the axis. */
export function recordsChartSvg(chunks: readonly ReportChunk[]): string {
  const bins = binChunks(chunks);
  const plotW = 800;
  const plotH = 160;
  const left = 56;
  const bottom = 18;
  const value = (b: Bin) => b.chunks.reduce((a, c) => a + c.records, 0) / b.chunks.length;
  const max = Math.max(1, ...bins.map(value));
  const bw = plotW / Math.max(1, bins.length);
  const bars = bins
    .map((b, i) => {
      const v = value(b);
      const h = v === 0 ? 0 : Math.max(1, (v / max) * plotH);
      const x = left + i * bw;
      const range =
        b.chunks.length > 1
          ? ` (mean per chunk; ${Math.min(...b.chunks.map((c) => c.records))}–${Math.max(...b.chunks.map((c) => c.records))})`
          : '';
      const label = `${b.chunks.length === 1 ? `Chunk ${b.first.index}` : `Chunks ${b.first.index}–${b.last.index}`}: ${Math.round(v).toLocaleString('en-US')} records${range}`;
      return `<rect class="bar ${b.shade}" x="${x.toFixed(2)}" y="${(plotH - h).toFixed(2)}" width="${Math.max(0.5, bw - (bw > 3 ? 1 : 0)).toFixed(2)}" height="${h.toFixed(2)}" fill="${b.shade === 'failed' || b.shade === 'cancelled' ? SHADE_COLOUR[b.shade] : '#0969da'}"><title>${esc(label)}</title></rect>`;
    })
    .join('');
  const w = left + plotW + 4;
  const h = plotH + bottom;
  const maxLabel = Math.round(max).toLocaleString('en-US');
  const desc = `Records per chunk for ${chunks.length} chunks; the largest ${bins.length < chunks.length ? 'bin mean' : 'chunk'} holds ${maxLabel} records.`;
  return (
    `<svg class="chart" role="img" aria-label="${esc(desc)}" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<desc>${esc(desc)}</desc>` +
    `<line x1="${left}" y1="0" x2="${left}" y2="${plotH}" stroke="#8c959f"/><line x1="${left}" y1="${plotH}" x2="${left + plotW}" y2="${plotH}" stroke="#8c959f"/>` +
    `<text x="${left - 4}" y="10" text-anchor="end" font-size="11" fill="#57606a">${maxLabel}</text>` +
    `<text x="${left - 4}" y="${plotH}" text-anchor="end" font-size="11" fill="#57606a">0</text>` +
    `<text x="${left}" y="${h - 4}" font-size="11" fill="#57606a">chunk ${chunks[0]?.index ?? ''}</text>` +
    `<text x="${left + plotW}" y="${h - 4}" text-anchor="end" font-size="11" fill="#57606a">chunk ${chunks.at(-1)?.index ?? ''}</text>` +
    bars +
    `</svg>`
  );
}
