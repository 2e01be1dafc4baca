// Read-only views of a destination (a local folder or an S3 bucket + prefix) for tests, with rows decoded by an
// independent Parquet reader (parquet-wasm). Rows come back in the same shape as landed.ts's landedRows, so
// comparable() works on either.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { readWithParquetWasm } from '../sink/read-parquet';
import { listFiles, type LandedRow } from './landed';

export interface ObjectStore {
  /** For messages: `file:///tmp/x/` or `s3://bucket/prefix/`. */
  readonly describe: string;
  /** Every key under `prefix`, relative to the destination root, sorted. */
  list(prefix: string): Promise<string[]>;
  get(key: string): Promise<Uint8Array>;
}

export function localObjects(root: string): ObjectStore {
  return {
    describe: `file://${path.resolve(root)}/`,
    async list(prefix) {
      return (await listFiles(root)).map((f) => f.split(path.sep).join('/')).filter((k) => k.startsWith(prefix));
    },
    async get(key) {
      return new Uint8Array(await readFile(path.join(root, ...key.split('/'))));
    },
  };
}

export function s3Objects(client: S3Client, bucket: string, prefix = ''): ObjectStore {
  const root = prefix ? prefix.replace(/^\/+|\/+$/g, '') + '/' : '';
  return {
    describe: `s3://${bucket}/${root}`,
    async list(sub) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: root + sub, ...(token ? { ContinuationToken: token } : {}) }),
        );
        for (const o of page.Contents ?? []) keys.push(o.Key!.slice(root.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async get(key) {
      const obj = await client.send(new GetObjectCommand({ Bucket: bucket, Key: root + key }));
      return obj.Body!.transformToByteArray();
    },
  };
}

/** Every row of `table` in the store; `file` is the key relative to the table folder (as landedRows gives it).
 *  Any object that is not a `date=YYYYMMDD/….snappy.parquet` part is an error: nothing else may be left behind. */
export async function readTable(store: ObjectStore, table: string): Promise<LandedRow[]> {
  const rows: LandedRow[] = [];
  for (const key of await store.list(`${table}/`)) {
    const file = key.slice(table.length + 1);
    if (!file.endsWith('.snappy.parquet')) throw new Error(`unexpected object ${store.describe}${key}`);
    const partition = /^date=(\d{8})\//.exec(file)?.[1];
    if (!partition) throw new Error(`object outside a date= partition: ${store.describe}${key}`);
    for (const row of readWithParquetWasm(await store.get(key)).rows) rows.push({ file, partition, row });
  }
  return rows;
}
