// Profiling aid (not part of npm run bench), for BENCHMARKS.md round 9: what a page's text costs in Node before
// JSON.parse sees it. (1) Which decoded strings Node keeps outside V8's heap (external strings, which V8 places in
// the old generation and frees only at a full GC; they add to the external memory whose growth starts full GCs,
// round 10): the growth of
// process.memoryUsage().external while 20 decoded copies are held, per size. (2) What decoding costs as Node does it
// (one Buffer#toString) against decoding in 256 KB pieces joined into one ordinary heap string (the alternative
// round 9 measured and did not adopt), on a page-sized buffer.
// Run with `npx tsx test/bench/page-text-probe.ts`.
import { Buffer } from 'node:buffer';

const HELD = 20;

function externalGrowth(bytes: number): number {
  const buf = Buffer.alloc(bytes, 97);
  const before = process.memoryUsage().external;
  const held = Array.from({ length: HELD }, () => buf.toString('utf8'));
  // `held` is read after the measurement, so every copy is alive during it.
  return (process.memoryUsage().external - before) / held.length;
}

for (const bytes of [900_000, 1_031_912, 1_031_913, 1_100_000, 1_150_000]) {
  const grown = externalGrowth(bytes);
  console.log(
    `${bytes.toLocaleString('en')} bytes decoded: external memory ${(grown / 1e6).toFixed(2)} MB more per string held (${grown >= bytes * 0.9 ? 'external' : 'on the heap'})`,
  );
}

const PIECE = 256 * 1024;
/** Splits only before a byte that is not a UTF-8 continuation byte (the page here is ASCII: every byte is one). */
function decodeInPieces(buf: Buffer): string {
  const pieces: string[] = [];
  for (let at = 0; at < buf.length; at += PIECE) pieces.push(buf.toString('utf8', at, Math.min(buf.length, at + PIECE)));
  return pieces.join('');
}

const page = Buffer.from(JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ id: `LT${i}`, pad: 'x'.repeat(1120) }))));
const timed = (decode: (b: Buffer) => string): number => {
  let ms = 0;
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    decode(page);
    ms += performance.now() - t0;
  }
  return ms / 200;
};
for (let round = 1; round <= 3; round++) {
  console.log(
    `round ${round}, a ${(page.length / 1e6).toFixed(2)} MB page: Buffer#toString ${timed((b) => b.toString('utf8')).toFixed(2)} ms, ` +
      `256 KB pieces joined ${timed(decodeInPieces).toFixed(2)} ms`,
  );
}
