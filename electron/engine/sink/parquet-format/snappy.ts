// Snappy compression (raw format, as Parquet's SNAPPY codec stores it:
// https://github.com/google/snappy/blob/main/format_description.txt): greedy matching of 4-byte sequences through
// a hash table over 64 KiB blocks, skipping faster through incompressible input. The table is reused across calls
// (one per thread), so compressing a page allocates only its output.

const BLOCK = 1 << 16;
const MAX_HASH_BITS = 14;
const table = new Int32Array(1 << MAX_HASH_BITS);
/** Hash bits for the block being compressed: a small input gets a small table (less to clear, stays in cache). */
let shift = 32 - MAX_HASH_BITS;

/** Four bytes as one little-endian int32 (DataView's load: ~20 % less CPU per call than four byte reads and shifts,
 *  test/bench/snappy-probe.ts; the same bits; every read is at least 4 bytes before the block's end, which the loop
 *  bounds below keep). */
function load32(v: DataView, i: number): number {
  return v.getInt32(i, true);
}

function hash(v: number): number {
  return Math.imul(v, 0x1e35a7bd) >>> shift;
}

class Out {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  literal(src: Uint8Array, from: number, to: number): void {
    const len = to - from;
    const n = len - 1;
    const b = this.buf;
    if (n < 60) b[this.pos++] = n << 2;
    else if (n < 0x100) {
      b[this.pos++] = 60 << 2;
      b[this.pos++] = n;
    } else if (n < 0x10000) {
      b[this.pos++] = 61 << 2;
      b[this.pos++] = n & 0xff;
      b[this.pos++] = n >>> 8;
    } else if (n < 0x1000000) {
      b[this.pos++] = 62 << 2;
      b[this.pos++] = n & 0xff;
      b[this.pos++] = (n >>> 8) & 0xff;
      b[this.pos++] = n >>> 16;
    } else {
      b[this.pos++] = 63 << 2;
      b[this.pos++] = n & 0xff;
      b[this.pos++] = (n >>> 8) & 0xff;
      b[this.pos++] = (n >>> 16) & 0xff;
      b[this.pos++] = n >>> 24;
    }
    if (len < 16) for (let i = from; i < to; i++) b[this.pos++] = src[i]!;
    else {
      b.set(src.subarray(from, to), this.pos);
      this.pos += len;
    }
  }

  private copy2(offset: number, len: number): void {
    const b = this.buf;
    b[this.pos++] = ((len - 1) << 2) | 2;
    b[this.pos++] = offset & 0xff;
    b[this.pos++] = offset >>> 8;
  }

  copy(offset: number, len: number): void {
    while (len >= 68) {
      this.copy2(offset, 64);
      len -= 64;
    }
    if (len > 64) {
      this.copy2(offset, 60);
      len -= 60;
    }
    if (len >= 12 || offset >= 2048) this.copy2(offset, len);
    else {
      const b = this.buf;
      b[this.pos++] = ((offset >>> 8) << 5) | ((len - 4) << 2) | 1;
      b[this.pos++] = offset & 0xff;
    }
  }
}

function compressBlock(src: Uint8Array, view: DataView, start: number, end: number, out: Out): void {
  if (end - start < 15) {
    out.literal(src, start, end);
    return;
  }
  const bits = Math.min(MAX_HASH_BITS, Math.max(8, 32 - Math.clz32(end - start - 1)));
  shift = 32 - bits;
  table.fill(-1, 0, 1 << bits);
  const ipLimit = end - 15;
  let nextEmit = start;
  let ip = start + 1;
  let nextHash = hash(load32(view, ip));
  for (;;) {
    let skip = 32;
    let nextIp = ip;
    let candidate: number;
    do {
      ip = nextIp;
      const h = nextHash;
      nextIp = ip + (skip++ >> 5);
      if (nextIp > ipLimit) {
        if (nextEmit < end) out.literal(src, nextEmit, end);
        return;
      }
      nextHash = hash(load32(view, nextIp));
      candidate = table[h]!;
      table[h] = ip;
    } while (candidate < 0 || load32(view, ip) !== load32(view, candidate));
    out.literal(src, nextEmit, ip);
    do {
      const base = ip;
      let matched = 4;
      // Four bytes at a time while they agree, then byte by byte.
      while (ip + matched + 4 <= end && load32(view, candidate + matched) === load32(view, ip + matched)) matched += 4;
      while (ip + matched < end && src[candidate + matched] === src[ip + matched]) matched++;
      ip += matched;
      out.copy(base - candidate, matched);
      nextEmit = ip;
      if (ip >= ipLimit) {
        if (nextEmit < end) out.literal(src, nextEmit, end);
        return;
      }
      table[hash(load32(view, ip - 1))] = ip - 1;
      const h = hash(load32(view, ip));
      candidate = table[h]!;
      table[h] = ip;
    } while (candidate >= 0 && load32(view, ip) === load32(view, candidate));
    ip++;
    nextHash = hash(load32(view, ip));
  }
}

/** The snappy-compressed form of `src`. */
export function snappyCompress(src: Uint8Array): Uint8Array {
  const n = src.length;
  const out = new Out(new Uint8Array(32 + n + Math.ceil(n / 6)));
  let v = n;
  while (v >= 0x80) {
    out.buf[out.pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out.buf[out.pos++] = v;
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  for (let s = 0; s < n; s += BLOCK) compressBlock(src, view, s, Math.min(s + BLOCK, n), out);
  return out.buf.subarray(0, out.pos);
}
