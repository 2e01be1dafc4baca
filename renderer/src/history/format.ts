// How the history shows times: UTC, like the event's windows, to the minute, with the zone said ("2025-04-07 10:15 UTC").
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const MODE_LABEL = { run: 'run', 'retry-failed': 'retry', resume: 'resume' } as const;
