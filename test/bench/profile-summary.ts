// Reads V8 CPU profiles (node --cpu-prof) and prints, per thread, the busy time and the functions and files that
// took the most of it: the "where the CPU went" tables of BENCHMARKS.md. Usage:
//   node --import tsx --cpu-prof --cpu-prof-dir=.tmp/prof test/bench/cpu-probe.ts 100000
//   npx tsx test/bench/profile-summary.ts .tmp/prof/*.cpuprofile
import { readFileSync } from 'node:fs';

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
    .join('\n');

for (const file of process.argv.slice(2)) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
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
  console.log(`== ${file}: busy ${(busy / 1000).toFixed(0)} ms (samples, idle excluded)`);
  console.log(top(self, 25));
  console.log('-- by file');
  console.log(top(byFile, 15));
}
