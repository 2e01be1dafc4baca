// What landed in a destination folder, read back with an independent Parquet reader (parquet-wasm).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readWithParquetWasm } from '../sink/read-parquet';

export interface LandedRow {
  file: string;
  partition: string;
  row: Record<string, unknown>;
}

export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(root, p));
    }
  };
  await walk(root);
  return out.sort();
}

export async function landedRows(root: string, table: string): Promise<LandedRow[]> {
  const rows: LandedRow[] = [];
  for (const file of await listFiles(path.join(root, table))) {
    if (!file.endsWith('.snappy.parquet')) throw new Error(`unexpected object ${file}`);
    const partition = /^date=(\d{8})\//.exec(file)?.[1];
    if (!partition) throw new Error(`object outside a date= partition: ${file}`);
    const { rows: r } = readWithParquetWasm(new Uint8Array(await readFile(path.join(root, table, file))));
    for (const row of r) rows.push({ file, partition, row });
  }
  return rows;
}

/** Rows without the extraction time, sorted by key: equal content across runs. */
export function comparable(rows: LandedRow[], key = 'encoded_key'): string[] {
  return rows
    .map(({ file, row }) => {
      const { timestamp_extracted: _t, ...rest } = row;
      return `${file}|${JSON.stringify(rest, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`;
    })
    .sort((a, b) => (a < b ? -1 : 1))
    .concat(rows.length ? [] : [`no rows for key ${key}`]);
}
