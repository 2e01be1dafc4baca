// One column of one row group, encoded as Parquet data page v1 (the page kind every Hive/Trino/Athena reader has
// read for longest, and what the original job's pyarrow wrote): definition levels as a bit-packed run, values
// PLAIN — or, for strings that repeat (states, currencies, types), a PLAIN dictionary page and RLE_DICTIONARY
// indexes — snappy-compressed, with min/max/null-count statistics. Works straight on the typed arrays the chunk
// writer sends across threads: no per-value boxing, one pass per column for levels, values and statistics.
import type { AthenaType } from '../../../../shared/catalog/tables';
import type { WireColumn } from '../parquet-wire';
import { ByteSink, writeUtf8 } from './byte-sink';
import { snappyCompress } from './snappy';
import { CompactWriter } from './thrift-compact';

export const enum PhysicalType {
  BOOLEAN = 0,
  INT32 = 1,
  INT64 = 2,
  DOUBLE = 5,
  BYTE_ARRAY = 6,
}

export const enum Encoding {
  PLAIN = 0,
  RLE = 3,
  RLE_DICTIONARY = 8,
}

const PAGE_DATA = 0;
const PAGE_DICTIONARY = 2;
const CODEC_SNAPPY = 1;
/** Longer string bounds are left out of the statistics rather than truncated (a truncated max is not a bound). */
const MAX_STAT_BYTES = 64;

export function physicalOf(type: AthenaType): PhysicalType {
  switch (type) {
    case 'string':
      return PhysicalType.BYTE_ARRAY;
    case 'int':
    case 'date':
      return PhysicalType.INT32;
    case 'bigint':
    case 'timestamp':
      return PhysicalType.INT64;
    case 'double':
      return PhysicalType.DOUBLE;
    case 'boolean':
      return PhysicalType.BOOLEAN;
  }
}

/** What the footer records of a written column chunk. */
export interface ColumnChunkMeta {
  name: string;
  type: PhysicalType;
  encodings: Encoding[];
  numValues: number;
  uncompressed: number;
  compressed: number;
  /** Absolute file offsets. */
  dataPageOffset: number;
  dictionaryPageOffset?: number;
  nullCount: number;
  min?: Uint8Array;
  max?: Uint8Array;
}

/** Per part and column: whether a dictionary is still worth trying (a column of unique values is not). */
export interface ColumnState {
  tryDictionary: boolean;
}

/** Scratch buffers reused by every column of the thread (a page is built, compressed, then copied out). */
const body = new ByteSink(1 << 16);
const dictBody = new ByteSink(1 << 12);
const header = new ByteSink(256);

function isNull(c: WireColumn, i: number): boolean {
  if (c.kind === 'array') {
    const v = c.values[i];
    return v === null || v === undefined;
  }
  return c.nulls[i] !== 0;
}

/** Definition levels of an OPTIONAL column (1 = value, 0 = null) as one RLE/bit-packed hybrid run. */
function writeLevels(out: ByteSink, c: WireColumn, rows: number, nullCount: number): void {
  const lenAt = out.pos;
  out.u32le(0);
  const from = out.pos;
  if (nullCount === 0 || nullCount === rows) {
    out.varint(rows * 2);
    out.byte(nullCount === 0 ? 1 : 0);
  } else {
    const groups = Math.ceil(rows / 8);
    out.varint(groups * 2 + 1);
    out.ensure(groups);
    const buf = out.buf;
    const p = out.pos;
    buf.fill(0, p, p + groups);
    for (let i = 0; i < rows; i++) if (!isNull(c, i)) buf[p + (i >>> 3)]! |= 1 << (i & 7);
    out.pos = p + groups;
  }
  const len = out.pos - from;
  out.buf[lenAt] = len & 0xff;
  out.buf[lenAt + 1] = (len >>> 8) & 0xff;
  out.buf[lenAt + 2] = (len >>> 16) & 0xff;
  out.buf[lenAt + 3] = len >>> 24;
}

function countNulls(c: WireColumn, rows: number): number {
  let n = 0;
  if (c.kind === 'array') {
    for (let i = 0; i < rows; i++) {
      const v = c.values[i];
      if (v === null || v === undefined) n++;
    }
  } else for (let i = 0; i < rows; i++) n += c.nulls[i]! !== 0 ? 1 : 0;
  return n;
}

/** Unsigned code point order (= UTF-8 byte order), the order Parquet's statistics use for strings. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after U+E000..U+FFFF although its code unit is smaller.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && x >= 0xd800 && y >= 0xd800) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function utf8Bytes(s: string): Uint8Array {
  const sink = new ByteSink(Math.max(16, s.length * 3));
  writeUtf8(sink, s);
  return sink.buf.slice(0, sink.pos);
}

interface Values {
  encodings: Encoding[];
  encoding: Encoding;
  min?: Uint8Array;
  max?: Uint8Array;
  /** PLAIN dictionary page body and its size, when dictionary-encoded. */
  dictionary?: { count: number };
}

function littleEndian(arr: Float64Array | Int32Array | BigInt64Array, v: number | bigint): Uint8Array {
  const one = new (arr.constructor as { new (n: number): Float64Array | Int32Array | BigInt64Array })(1);
  (one as unknown as Array<number | bigint>)[0] = v;
  return new Uint8Array(one.buffer.slice(0));
}

/** PLAIN values of a numeric column (non-null entries, packed) and their min/max. */
function writeNumeric(out: ByteSink, c: WireColumn & { kind: 'f64' | 'i32' | 'i64' }, rows: number, nonNull: number): Values {
  const width = c.kind === 'i32' ? 4 : 8;
  out.ensure(nonNull * width + 8);
  // Typed arrays need aligned offsets: pack into a fresh array, then copy its bytes.
  const packed = c.kind === 'f64' ? new Float64Array(nonNull) : c.kind === 'i32' ? new Int32Array(nonNull) : new BigInt64Array(nonNull);
  const data = c.data;
  const nulls = c.nulls;
  let k = 0;
  let min: number | bigint | undefined;
  let max: number | bigint | undefined;
  if (c.kind === 'i64') {
    const d = data as BigInt64Array;
    const p = packed as BigInt64Array;
    for (let i = 0; i < rows; i++) {
      if (nulls[i]) continue;
      const v = d[i]!;
      p[k++] = v;
      if (min === undefined || v < min) min = v;
      if (max === undefined || v > max) max = v;
    }
  } else {
    const d = data as Float64Array | Int32Array;
    const p = packed as Float64Array | Int32Array;
    for (let i = 0; i < rows; i++) {
      if (nulls[i]) continue;
      const v = d[i]!;
      p[k++] = v;
      if (v !== v) continue; // NaN is left out of min/max (Parquet spec)
      if (min === undefined || v < (min as number)) min = v;
      if (max === undefined || v > (max as number)) max = v;
    }
    // Signed zero: min is -0, max is +0 (Parquet spec).
    if (min === 0) min = -0;
    if (max === 0) max = 0;
  }
  out.bytes(new Uint8Array(packed.buffer, 0, nonNull * width));
  return {
    encodings: [Encoding.PLAIN, Encoding.RLE],
    encoding: Encoding.PLAIN,
    ...(min !== undefined && max !== undefined ? { min: littleEndian(packed, min), max: littleEndian(packed, max) } : {}),
  };
}

function writeBooleans(out: ByteSink, values: readonly unknown[], rows: number, nonNull: number): Values {
  const bytes = Math.ceil(nonNull / 8);
  out.ensure(bytes);
  const buf = out.buf;
  const p = out.pos;
  buf.fill(0, p, p + bytes);
  let k = 0;
  let seenTrue = false;
  let seenFalse = false;
  for (let i = 0; i < rows; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (v === true) {
      buf[p + (k >>> 3)]! |= 1 << (k & 7);
      seenTrue = true;
    } else seenFalse = true;
    k++;
  }
  out.pos = p + bytes;
  const any = seenTrue || seenFalse;
  return {
    encodings: [Encoding.PLAIN, Encoding.RLE],
    encoding: Encoding.PLAIN,
    ...(any ? { min: Uint8Array.of(seenFalse ? 0 : 1), max: Uint8Array.of(seenTrue ? 1 : 0) } : {}),
  };
}

function writePlainString(out: ByteSink, s: string): void {
  const lenAt = out.pos;
  out.u32le(0);
  const n = writeUtf8(out, s);
  const b = out.buf;
  b[lenAt] = n & 0xff;
  b[lenAt + 1] = (n >>> 8) & 0xff;
  b[lenAt + 2] = (n >>> 16) & 0xff;
  b[lenAt + 3] = n >>> 24;
}

function stringBounds(min: string | undefined, max: string | undefined): Pick<Values, 'min' | 'max'> {
  if (min === undefined || max === undefined) return {};
  const lo = utf8Bytes(min);
  const hi = utf8Bytes(max);
  return lo.length <= MAX_STAT_BYTES && hi.length <= MAX_STAT_BYTES ? { min: lo, max: hi } : {};
}

function writeStrings(out: ByteSink, values: readonly unknown[], rows: number, nonNull: number, state: ColumnState): Values {
  if (state.tryDictionary && nonNull > 0) {
    const dict = new Map<string, number>();
    const indexes = new Int32Array(nonNull);
    // A dictionary pays when values repeat; give up as soon as half the values seen are distinct.
    const limit = Math.max(16, nonNull >>> 1);
    let k = 0;
    let ok = true;
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      let id = dict.get(v as string);
      if (id === undefined) {
        id = dict.size;
        if (id >= limit) {
          ok = false;
          break;
        }
        dict.set(v as string, id);
      }
      indexes[k++] = id;
    }
    if (ok) {
      let min: string | undefined;
      let max: string | undefined;
      dictBody.pos = 0;
      for (const s of dict.keys()) {
        writePlainString(dictBody, s);
        if (min === undefined || compareCodePoints(s, min) < 0) min = s;
        if (max === undefined || compareCodePoints(s, max) > 0) max = s;
      }
      writeIndexes(out, indexes, dict.size);
      return {
        encodings: [Encoding.PLAIN, Encoding.RLE, Encoding.RLE_DICTIONARY],
        encoding: Encoding.RLE_DICTIONARY,
        dictionary: { count: dict.size },
        ...stringBounds(min, max),
      };
    }
    state.tryDictionary = false;
  }
  let min: string | undefined;
  let max: string | undefined;
  for (let i = 0; i < rows; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const s = v as string;
    writePlainString(out, s);
    if (min === undefined || compareCodePoints(s, min) < 0) min = s;
    if (max === undefined || compareCodePoints(s, max) > 0) max = s;
  }
  return { encodings: [Encoding.PLAIN, Encoding.RLE], encoding: Encoding.PLAIN, ...stringBounds(min, max) };
}

/** Unsigned byte order of two ranges of `b` (UTF-8 byte order = code point order). */
function compareRanges(b: Uint8Array, a0: number, a1: number, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0);
  for (let i = 0; i < n; i++) {
    const d = b[a0 + i]! - b[b0 + i]!;
    if (d !== 0) return d;
  }
  return a1 - a0 - (b1 - b0);
}

/** PLAIN values of a string column in its UTF-8 form (no dictionary): a length and a copy of each value's bytes;
 *  min/max compare bytes (UTF-8 byte order is code point order). */
function writePlainBytes(out: ByteSink, c: WireColumn & { kind: 'utf8' }, rows: number, nonNull: number): Values {
  const { bytes: src, offsets, nulls } = c;
  out.ensure(src.length + 4 * nonNull);
  const dst = out.buf;
  let p = out.pos;
  let minA = -1;
  let minB = -1;
  let maxA = -1;
  let maxB = -1;
  for (let i = 0; i < rows; i++) {
    if (nulls[i]) continue;
    const a = offsets[i]!;
    const b = offsets[i + 1]!;
    const n = b - a;
    dst[p] = n & 0xff;
    dst[p + 1] = (n >>> 8) & 0xff;
    dst[p + 2] = (n >>> 16) & 0xff;
    dst[p + 3] = n >>> 24;
    p += 4;
    if (n < 64) for (let k = a; k < b; k++) dst[p++] = src[k]!;
    else {
      dst.set(src.subarray(a, b), p);
      p += n;
    }
    if (minA < 0 || compareRanges(src, a, b, minA, minB) < 0) {
      minA = a;
      minB = b;
    }
    if (maxA < 0 || compareRanges(src, a, b, maxA, maxB) > 0) {
      maxA = a;
      maxB = b;
    }
  }
  out.pos = p;
  return {
    encodings: [Encoding.PLAIN, Encoding.RLE],
    encoding: Encoding.PLAIN,
    ...(minA >= 0 ? byteBounds(src, minA, minB, maxA, maxB) : {}),
  };
}

/** min/max statistics from two byte ranges of `src` (none when either is longer than a statistic may be). */
function byteBounds(src: Uint8Array, minA: number, minB: number, maxA: number, maxB: number): Pick<Values, 'min' | 'max'> {
  return minB - minA <= MAX_STAT_BYTES && maxB - maxA <= MAX_STAT_BYTES ? { min: src.slice(minA, minB), max: src.slice(maxA, maxB) } : {};
}

/** Scratch tables of the byte dictionary below, reused by every column of the thread (grown when a row group needs
 *  more): an open-addressing table of dictionary ids, and each id's first occurrence in the column's bytes. */
let dictSlots = new Int32Array(1 << 12);
let dictStarts = new Int32Array(1 << 11);
let dictEnds = new Int32Array(1 << 11);

/** FNV-1a over a value's bytes. */
function hashRange(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

function sameRange(b: Uint8Array, a0: number, a1: number, b0: number, b1: number): boolean {
  if (a1 - a0 !== b1 - b0) return false;
  for (let i = 0; i < a1 - a0; i++) if (b[a0 + i] !== b[b0 + i]) return false;
  return true;
}

/** writeStrings' dictionary, on a string column's UTF-8 bytes instead of its decoded values: the same ids in the
 *  same first-seen order, the same give-up point, the same pages and statistics (UTF-8 byte order is code point
 *  order, and the chunk writer's bytes are well-formed UTF-8, so equal bytes are equal strings), without a JS string
 *  per value or a Map. */
function writeDictBytes(out: ByteSink, c: WireColumn & { kind: 'utf8' }, rows: number, nonNull: number, state: ColumnState): Values {
  if (nonNull === 0) return writePlainBytes(out, c, rows, nonNull);
  const { bytes: src, offsets, nulls } = c;
  // A dictionary pays when values repeat; give up as soon as half the values seen are distinct.
  const limit = Math.max(16, nonNull >>> 1);
  const size = 1 << (32 - Math.clz32(limit * 2 - 1));
  if (dictSlots.length < size) dictSlots = new Int32Array(size);
  if (dictStarts.length < limit) {
    dictStarts = new Int32Array(limit);
    dictEnds = new Int32Array(limit);
  }
  const slots = dictSlots;
  slots.fill(-1, 0, size);
  const mask = size - 1;
  const indexes = new Int32Array(nonNull);
  let distinct = 0;
  let k = 0;
  for (let i = 0; i < rows; i++) {
    if (nulls[i]) continue;
    const a = offsets[i]!;
    const b = offsets[i + 1]!;
    let h = hashRange(src, a, b) & mask;
    let id: number;
    for (;;) {
      id = slots[h]!;
      if (id < 0) {
        if (distinct >= limit) {
          state.tryDictionary = false;
          return writePlainBytes(out, c, rows, nonNull);
        }
        id = distinct++;
        slots[h] = id;
        dictStarts[id] = a;
        dictEnds[id] = b;
        break;
      }
      if (sameRange(src, dictStarts[id]!, dictEnds[id]!, a, b)) break;
      h = (h + 1) & mask;
    }
    indexes[k++] = id;
  }
  dictBody.pos = 0;
  let lo = 0;
  let hi = 0;
  for (let id = 0; id < distinct; id++) {
    const a = dictStarts[id]!;
    const b = dictEnds[id]!;
    dictBody.u32le(b - a);
    dictBody.bytes(src.subarray(a, b));
    if (compareRanges(src, a, b, dictStarts[lo]!, dictEnds[lo]!) < 0) lo = id;
    if (compareRanges(src, a, b, dictStarts[hi]!, dictEnds[hi]!) > 0) hi = id;
  }
  writeIndexes(out, indexes, distinct);
  return {
    encodings: [Encoding.PLAIN, Encoding.RLE, Encoding.RLE_DICTIONARY],
    encoding: Encoding.RLE_DICTIONARY,
    dictionary: { count: distinct },
    ...byteBounds(src, dictStarts[lo]!, dictEnds[lo]!, dictStarts[hi]!, dictEnds[hi]!),
  };
}

/** Dictionary indexes: one byte of bit width, then one bit-packed run (groups of 8, LSB first). */
function writeIndexes(out: ByteSink, indexes: Int32Array, distinct: number): void {
  const width = Math.max(1, 32 - Math.clz32(distinct - 1));
  const groups = Math.ceil(indexes.length / 8);
  out.byte(width);
  out.varint(groups * 2 + 1);
  const bytes = groups * width;
  out.ensure(bytes);
  const buf = out.buf;
  let p = out.pos;
  buf.fill(0, p, p + bytes);
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < indexes.length; i++) {
    acc |= indexes[i]! << bits;
    bits += width;
    while (bits >= 8) {
      buf[p++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) buf[p++] = acc & 0xff;
  out.pos = out.pos + bytes;
}

function pageHeader(kind: number, uncompressed: number, compressed: number, numValues: number, encoding: Encoding): Uint8Array {
  header.pos = 0;
  const w = new CompactWriter(header);
  w.structBegin();
  w.i32(1, kind);
  w.i32(2, uncompressed);
  w.i32(3, compressed);
  if (kind === PAGE_DATA) {
    w.struct(5);
    w.i32(1, numValues);
    w.i32(2, encoding);
    w.i32(3, Encoding.RLE);
    w.i32(4, Encoding.RLE);
    w.structEnd();
  } else {
    w.struct(7);
    w.i32(1, numValues);
    w.i32(2, Encoding.PLAIN);
    w.structEnd();
  }
  w.structEnd();
  return header.view();
}

/** Writes one page (header + snappy body) to the file; returns [uncompressed, compressed] sizes incl. header. */
function writePage(file: ByteSink, kind: number, raw: Uint8Array, numValues: number, encoding: Encoding): [number, number] {
  const packed = snappyCompress(raw);
  const h = pageHeader(kind, raw.length, packed.length, numValues, encoding);
  const headerLen = h.length;
  file.bytes(h);
  file.bytes(packed);
  return [headerLen + raw.length, headerLen + packed.length];
}

/** Encodes column `c` (rows values; null where its mask says so) into `file` and returns its footer entry. */
export function writeColumnChunk(file: ByteSink, c: WireColumn, rows: number, state: ColumnState): ColumnChunkMeta {
  const type = physicalOf(c.type);
  const nullCount = countNulls(c, rows);
  const nonNull = rows - nullCount;
  body.pos = 0;
  writeLevels(body, c, rows, nullCount);
  let values: Values;
  if (c.kind === 'utf8') {
    if (type !== PhysicalType.BYTE_ARRAY) throw new Error(`column ${c.name}: ${c.type} values cannot cross as text`);
    // A dictionary is tried on the bytes (strings that repeat are few and short); a column that gave up on it is
    // written straight from its bytes.
    values = state.tryDictionary ? writeDictBytes(body, c, rows, nonNull, state) : writePlainBytes(body, c, rows, nonNull);
  } else if (c.kind !== 'array') values = writeNumeric(body, c, rows, nonNull);
  else if (type === PhysicalType.BOOLEAN) values = writeBooleans(body, c.values, rows, nonNull);
  else if (type === PhysicalType.BYTE_ARRAY) values = writeStrings(body, c.values, rows, nonNull, state);
  else throw new Error(`column ${c.name}: ${c.type} values must cross as a typed array`);
  let uncompressed = 0;
  let compressed = 0;
  let dictionaryPageOffset: number | undefined;
  if (values.dictionary) {
    dictionaryPageOffset = file.pos;
    const [u, z] = writePage(file, PAGE_DICTIONARY, dictBody.view(), values.dictionary.count, Encoding.PLAIN);
    uncompressed += u;
    compressed += z;
  }
  const dataPageOffset = file.pos;
  const [u, z] = writePage(file, PAGE_DATA, body.view(), rows, values.encoding);
  uncompressed += u;
  compressed += z;
  return {
    name: c.name,
    type,
    encodings: values.encodings,
    numValues: rows,
    uncompressed,
    compressed,
    dataPageOffset,
    ...(dictionaryPageOffset !== undefined ? { dictionaryPageOffset } : {}),
    nullCount,
    ...(values.min && values.max ? { min: values.min, max: values.max } : {}),
  };
}

export { CODEC_SNAPPY };
