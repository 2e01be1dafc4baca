// Profiling aid: sums a `node --trace-gc-nvp` log per isolate (the main thread, the encoder worker): minor GCs
// (scavenges) with their pause total and median survived bytes, and full GCs with theirs, and the work V8's helper
// threads did for each kind (the `background.*` phases: a full GC's concurrent marking runs there, not in its pause).
// Used for BENCHMARKS.md's GC figures:
//   node --trace-gc-nvp --import tsx test/bench/cpu-probe.ts 100000 3 > .tmp/gc.log
//   npx tsx test/bench/gc-summary.ts .tmp/gc.log
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) throw new Error('usage: gc-summary.ts <trace-gc-nvp log>');
type Gc = { kind: string; pause: number; survived: number; background: number };
const byIsolate = new Map<string, Gc[]>();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const m = /^\[\d+:(0x[0-9a-f]+)(?::\d+)?\].*? pause=([\d.]+) .*?gc=(\w+)/.exec(line);
  if (!m) continue;
  const survived = /new_space_survived=(\d+)/.exec(line);
  const list = byIsolate.get(m[1]!) ?? [];
  let background = 0;
  for (const b of line.matchAll(/ background\.[\w.]+=([\d.]+)/g)) background += Number(b[1]);
  list.push({ kind: m[3]!, pause: Number(m[2]), survived: survived ? Number(survived[1]) : 0, background });
  byIsolate.set(m[1]!, list);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
for (const [isolate, gcs] of byIsolate) {
  const minor = gcs.filter((g) => g.kind === 's');
  const full = gcs.filter((g) => g.kind !== 's');
  const sum = (xs: Gc[], k: 'pause' | 'background' = 'pause') => xs.reduce((n, g) => n + g[k], 0).toFixed(0);
  console.log(
    `isolate ${isolate}: ${minor.length} scavenges, ${sum(minor)} ms paused (+ ${sum(minor, 'background')} ms on helper threads), ` +
      `median survived ${(median(minor.map((g) => g.survived)) / 1024).toFixed(0)} KB; ` +
      `${full.length} full GCs, ${sum(full)} ms paused (+ ${sum(full, 'background')} ms on helper threads)`,
  );
}
