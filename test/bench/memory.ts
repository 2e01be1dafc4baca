// Group 3, memory: peak RSS of a fresh engine process running one chunk of N records (default 100,000 and
// 1,000,000), simulator and S3 server out of process. Peak = getrusage maxRSS (same as /proc VmHWM on Linux).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimProcess, TS_EXEC_ARGV } from './processes';
import { mb, ms, num, ratio, type GroupResult } from './report';
import type { S3Target } from './s3-target';

const CHILD = fileURLToPath(new URL('./memory-child.ts', import.meta.url));

export interface MemoryRun {
  records: number;
  objects: number;
  wallMs: number;
  baselineRss: number;
  maxRss: number;
  vmHwm: number | null;
}

async function measure(records: number, s3: S3Target): Promise<MemoryRun> {
  const sim = await startSimProcess({ latencyMs: 0, perDay: { 'loans/transactions': records } });
  try {
    const args = {
      simUrl: sim.url,
      s3: { endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, credentials: s3.credentials },
      prefix: `memory-${records}-${Date.now()}`,
    };
    const child = fork(CHILD, [JSON.stringify(args)], { execArgv: TS_EXEC_ARGV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return await new Promise<MemoryRun>((resolve, reject) => {
      let result: MemoryRun | undefined;
      child.on('message', (m: { type?: string } & MemoryRun) => {
        if (m.type === 'done') result = m;
      });
      child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`memory child for ${records} records exited with code ${code}`))));
    });
  } finally {
    await sim.stop();
  }
}

export async function memoryGroup(o: { sizes: [number, number]; s3: S3Target }): Promise<GroupResult> {
  const [small, large] = o.sizes;
  const a = await measure(small, o.s3);
  const b = await measure(large, o.s3);
  const r = b.maxRss / a.maxRss;
  const line = (m: MemoryRun) =>
    `${mb(m.maxRss)}   (VmHWM ${m.vmHwm === null ? '?' : mb(m.vmHwm)}; ${mb(m.baselineRss)} after start-up; ${num(m.records)} records, ${m.objects} object(s), ${ms(m.wallMs)})`;
  return {
    group: 'memory',
    title: 'peak RSS of one chunk, each in a fresh process',
    figures: [
      { name: `${num(small)} records`, value: line(a) },
      { name: `${num(large)} records`, value: line(b) },
      { name: 'ratio', value: ratio(r), note: `goal <= 1.3: ${r <= 1.3 ? 'met' : 'NOT met'}` },
      { name: 'under 300 MB', value: b.maxRss < 300 * 1024 * 1024 ? 'yes' : 'NO', note: `largest peak ${mb(Math.max(a.maxRss, b.maxRss))}` },
    ],
    data: { small: a, large: b, ratio: r },
  };
}
