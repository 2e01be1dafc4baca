// Printing figures: one header per group, then aligned "name  value  (what it means)" lines.
export interface Figure {
  name: string;
  value: string;
  note?: string;
}

export interface GroupResult {
  group: string;
  title: string;
  figures: Figure[];
  /** Machine-readable numbers, for --json. */
  data: Record<string, unknown>;
}

export function printGroup(r: GroupResult): void {
  const width = Math.max(...r.figures.map((f) => f.name.length));
  console.log(`\n== ${r.group}: ${r.title}`);
  for (const f of r.figures) console.log(`  ${f.name.padEnd(width)}  ${f.value}${f.note ? `   (${f.note})` : ''}`);
}

export const ms = (n: number) => `${n.toFixed(0)} ms`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const num = (n: number) => Math.round(n).toLocaleString('en-US');
export const ratio = (n: number) => n.toFixed(3);
