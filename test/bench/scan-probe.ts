// Profiling aid (not part of npm run bench): would parsing a page's bytes straight into columns, with no JS object
// per record, beat JSON.parse plus the engine's walk and casts? A minimal byte scanner (keys hashed into a path trie,
// strings copied as UTF-8 bytes with offsets, numbers into a Float64Array; no cleaning, casts, dedupe keys or cdc
// dates, which a real one would need on top) against JSON.parse of the very same pages, several passes in one
// process. Run with `node --max-semi-space-size=8 --import tsx test/bench/scan-probe.ts [records]`. Figures and the
// conclusion: BENCHMARKS.md, round 6.
import { fetchPages } from './parse-cpu';
import { startSimProcess } from './processes';

class Col {
  bytes = new Uint8Array(1 << 20);
  pos = 0;
  offs: number[] = [];
  nums = new Float64Array(4096);
  n = 0;
}
interface Node {
  kids: Map<number, Node>;
  items: Node[];
  col: number;
}
const newNode = (): Node => ({ kids: new Map(), items: [], col: -1 });
const cols: Col[] = [];
function colOf(node: Node): Col {
  if (node.col < 0) {
    node.col = cols.length;
    cols.push(new Col());
  }
  return cols[node.col]!;
}

let b: Buffer = Buffer.alloc(0);
let i = 0;
function ws() {
  let c = b[i]!;
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i]!;
}
function value(node: Node): void {
  ws();
  const c = b[i]!;
  if (c === 123) return object(node);
  if (c === 91) return array(node);
  if (c === 34) return str(node);
  if (c === 116) {
    i += 4;
    return;
  }
  if (c === 102) {
    i += 5;
    return;
  }
  if (c === 110) {
    i += 4;
    return;
  }
  return num(node);
}
/** Steps over an opening bracket; true (and past the closing one) when the object or array is empty. */
function opensEmpty(close: number): boolean {
  i++;
  ws();
  if (b[i] !== close) return false;
  i++;
  return true;
}
function object(node: Node): void {
  if (opensEmpty(125)) return;
  for (;;) {
    ws();
    i++; // "
    let h = 2166136261;
    const s = i;
    while (b[i] !== 34) {
      if (b[i] === 92) i++;
      h = Math.imul(h ^ b[i]!, 16777619);
      i++;
    }
    h = (h ^ (i - s)) | 0;
    i++;
    let kid = node.kids.get(h);
    if (!kid) node.kids.set(h, (kid = newNode()));
    ws();
    i++; // :
    value(kid);
    ws();
    if (b[i++] === 125) return;
  }
}
function array(node: Node): void {
  if (opensEmpty(93)) return;
  for (let k = 0; ; k++) {
    value((node.items[k] ??= newNode()));
    ws();
    if (b[i++] === 93) return;
  }
}
function str(node: Node): void {
  const col = colOf(node);
  const s = ++i;
  let esc = false;
  while (b[i] !== 34) {
    if (b[i] === 92) {
      esc = true;
      i++;
    }
    i++;
  }
  const e = i++;
  if (esc) {
    const t = new TextEncoder().encode(JSON.parse(b.toString('utf8', s - 1, e + 1)) as string);
    ensure(col, t.length);
    col.bytes.set(t, col.pos);
    col.pos += t.length;
  } else {
    const n = e - s;
    ensure(col, n);
    col.bytes.set(b.subarray(s, e), col.pos);
    col.pos += n;
  }
  col.offs.push(col.pos);
}
function ensure(col: Col, n: number) {
  if (col.pos + n > col.bytes.length) {
    const x = new Uint8Array((col.pos + n) * 2);
    x.set(col.bytes);
    col.bytes = x;
  }
}
function num(node: Node): void {
  const col = colOf(node);
  const s = i;
  let int = true;
  let v = 0;
  let neg = false;
  if (b[i] === 45) {
    neg = true;
    i++;
  }
  for (;;) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      i++;
    } else if (c === 46 || c === 101 || c === 69 || c === 43 || c === 45) {
      int = false;
      i++;
    } else break;
  }
  const x = int && i - s < 16 ? (neg ? -v : v) : Number(b.toString('latin1', s, i));
  if (col.n >= col.nums.length) {
    const y = new Float64Array(col.nums.length * 2);
    y.set(col.nums);
    col.nums = y;
  }
  col.nums[col.n++] = x;
}
function parsePage(buf: Buffer, root: Node) {
  b = buf;
  i = 0;
  ws();
  i++;
  ws();
  if (b[i] === 93) return 0;
  let n = 0;
  for (;;) {
    value(root);
    n++;
    ws();
    if (b[i++] === 93) return n;
  }
}

const records = Number(process.argv[2] ?? 100_000);
const sim = await startSimProcess({ latencyMs: 0, perDay: { 'loans/transactions': records } });
// The pages the engine would fetch (same requests as the bare loop), as text and as the bytes a scanner would read.
const texts = await fetchPages(sim.url, 1000);
await sim.stop();
const pages = texts.map((t) => Buffer.from(t, 'utf8'));
console.log(`${pages.length} pages, ${(pages.reduce((a, p) => a + p.length, 0) / pages.length / 1e6).toFixed(2)} MB each`);
const root = newNode();
for (let pass = 0; pass < 7; pass++) {
  const c0 = process.threadCpuUsage();
  let n = 0;
  for (const p of pages) {
    for (const c of cols) {
      c.pos = 0;
      c.offs.length = 0;
      c.n = 0;
    }
    n += parsePage(p, root);
  }
  const direct = (process.threadCpuUsage(c0).user + process.threadCpuUsage(c0).system) / 1000 / pages.length;
  const c1 = process.threadCpuUsage();
  let m = 0;
  for (const p of texts) m += (JSON.parse(p) as unknown[]).length;
  const c1d = process.threadCpuUsage(c1);
  const parse = (c1d.user + c1d.system) / 1000 / pages.length;
  const c2 = process.threadCpuUsage();
  for (const p of pages) m += (JSON.parse(p.toString('utf8')) as unknown[]).length;
  const c2d = process.threadCpuUsage(c2);
  console.log(
    `pass ${pass}: direct to columns ${direct.toFixed(2)} ms/page (${n} records, ${cols.length} columns); JSON.parse(text) ${parse.toFixed(2)}; utf8 decode + JSON.parse ${((c2d.user + c2d.system) / 1000 / pages.length).toFixed(2)} (${m})`,
  );
}
