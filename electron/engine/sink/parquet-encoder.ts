// Where a part's row groups are encoded: in a worker thread (default; the second core encodes while the main
// thread reads and transforms the next pages) or on the calling thread (same bytes; used when workers are off).
// One worker per process, shared by every chunk writer, started on first use and unref'd while idle so it never
// keeps a finished CLI alive. A worker that dies fails every request in flight with a message naming the cause;
// the next request starts a new worker (the parts of the dead one are gone, so their chunks fail, never land).
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { ParquetPartWriter } from './parquet';
import { transferList, type WireColumn } from './parquet-wire';
import type { EncoderReply, EncoderRequest } from './parquet-worker';
import { workerEntry, type WorkerEntry } from '../worker-entry';

export interface PartEncoder {
  readonly kind: 'worker' | 'thread';
  /** Appends a row group to part `part` (created with these columns on its first group). */
  rowGroup(part: number, columns: WireColumn[], rows: number): Promise<void>;
  /** The part's finished file; the part is forgotten. */
  finish(part: number): Promise<Uint8Array>;
  /** Forgets a part that will not be finished (reset, cancel, failure). */
  drop(part: number): void;
}

let nextPartId = 1;
export const newPartId = (): number => nextPartId++;

export function createThreadEncoder(): PartEncoder {
  const parts = new Map<number, ParquetPartWriter>();
  return {
    kind: 'thread',
    async rowGroup(part, columns, rows) {
      let w = parts.get(part);
      if (!w) parts.set(part, (w = new ParquetPartWriter(columns.map((c) => ({ name: c.name, type: c.type })))));
      w.writeWireRowGroup(columns, rows);
    },
    async finish(part) {
      const w = parts.get(part);
      if (!w) throw new Error(`Parquet part ${part} is unknown`);
      parts.delete(part);
      return w.finish();
    },
    drop(part) {
      parts.delete(part);
    },
  };
}

/** The encoder worker's entry, beside this module (bundled or from source: ../worker-entry.ts). */
function workerSpec(): WorkerEntry {
  return workerEntry(fileURLToPath(import.meta.url), 'parquet-worker');
}

const WORKER_YOUNG_MB = 4;

class WorkerHost {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: EncoderReply) => void; reject: (e: Error) => void }>();

  /** The live worker, if any (tests use it to kill the worker mid-part). */
  get current(): Worker | undefined {
    return this.worker;
  }

  private start(): Worker {
    const spec = workerSpec();
    // The worker holds one part (≤ a few MB encoded) and one row group of values at a time: a small young
    // generation keeps its share of RSS small (a default-sized one cost ~60 MB more at peak, measured).
    const w = new Worker(spec.file, { eval: spec.eval, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    w.unref();
    const fail = (why: string) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const err = new Error(`the Parquet encoder worker failed (${why}); the chunk's part was not written; run the chunk again`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    w.on('message', (r: EncoderReply) => {
      const p = this.pending.get(r.seq);
      if (!p) return;
      this.pending.delete(r.seq);
      if (this.pending.size === 0) w.unref();
      p.resolve(r);
    });
    w.on('error', (err) => fail(err.message));
    w.on('exit', (code) => fail(`it exited with code ${code}`));
    w.on('messageerror', (err) => fail(`a message could not be read: ${err.message}`));
    return w;
  }

  request(req: Omit<EncoderRequest, 'seq'> & Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<EncoderReply> {
    const w = (this.worker ??= this.start());
    const seq = ++this.seq;
    return new Promise<EncoderReply>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      w.ref(); // an answer is awaited: the process must not exit under it
      w.postMessage({ ...req, seq }, transfer);
    });
  }

  post(req: Omit<EncoderRequest, 'seq'>): void {
    this.worker?.postMessage({ ...req, seq: 0 });
  }
}

let host: WorkerHost | undefined;

/** The process's encoder worker host (created lazily). */
export function encoderWorker(): Worker | undefined {
  return host?.current;
}

export function createWorkerEncoder(): PartEncoder {
  const h = (host ??= new WorkerHost());
  const check = (r: EncoderReply): EncoderReply & { ok: true } => {
    if (!r.ok) throw new Error(`Parquet encoding failed: ${r.error}`);
    return r;
  };
  return {
    kind: 'worker',
    async rowGroup(part, columns, rows) {
      check(await h.request({ op: 'rowGroup', part, columns, rows }, transferList(columns)));
    },
    async finish(part) {
      const r = check(await h.request({ op: 'finish', part }));
      if (!r.bytes) throw new Error('the Parquet encoder worker returned no bytes');
      return r.bytes;
    },
    drop(part) {
      h.post({ op: 'drop', part });
    },
  };
}

/** `MAMBU_BACKFILL_PARQUET_WORKER=0` encodes on the calling thread (same bytes), e.g. where workers are unwanted. */
export function defaultEncoder(): PartEncoder {
  return process.env.MAMBU_BACKFILL_PARQUET_WORKER === '0' ? createThreadEncoder() : createWorkerEncoder();
}
