// Memory-bounded "seen" set for a chunk's record keys: 64-bit hashes in an open-addressing typed-array table
// (16 bytes per slot at ≤ 50 % load), so a 1,000,000-record chunk costs ~32 MB instead of a Set of strings.
// A false "seen" needs two 32-bit hash collisions at once: ~1e-7 for a million keys, accepted.

function hash32(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class KeyHashSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private used: Uint8Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the key; returns false when it was already present. */
  add(key: string): boolean {
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    return this.insert(hash32(key, 0x9747b28c), hash32(key, 0x1b873593));
  }

  has(key: string): boolean {
    const a = hash32(key, 0x9747b28c);
    const b = hash32(key, 0x1b873593);
    const mask = this.used.length - 1;
    for (let i = (a ^ Math.imul(b, 0x27d4eb2d)) & mask; this.used[i]; i = (i + 1) & mask) {
      if (this.hi[i] === a && this.lo[i] === b) return true;
    }
    return false;
  }

  clear(): void {
    this.hi = new Uint32Array(1024);
    this.lo = new Uint32Array(1024);
    this.used = new Uint8Array(1024);
    this.count = 0;
  }

  private insert(a: number, b: number): boolean {
    const mask = this.used.length - 1;
    let i = (a ^ Math.imul(b, 0x27d4eb2d)) & mask;
    for (; this.used[i]; i = (i + 1) & mask) {
      if (this.hi[i] === a && this.lo[i] === b) return false;
    }
    this.used[i] = 1;
    this.hi[i] = a;
    this.lo[i] = b;
    this.count++;
    return true;
  }

  private grow(): void {
    const { hi, lo, used } = this;
    const cap = used.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.count = 0;
    for (let i = 0; i < used.length; i++) if (used[i]) this.insert(hi[i]!, lo[i]!);
  }
}
