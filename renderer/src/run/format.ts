// Small display helpers for the run views.
const nf = new Intl.NumberFormat('en-US');
export const count = (n: number) => nf.format(n);

export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s.toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} m ${String(sec).padStart(2, '0')} s` : `${m} m ${String(sec).padStart(2, '0')} s`;
}
