// The Thrift compact protocol, write side only, as much as Parquet's page headers and footer need
// (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md).
import { ByteSink, writeUtf8 } from './byte-sink';

export const enum TType {
  TRUE = 1,
  FALSE = 2,
  I32 = 5,
  I64 = 6,
  BINARY = 8,
  LIST = 9,
  STRUCT = 12,
}

export class CompactWriter {
  private last = 0;
  private readonly stack: number[] = [];

  constructor(readonly out: ByteSink) {}

  private header(id: number, type: number): void {
    const delta = id - this.last;
    if (delta > 0 && delta <= 15) this.out.byte((delta << 4) | type);
    else {
      this.out.byte(type);
      this.out.varint(zigzag(id));
    }
    this.last = id;
  }

  structBegin(): void {
    this.stack.push(this.last);
    this.last = 0;
  }

  structEnd(): void {
    this.out.byte(0);
    this.last = this.stack.pop() ?? 0;
  }

  /** A struct-valued field: call structEnd() after its fields. */
  struct(id: number): void {
    this.header(id, TType.STRUCT);
    this.structBegin();
  }

  i32(id: number, v: number): void {
    this.header(id, TType.I32);
    this.out.varint(zigzag(v));
  }

  i64(id: number, v: number): void {
    this.header(id, TType.I64);
    this.out.varint(zigzag(v));
  }

  bool(id: number, v: boolean): void {
    this.header(id, v ? TType.TRUE : TType.FALSE);
  }

  binary(id: number, b: Uint8Array): void {
    this.header(id, TType.BINARY);
    this.out.varint(b.length);
    this.out.bytes(b);
  }

  string(id: number, s: string): void {
    this.header(id, TType.BINARY);
    const sink = new ByteSink(Math.max(16, s.length * 3));
    const n = writeUtf8(sink, s);
    this.out.varint(n);
    this.out.bytes(sink.buf.subarray(0, n));
  }

  /** A list field's header; then write `size` elements (structs with structBegin/structEnd, i32s with listI32). */
  list(id: number, elementType: TType, size: number): void {
    this.header(id, TType.LIST);
    if (size < 15) this.out.byte((size << 4) | elementType);
    else {
      this.out.byte(0xf0 | elementType);
      this.out.varint(size);
    }
  }

  listI32(v: number): void {
    this.out.varint(zigzag(v));
  }
}

/** Zig-zag of an integer (exact for |v| < 2^52, which every Parquet size and offset here is). */
function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}
