// Runs one chunk through the engine in a fresh process and reports this process's peak RSS. The simulator and
// the S3 server live in other processes, so only the engine (and Node, the SDK, tsx) is measured.
// argv[2]: JSON { simUrl, s3: {endpoint, bucket, region, credentials}, prefix, partRows?, partBytes? }
import { readFileSync } from 'node:fs';
import { createS3Destination } from '../../electron/engine/sink/s3';
import { runEngineOnce } from './engine-run';

interface Args {
  simUrl: string;
  s3: { endpoint: string; bucket: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  prefix: string;
  partRows?: number;
  partBytes?: number;
}

function vmHwmBytes(): number | null {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : null;
}

const a = JSON.parse(process.argv[2]!) as Args;
const destination = createS3Destination({
  bucket: a.s3.bucket,
  prefix: a.prefix,
  endpoint: a.s3.endpoint,
  region: a.s3.region,
  forcePathStyle: true,
  credentials: a.s3.credentials,
});
const baselineRss = process.memoryUsage().rss;
const run = await runEngineOnce({ simUrl: a.simUrl, destination, partRows: a.partRows, partBytes: a.partBytes });
process.send!({
  type: 'done',
  records: run.chunk.records,
  objects: run.chunk.objects.length,
  wallMs: run.wallMs,
  baselineRss,
  maxRss: process.resourceUsage().maxRSS * 1024,
  vmHwm: vmHwmBytes(),
});
process.disconnect();
