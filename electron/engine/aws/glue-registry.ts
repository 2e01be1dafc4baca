// The Glue Data Catalog as the destination's table registry, as the original job's awswrangler.s3.to_parquet
// (dataset=True, database, table, schema_evolution=True, partition_cols=["date"]) kept it: the table is created on
// first write (Parquet, EXTERNAL_TABLE, location s3://bucket/prefix/table/, partition key `date` string), new
// columns are appended, never retyped, and each written `date=` folder is registered as a partition.
// Endpoint: only the SDK's own configuration (AWS_ENDPOINT_URL_GLUE); credentials: the default chain or the keys
// the S3 destination uses.
import {
  BatchCreatePartitionCommand,
  CreateTableCommand,
  GetDatabaseCommand,
  GetTableCommand,
  GlueClient,
  UpdateTableCommand,
  type Column,
  type GlueClientConfig,
  type PartitionInput,
  type StorageDescriptor,
  type Table,
  type TableInput,
} from '@aws-sdk/client-glue';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AthenaType } from '../../../shared/catalog/tables';
import type { TableRegistry } from '../types';
import type { S3Credentials } from '../sink/s3';
import { awsClientOptions } from './client-options';
import { AWS_CREDENTIALS_HINT, awsErrorName, awsErrorText, isAccessDenied, isCredentialsError, isNetworkError } from './aws-errors';
import { athenaTypeOfGlue, glueTypeOf } from './glue-types';

export const DEFAULT_GLUE_DATABASE = 'datalake_raw';
/** BatchCreatePartition takes at most 100 partitions per call. */
const PARTITION_BATCH = 100;
const PARTITION_KEY = 'date';

export interface GlueRegistryOptions {
  database: string;
  /** `s3://bucket/prefix/`: tables live at `<root><table>/`. */
  root: string;
  region?: string;
  profile?: string;
  credentials?: S3Credentials;
}

export class GlueRegistryError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'GlueRegistryError';
  }
}

/** The storage of a Parquet table or partition, as awswrangler writes it (snappy, Hive Parquet SerDe). */
function parquetStorage(location: string, columns: Column[]): StorageDescriptor {
  return {
    Columns: columns,
    Location: location,
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    Compressed: true,
    SerdeInfo: {
      SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      Parameters: { 'serialization.format': '1' },
    },
    StoredAsSubDirectories: false,
  };
}

/** UpdateTable replaces the whole definition: carry over everything of the table a TableInput can hold. */
function toTableInput(t: Table, columns: Column[]): TableInput {
  return {
    Name: t.Name,
    ...(t.Description !== undefined ? { Description: t.Description } : {}),
    ...(t.Owner !== undefined ? { Owner: t.Owner } : {}),
    ...(t.Retention !== undefined ? { Retention: t.Retention } : {}),
    StorageDescriptor: { ...t.StorageDescriptor, Columns: columns },
    ...(t.PartitionKeys !== undefined ? { PartitionKeys: t.PartitionKeys } : {}),
    ...(t.TableType !== undefined ? { TableType: t.TableType } : {}),
    ...(t.Parameters !== undefined ? { Parameters: t.Parameters } : {}),
  };
}

export function createGlueRegistry(opts: GlueRegistryOptions): TableRegistry & { readonly client: GlueClient; readonly database: string } {
  const database = opts.database;
  const root = opts.root.endsWith('/') ? opts.root : `${opts.root}/`;
  const config: GlueClientConfig = {
    ...awsClientOptions(),
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
  if (opts.credentials) {
    const c = opts.credentials;
    config.credentials = {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    };
  } else if (opts.profile) {
    config.credentials = fromNodeProviderChain({ profile: opts.profile });
  }
  const client = new GlueClient(config);
  // The table as last read or written: partitions get its columns and storage (what awswrangler registers).
  const known = new Map<string, Table>();

  const where = () => `Glue database "${database}"`;
  function fail(err: unknown, doing: string): never {
    if (err instanceof GlueRegistryError) throw err;
    if ((err as Error)?.name === 'AbortError') throw err;
    if (/Region is missing/i.test((err as Error)?.message ?? '')) {
      throw new GlueRegistryError(
        `no AWS region for the Glue Data Catalog (${doing}): set AWS_REGION or the destination's region`,
        'RegionMissing',
      );
    }
    if (isCredentialsError(err))
      throw new GlueRegistryError(
        `no AWS credentials for the Glue Data Catalog (${doing}): ${AWS_CREDENTIALS_HINT}`,
        'CredentialsProviderError',
      );
    if (isNetworkError(err)) {
      throw new GlueRegistryError(
        `the Glue Data Catalog is not reachable (${doing}): ${awsErrorText(err)}; check the network, AWS_REGION and AWS_ENDPOINT_URL_GLUE, or turn registration off (--no-glue, or the destination's Glue setting in the app)`,
        awsErrorName(err),
      );
    }
    if (isAccessDenied(err)) {
      throw new GlueRegistryError(
        `access to ${where()} denied (${doing}): ${awsErrorText(err)}; the credentials need glue:GetDatabase, GetTable, CreateTable, UpdateTable and BatchCreatePartition on it`,
        awsErrorName(err),
      );
    }
    throw new GlueRegistryError(`${doing} in ${where()} failed: ${awsErrorText(err)}`, awsErrorName(err));
  }

  async function getTable(table: string, signal: AbortSignal): Promise<Table | null> {
    try {
      const r = await client.send(new GetTableCommand({ DatabaseName: database, Name: table }), { abortSignal: signal });
      if (r.Table) known.set(table, r.Table);
      return r.Table ?? null;
    } catch (err) {
      if (awsErrorName(err) === 'EntityNotFoundException') return null;
      fail(err, `GetTable ${table}`);
    }
  }

  function dataColumns(t: Table): Column[] {
    const keys = new Set((t.PartitionKeys ?? []).map((k) => k.Name?.toLowerCase()));
    return (t.StorageDescriptor?.Columns ?? []).filter((c) => !keys.has(c.Name?.toLowerCase()));
  }

  async function createTable(table: string, columns: Record<string, AthenaType>, signal: AbortSignal): Promise<boolean> {
    const input: TableInput = {
      Name: table,
      TableType: 'EXTERNAL_TABLE',
      Parameters: { classification: 'parquet', compressionType: 'snappy', typeOfData: 'file' },
      PartitionKeys: [{ Name: PARTITION_KEY, Type: 'string' }],
      StorageDescriptor: parquetStorage(
        `${root}${table}/`,
        Object.entries(columns).map(([Name, t]) => ({ Name, Type: glueTypeOf(t) })),
      ),
    };
    try {
      await client.send(new CreateTableCommand({ DatabaseName: database, TableInput: input }), { abortSignal: signal });
      return true;
    } catch (err) {
      if (awsErrorName(err) === 'AlreadyExistsException') return false; // created meanwhile: extend it instead
      fail(err, `CreateTable ${table}`);
    }
  }

  return {
    client,
    database,

    async check(table, signal) {
      try {
        await client.send(new GetDatabaseCommand({ Name: database }), { abortSignal: signal });
      } catch (err) {
        if (awsErrorName(err) === 'EntityNotFoundException') {
          throw new GlueRegistryError(
            `${where()} does not exist${opts.region ? ` in ${opts.region}` : ''}: create it (the original job's is datalake_raw), name another with GLUE_DATABASE or the destination's Glue database setting, or turn registration off (--no-glue, or the destination's Glue setting in the app)`,
            'EntityNotFoundException',
          );
        }
        fail(err, 'GetDatabase');
      }
      // Reading the table proves read access to it; a missing table is created by the first chunk. (No table:
      // the destination's own test, which only asks whether the database is there.)
      if (table) await getTable(table, signal);
    },

    async columnTypes(table, signal) {
      const t = await getTable(table, signal);
      if (!t) return null;
      return Object.fromEntries(dataColumns(t).map((c) => [c.Name!, athenaTypeOfGlue(c.Type)]));
    },

    async ensureTable(table, columns, signal) {
      const cols = Object.fromEntries(Object.entries(columns).filter(([name]) => name.toLowerCase() !== PARTITION_KEY));
      for (let attempt = 1; ; attempt++) {
        const t = await getTable(table, signal);
        if (!t) {
          if (await createTable(table, cols, signal)) {
            await getTable(table, signal);
            return;
          }
          continue;
        }
        // Glue (like Hive) treats column names case-insensitively: a name it has in any case is not new.
        const all = t.StorageDescriptor?.Columns ?? [];
        const have = new Set([...all, ...(t.PartitionKeys ?? [])].map((c) => c.Name?.toLowerCase()));
        const added = Object.entries(cols).filter(([name]) => !have.has(name.toLowerCase()));
        if (added.length === 0) return;
        try {
          await client.send(
            new UpdateTableCommand({
              DatabaseName: database,
              TableInput: toTableInput(t, [...all, ...added.map(([Name, type]) => ({ Name, Type: glueTypeOf(type) }))]),
              // Optimistic concurrency: another writer's update in between makes this one fail, and we re-read.
              ...(t.VersionId ? { VersionId: t.VersionId } : {}),
            }),
            { abortSignal: signal },
          );
          await getTable(table, signal);
          return;
        } catch (err) {
          if (awsErrorName(err) === 'ConcurrentModificationException' && attempt < 5) continue;
          fail(err, `UpdateTable ${table} (adding ${added.map(([n]) => n).join(', ')})`);
        }
      }
    },

    async addPartitions(table, dates, signal) {
      const unique = [...new Set(dates)].sort();
      if (unique.length === 0) return;
      for (const d of unique) {
        if (!/^\d{8}$/.test(d))
          throw new GlueRegistryError(`partition value "${d}" of table ${table} is not a YYYYMMDD date`, 'InvalidInput');
      }
      const t = known.get(table) ?? (await getTable(table, signal));
      if (!t)
        throw new GlueRegistryError(
          `table ${table} is not in ${where()}: it must be created before its partitions are added`,
          'EntityNotFoundException',
        );
      const location = (t.StorageDescriptor?.Location ?? `${root}${table}/`).replace(/\/*$/, '/');
      const columns = dataColumns(t);
      for (let i = 0; i < unique.length; i += PARTITION_BATCH) {
        const batch = unique.slice(i, i + PARTITION_BATCH);
        const inputs: PartitionInput[] = batch.map((d) => ({
          Values: [d],
          StorageDescriptor: {
            ...parquetStorage(`${location}${PARTITION_KEY}=${d}/`, columns),
            ...pickStorage(t.StorageDescriptor),
            Location: `${location}${PARTITION_KEY}=${d}/`,
            Columns: columns,
          },
        }));
        let errors;
        try {
          ({ Errors: errors } = await client.send(
            new BatchCreatePartitionCommand({ DatabaseName: database, TableName: table, PartitionInputList: inputs }),
            { abortSignal: signal },
          ));
        } catch (err) {
          fail(err, `BatchCreatePartition ${table}`);
        }
        const real = (errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode !== 'AlreadyExistsException');
        if (real.length > 0) {
          const first = real[0]!;
          throw new GlueRegistryError(
            `registering ${real.length} partition(s) of ${table} in ${where()} failed; first: date=${first.PartitionValues?.join('/')}: ` +
              `${first.ErrorDetail?.ErrorCode ?? 'Error'}: ${first.ErrorDetail?.ErrorMessage ?? ''}`.trim(),
            first.ErrorDetail?.ErrorCode ?? 'Error',
          );
        }
      }
    },
  };
}

/** The table's own storage settings (formats, SerDe) for its partitions, when it has them. */
function pickStorage(sd: StorageDescriptor | undefined): Partial<StorageDescriptor> {
  if (!sd) return {};
  return {
    ...(sd.InputFormat ? { InputFormat: sd.InputFormat } : {}),
    ...(sd.OutputFormat ? { OutputFormat: sd.OutputFormat } : {}),
    ...(sd.SerdeInfo ? { SerdeInfo: sd.SerdeInfo } : {}),
    ...(sd.Compressed !== undefined ? { Compressed: sd.Compressed } : {}),
  };
}
