// A canvas sized to its box at the screen's pixel ratio, redrawn when its width, the colour scheme or `deps` change.
// Colours come from the page's CSS variables, so light and dark follow styles.css.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ChunkResult } from '../../../shared/run-types';
import { warningCount } from './progress';

export type Palette = Record<'ok' | 'warned' | 'bad' | 'cancelled' | 'running' | 'pending' | 'accent' | 'muted' | 'grid', string>;

function readPalette(el: Element): Palette {
  const s = getComputedStyle(el);
  const v = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
  return {
    ok: v('--ok', '#1a7f37'),
    warned: v('--warn', '#9a6700'),
    bad: v('--bad', '#c62828'),
    cancelled: v('--cancelled', '#8250df'),
    running: v('--accent', '#0b63c5'),
    pending: v('--pending', '#d0d7de'),
    accent: v('--chart', '#0b63c5'),
    muted: v('--muted', '#5b6470'),
    grid: v('--border', '#d0d7de'),
  };
}

export type CellKind = 'ok' | 'warned' | 'bad' | 'cancelled' | 'running' | 'pending';
export function cellKind(c: ChunkResult): CellKind {
  switch (c.status) {
    case 'success':
      return warningCount(c) > 0 ? 'warned' : 'ok';
    case 'failed':
      return 'bad';
    default:
      return c.status;
  }
}

/** Width of the canvas's box in CSS pixels, followed with a ResizeObserver; null until its first observation.
 *  Not measured on mount: reading the size there forces a layout of the whole page in the middle of React's commit
 *  (the run view's first render with a year of chunks was one long task); the first observation comes after the
 *  browser's own layout. Without ResizeObserver (jsdom), the fallback. */
function useWidth(ref: React.RefObject<HTMLCanvasElement | null>, fallback: number): number | null {
  const [width, setWidth] = useState<number | null>(() => (typeof ResizeObserver === 'undefined' ? fallback : null));
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[entries.length - 1]!.contentRect.width);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

function useColourScheme(): string {
  const [scheme, setScheme] = useState('light');
  useEffect(() => {
    if (typeof matchMedia === 'undefined') return;
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => setScheme(mq.matches ? 'dark' : 'light');
    on();
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return scheme;
}

/** Redraws at most this often while a run streams (the window re-renders every ~50 ms): a status picture at 4 fps
 *  reads the same, and the main thread keeps its time for input (window benchmark). */
const MIN_REDRAW_MS = 250;

/** Calls draw(ctx, width, palette) after layout whenever width, scheme or deps change (throttled, trailing); the
 *  height follows the width. Nothing is drawn before the width is known (the canvas stays blank for that frame). */
export function useCanvas(
  heightOf: (width: number) => number,
  draw: (ctx: CanvasRenderingContext2D, width: number, palette: Palette) => void,
  deps: unknown[],
) {
  const ref = useRef<HTMLCanvasElement>(null);
  const measured = useWidth(ref, 960);
  const width = measured ?? 960;
  const scheme = useColourScheme();
  const height = heightOf(width);
  const latest = useRef(draw);
  latest.current = draw;
  const last = useRef({ at: 0, timer: null as ReturnType<typeof setTimeout> | null, size: '' });
  useLayoutEffect(() => {
    const paint = () => {
      last.current.timer = null;
      last.current.at = performance.now();
      const el = ref.current;
      const ctx = el?.getContext?.('2d');
      if (!el || !ctx) return;
      const dpr = window.devicePixelRatio || 1;
      if (el.width !== Math.round(width * dpr) || el.height !== Math.round(height * dpr)) {
        el.width = Math.round(width * dpr);
        el.height = Math.round(height * dpr);
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      latest.current(ctx, width, readPalette(el));
    };
    if (measured === null) return;
    // A new size or scheme paints at once (a resized canvas is blank); new data waits for its turn.
    const size = `${width}x${height}:${scheme}`;
    const wait = size !== last.current.size ? 0 : MIN_REDRAW_MS - (performance.now() - last.current.at);
    last.current.size = size;
    if (wait <= 0) {
      if (last.current.timer) clearTimeout(last.current.timer);
      paint();
    } else if (!last.current.timer) last.current.timer = setTimeout(paint, wait);
  }, [measured, width, height, scheme, ...deps]);
  useEffect(() => {
    const state = last.current;
    return () => {
      if (state.timer) clearTimeout(state.timer);
    };
  }, []);
  return { ref, width, height };
}
