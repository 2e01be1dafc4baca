// Reads V8 CPU profiles (node --cpu-prof, or the window bench's --profile) and prints, per thread, the busy time and
// the functions and files that took the most of it: the "where the CPU went" tables of BENCHMARKS.md. Usage:
//   node --import tsx --cpu-prof --cpu-prof-dir=.tmp/prof test/bench/cpu-probe.ts 100000
//   npx tsx test/bench/profile-summary.ts .tmp/prof/*.cpuprofile
//   npx tsx test/bench/profile-summary.ts --stretches 50 .tmp/window.cpuprofile
// With --stretches N it prints, instead, every busy stretch of N ms or more (consecutive samples that are not idle:
// one long task, or tasks back to back) with the functions that took its time, self and inclusive.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
    .join('\n');

const frameName = (cf: { functionName: string; url: string; lineNumber: number }) =>
  `${cf.functionName || '(anonymous)'}  ${cf.url.split('/').slice(-2).join('/') || cf.functionName}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;

export function summarise(p: CpuProfile, label: string): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const byFile = new Map<string, number>();
  let busy = 0;
  p.samples.forEach((id, i) => {
    const cf = byId.get(id)!.callFrame;
    const us = p.timeDeltas[i] ?? 0;
    if (cf.functionName === '(idle)') return;
    busy += us;
    const where = cf.url.split('/').slice(-2).join('/') || cf.functionName;
    self.set(`${cf.functionName || '(anonymous)'}  ${where}`, (self.get(`${cf.functionName || '(anonymous)'}  ${where}`) ?? 0) + us);
    byFile.set(where, (byFile.get(where) ?? 0) + us);
  });
  return [`== ${label}: busy ${(busy / 1000).toFixed(0)} ms (samples, idle excluded)`, top(self, 25), '-- by file', top(byFile, 15)].join(
    '\n',
  );
}

export interface BusyStretch {
  /** Start, ms since the profile started. */
  startMs: number;
  durationMs: number;
  self: Map<string, number>;
  inclusive: Map<string, number>;
}

/** Consecutive non-idle samples lasting at least minMs (µs maps in the result). */
export function busyStretches(p: CpuProfile, minMs: number): BusyStretch[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out: BusyStretch[] = [];
  let t = 0;
  let cur: { start: number; end: number; samples: Array<[number, number]> } | null = null;
  const close = () => {
    if (cur && (cur.end - cur.start) / 1000 >= minMs) {
      const self = new Map<string, number>();
      const inclusive = new Map<string, number>();
      for (const [id, us] of cur.samples) {
        const name = frameName(byId.get(id)!.callFrame);
        self.set(name, (self.get(name) ?? 0) + us);
        const seen = new Set<string>();
        for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
          const f = frameName(byId.get(n)!.callFrame);
          if (f.startsWith('(root)') || seen.has(f)) continue;
          seen.add(f);
          inclusive.set(f, (inclusive.get(f) ?? 0) + us);
        }
      }
      out.push({ startMs: cur.start / 1000, durationMs: (cur.end - cur.start) / 1000, self, inclusive });
    }
    cur = null;
  };
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i] ?? 0;
    t += us;
    const idle = byId.get(id)!.callFrame.functionName === '(idle)';
    if (idle) return close();
    // A sample covers the interval up to the next one; its delta is the time since the previous sample.
    if (!cur) cur = { start: t, end: t, samples: [] };
    cur.end = t + (p.timeDeltas[i + 1] ?? 0);
    cur.samples.push([id, p.timeDeltas[i + 1] ?? 0]);
  });
  close();
  return out;
}

export function printStretches(p: CpuProfile, minMs: number, opts: { max?: number; self?: number; inclusive?: number } = {}): string {
  const all = busyStretches(p, minMs);
  const lines = [`${all.length} busy stretches of ${minMs} ms or more (profile time, sampling overhead included)`];
  for (const s of [...all].sort((a, b) => b.durationMs - a.durationMs).slice(0, opts.max ?? 12)) {
    lines.push(`-- at ${(s.startMs / 1000).toFixed(2)} s: ${s.durationMs.toFixed(0)} ms`);
    lines.push('   self:');
    lines.push(top(s.self, opts.self ?? 8).replace(/^/gm, '   '));
    lines.push('   inclusive:');
    lines.push(top(s.inclusive, opts.inclusive ?? 14).replace(/^/gm, '   '));
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--stretches');
  const minMs = at >= 0 ? Number(args.splice(at, 2)[1]) : undefined;
  for (const file of args) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    console.log(minMs === undefined ? summarise(p, file) : `== ${file}\n${printStretches(p, minMs)}`);
  }
}
