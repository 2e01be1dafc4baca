// A growable byte buffer: the one allocation a Parquet part writes into (doubling, so appends are amortised O(1)).

export class ByteSink {
  buf: Uint8Array;
  pos = 0;

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  u32le(v: number): void {
    this.ensure(4);
    const p = this.pos;
    this.buf[p] = v & 0xff;
    this.buf[p + 1] = (v >>> 8) & 0xff;
    this.buf[p + 2] = (v >>> 16) & 0xff;
    this.buf[p + 3] = (v >>> 24) & 0xff;
    this.pos = p + 4;
  }

  /** Unsigned LEB128 of a non-negative integer up to 2^53. */
  varint(v: number): void {
    this.ensure(8);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  /** The bytes written so far (a view, not a copy). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

const utf8 = new TextEncoder();

/** Appends the UTF-8 bytes of `s`; returns how many. ASCII is copied by a plain loop (the common case for Mambu
 *  keys, ids and enums); the first non-ASCII character hands the rest to TextEncoder. */
export function writeUtf8(sink: ByteSink, s: string): number {
  const n = s.length;
  sink.ensure(n * 3);
  const buf = sink.buf;
  const start = sink.pos;
  let p = start;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    buf[p++] = c;
  }
  if (i < n) p += utf8.encodeInto(s.slice(i), buf.subarray(p)).written;
  sink.pos = p;
  return p - start;
}
