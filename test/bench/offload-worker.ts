// The transform thread of offload-probe.ts (a profiling aid, not engine code): takes a page's raw bytes, parses
// them, answers with the page's size and record keys at once (what the pager needs to ask for the next page and
// to de-duplicate), then hands the page's new records to a real chunk writer (cell walk, casts, row groups to the
// engine's Parquet worker, parts to a local folder or S3), one page after another. One thread serves the whole probe, a
// new writer (and folder) per run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { recordKey } from '../../electron/engine/mambu/pager';
import { DEFAULT_PART_BYTES, DEFAULT_PART_ROWS } from '../../electron/engine/runner';
import { createChunkWriter } from '../../electron/engine/sink/chunk-writer';
import { createLocalDestination } from '../../electron/engine/sink/local';
import { createS3Destination } from '../../electron/engine/sink/s3';
import type { ChunkWriter, MambuRecord } from '../../electron/engine/types';
import { BUILTIN_CATALOG } from '../../shared/catalog/tables';
import { BENCH_DAY, benchEvent } from './bench-event';

/** Where a run's parts go: a local folder (default) or the probe's S3 server. */
export interface OffloadS3 {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export type OffloadRequest =
  { op: 'start'; s3?: OffloadS3 } | { op: 'page'; seq: number; bytes: ArrayBuffer; from: number } | { op: 'commit' };
export type OffloadReply =
  | { op: 'parsed'; seq: number; count: number; keys: string[] }
  | { op: 'written'; seq: number }
  | { op: 'committed'; records: number; objects: number }
  /** A run's writer is ready: the probe starts its clock after it. */
  | { op: 'ready' };

const port = parentPort!;
let dir = '';
let writer: ChunkWriter | undefined;
/** A fresh chunk writer for one run (the thread itself, its JIT and its Parquet worker, stay warm across runs). */
function newWriter(s3: OffloadS3 | undefined): ChunkWriter {
  dir = mkdtempSync(path.join(os.tmpdir(), 'offload-probe-'));
  return createChunkWriter({
    event: benchEvent(),
    chunk: { index: 1, start: BENCH_DAY.start, end: BENCH_DAY.end, kind: 'window' },
    destination: s3 ? createS3Destination({ ...s3, forcePathStyle: true }) : createLocalDestination(dir),
    catalog: BUILTIN_CATALOG,
    extractedAt: new Date(),
    runDate: new Date(),
    partRows: DEFAULT_PART_ROWS,
    partBytes: DEFAULT_PART_BYTES,
    signal: new AbortController().signal,
  });
}
const utf8 = new TextDecoder();
let queue = Promise.resolve();

port.on('message', (m: OffloadRequest) => {
  if (m.op === 'start') {
    writer = newWriter(m.s3);
    port.postMessage({ op: 'ready' } satisfies OffloadReply);
  } else if (m.op === 'page') {
    const rows = JSON.parse(utf8.decode(new Uint8Array(m.bytes))) as MambuRecord[];
    const reply: OffloadReply = { op: 'parsed', seq: m.seq, count: rows.length, keys: rows.map((r) => recordKey(r) ?? '') };
    port.postMessage(reply);
    queue = queue.then(async () => {
      await writer!.write(m.from > 0 ? rows.slice(m.from) : rows);
      rows.length = 0;
      port.postMessage({ op: 'written', seq: m.seq } satisfies OffloadReply);
    });
  } else {
    queue = queue.then(async () => {
      const c = await writer!.commit();
      await writer!.dispose();
      rmSync(dir, { recursive: true, force: true });
      port.postMessage({ op: 'committed', records: c.records, objects: c.objects.length } satisfies OffloadReply);
    });
  }
});
