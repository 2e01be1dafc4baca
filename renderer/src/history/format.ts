// How the history shows times: local, to the minute, with the date ("2025-04-07 10:15").
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const MODE_LABEL = { run: 'run', 'retry-failed': 'retry', resume: 'resume' } as const;
