// Profiling aid (not part of npm run bench): the Parquet worker's snappy (parquet-format/snappy.ts) on column-like
// inputs built from the simulator's loan transactions: 2,000 rows of ids and text joined (a string column's
// page), their amounts as doubles, and 160 KB of the raw JSON. Prints µs of CPU per call (median of 6 rounds of 300
// calls, after 300 warm-up calls). Given the path of another module exporting `snappyCompress` (an earlier version:
// `git show REV:electron/engine/sink/parquet-format/snappy.ts > /tmp/snappy-old.ts`), it first checks the two write
// the same bytes on 6,030 generated inputs (every size to 300 bytes and some up to 1 MB, random and repetitive,
// each a view at an offset into a larger buffer), then measures both in turn:
//   npx tsx test/bench/snappy-probe.ts [/tmp/snappy-old.ts]
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { snappyCompress } from '../../electron/engine/sink/parquet-format/snappy';
import { fetchPages } from './parse-cpu';
import { startSimProcess } from './processes';

type Compress = (src: Uint8Array) => Uint8Array;
const other = process.argv[2]
  ? ((await import(pathToFileURL(path.resolve(process.argv[2])).href)) as { snappyCompress: Compress }).snappyCompress
  : undefined;

/** Inputs of `size` bytes, random or repeating earlier bytes, as views at an offset into a larger buffer. */
function generated(size: number): Uint8Array {
  const r = randomBytes(size + 37);
  const big = new Uint8Array(size + 37);
  const alphabet = r[0]! % 8 === 7 ? 256 : (1 + (r[0]! % 8)) * 4;
  for (let i = 0; i < big.length; i++) big[i] = (r[i]! & 3) !== 0 ? big[Math.max(0, i - 1 - (r[i]! % 40))]! : r[i]! % alphabet;
  return big.subarray(17, 17 + size);
}

if (other) {
  const sizes = [...Array.from({ length: 300 }, (_, n) => Array<number>(20).fill(n)).flat()];
  for (const n of [65535, 65536, 65537, 131079, 200_000, 1_000_003]) sizes.push(...Array<number>(5).fill(n));
  for (const n of sizes) {
    const input = generated(n);
    if (!Buffer.from(other(input)).equals(Buffer.from(snappyCompress(input)))) throw new Error(`${n} bytes: the two write different bytes`);
  }
  console.log(`same bytes on ${sizes.length} generated inputs`);
}

const sim = await startSimProcess({ latencyMs: 0, perDay: { 'loans/transactions': 20_000 } });
const pages = await fetchPages(sim.url, 1000).finally(() => sim.stop());
const rows = pages.flatMap((p) => JSON.parse(p) as Array<Record<string, unknown>>).slice(0, 2000);
const utf8 = new TextEncoder();
const inputs: Array<[string, Uint8Array]> = [
  ['strings', utf8.encode(rows.map((r) => `${String(r.encodedKey)}${String(r.id)}${String(r.notes ?? '')}${String(r.type)}`).join(''))],
  ['doubles', new Uint8Array(new Float64Array(rows.map((r) => Number(r.amount ?? 0))).buffer)],
  ['json', utf8.encode(pages[0]!.slice(0, 160_000))],
];

function perCall(f: Compress, input: Uint8Array): number {
  const c0 = process.cpuUsage();
  for (let i = 0; i < 300; i++) f(input);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 300;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, input] of inputs) {
  if (other && !Buffer.from(other(input)).equals(Buffer.from(snappyCompress(input))))
    throw new Error(`${name}: the two write different bytes`);
  for (let w = 0; w < 300; w++) {
    snappyCompress(input);
    other?.(input);
  }
  const now: number[] = [];
  const then: number[] = [];
  for (let round = 0; round < 6; round++) {
    now.push(perCall(snappyCompress, input));
    if (other) then.push(perCall(other, input));
  }
  const line = `${name} (${input.length} bytes): ${median(now).toFixed(0)} µs per call`;
  console.log(other ? `${line}; the other module ${median(then).toFixed(0)} µs (same bytes)` : line);
}
