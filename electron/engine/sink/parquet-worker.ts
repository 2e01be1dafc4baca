// The Parquet encoder worker (worker_threads): holds the parts being written and encodes their row groups off the
// main thread, so the event loop stays free to read the next page while a part is encoded on the other core.
// Messages: {op:'rowGroup'|'finish'|'drop', seq, part, ...}; every request but drop gets {seq, ok, bytes?|error}.
import { parentPort } from 'node:worker_threads';
import { ParquetPartWriter } from './parquet';
import type { WireColumn } from './parquet-wire';
import { messageOf } from '../../../shared/message-of';

export type EncoderRequest =
  | { op: 'rowGroup'; seq: number; part: number; columns: WireColumn[]; rows: number }
  | { op: 'finish'; seq: number; part: number }
  | { op: 'drop'; seq: number; part: number };

export type EncoderReply = { seq: number; ok: true; bytes?: Uint8Array } | { seq: number; ok: false; error: string };

/** Part id → its writer; one entry per part in flight (the chunk writer drops a part it abandons). */
const parts = new Map<number, ParquetPartWriter>();

export function handle(req: EncoderRequest): EncoderReply | undefined {
  try {
    if (req.op === 'drop') {
      parts.delete(req.part);
      return undefined;
    }
    if (req.op === 'rowGroup') {
      const columns = req.columns;
      let w = parts.get(req.part);
      if (!w) parts.set(req.part, (w = new ParquetPartWriter(columns.map((c) => ({ name: c.name, type: c.type })))));
      w.writeWireRowGroup(columns, req.rows);
      return { seq: req.seq, ok: true };
    }
    const w = parts.get(req.part);
    if (!w)
      return {
        seq: req.seq,
        ok: false,
        error: `Parquet part ${req.part} is unknown to the encoder worker (it was restarted after a failure)`,
      };
    parts.delete(req.part);
    return { seq: req.seq, ok: true, bytes: w.finish() };
  } catch (err) {
    parts.delete(req.part);
    return { seq: req.seq, ok: false, error: messageOf(err) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: EncoderRequest) => {
    const reply = handle(req);
    if (!reply) return;
    if (reply.ok && reply.bytes) port.postMessage(reply, [reply.bytes.buffer as ArrayBuffer]);
    else port.postMessage(reply);
  });
}
