// A loopback stand-in for the AWS Glue Data Catalog: only the operations mambu-backfill uses (GetDatabase, GetTable,
// CreateTable, UpdateTable, BatchCreatePartition) and GetPartitions for tests to read back, with the request and
// response members and error types of the Glue API reference (AWS JSON 1.1, target prefix `AWSGlue`):
// EntityNotFoundException, AlreadyExistsException, InvalidInputException, ConcurrentModificationException;
// BatchCreatePartition reports per-partition failures in its `Errors` list. Reach it only through GlueClient with
// AWS_ENDPOINT_URL_GLUE=<url>.
import { AwsError, requireString, startAwsJsonServer, type AwsJsonServer } from './aws-json-server';

type Json = Record<string, unknown>;
interface Column {
  Name: string;
  Type?: string;
}
interface StoredTable {
  def: Json;
  versionId: number;
  partitions: Map<string, Json>;
}

export interface GlueStandIn extends AwsJsonServer {
  /** Databases by name (Glue keeps names lower case). */
  databases: Map<string, Map<string, StoredTable>>;
  addDatabase(name: string): void;
  table(database: string, table: string): StoredTable | undefined;
  /** `date` values of the table's partitions, sorted. */
  partitionValues(database: string, table: string): string[];
  /** The table's data columns as [name, type]. */
  columns(database: string, table: string): Array<[string, string]>;
}

const epochSeconds = () => Date.now() / 1000;

export async function startGlueStandIn(opts: { databases?: string[]; catalogId?: string } = {}): Promise<GlueStandIn> {
  const catalogId = opts.catalogId ?? '123456789012';
  const databases = new Map<string, Map<string, StoredTable>>();
  for (const d of opts.databases ?? ['datalake_raw']) databases.set(d.toLowerCase(), new Map());

  const db = (input: Json, member = 'DatabaseName') => {
    const name = requireString(input, member, 'InvalidInputException').toLowerCase();
    const tables = databases.get(name);
    if (!tables) throw new AwsError('EntityNotFoundException', `Database ${name} not found.`);
    return { name, tables };
  };
  const table = (input: Json, member: string) => {
    const { name: dbName, tables } = db(input);
    const name = requireString(input, member, 'InvalidInputException').toLowerCase();
    const t = tables.get(name);
    if (!t) throw new AwsError('EntityNotFoundException', `Table ${name} not found.`);
    return { dbName, t };
  };
  const tableInput = (input: Json): Json & { Name: string } => {
    const ti = input.TableInput as Json | undefined;
    if (!ti || typeof ti !== 'object')
      throw new AwsError(
        'InvalidInputException',
        "1 validation error detected: Value null at 'tableInput' failed to satisfy constraint: Member must not be null",
      );
    const name = requireString(ti, 'Name', 'InvalidInputException');
    const cols = ((ti.StorageDescriptor as Json | undefined)?.Columns ?? []) as Column[];
    for (const c of cols) {
      if (!c.Name) throw new AwsError('InvalidInputException', 'Column name must not be null');
    }
    return { ...ti, Name: name.toLowerCase() };
  };
  const describe = (dbName: string, t: StoredTable): Json => ({
    ...t.def,
    DatabaseName: dbName,
    CatalogId: catalogId,
    VersionId: String(t.versionId),
    IsRegisteredWithLakeFormation: false,
  });

  const server = await startAwsJsonServer('AWSGlue', 'glue', {
    GetDatabase(input) {
      const name = requireString(input, 'Name', 'InvalidInputException').toLowerCase();
      if (!databases.has(name)) throw new AwsError('EntityNotFoundException', `Database ${name} not found.`);
      return { Database: { Name: name, CatalogId: catalogId, CreateTime: epochSeconds(), Parameters: {} } };
    },
    GetTable(input) {
      const { dbName, t } = table(input, 'Name');
      return { Table: describe(dbName, t) };
    },
    CreateTable(input) {
      const { tables } = db(input);
      const ti = tableInput(input);
      if (tables.has(ti.Name)) throw new AwsError('AlreadyExistsException', 'Table already exists.');
      const now = epochSeconds();
      tables.set(ti.Name, { def: { ...ti, CreateTime: now, UpdateTime: now }, versionId: 0, partitions: new Map() });
      return {};
    },
    UpdateTable(input) {
      const { tables } = db(input);
      const ti = tableInput(input);
      const t = tables.get(ti.Name);
      if (!t) throw new AwsError('EntityNotFoundException', `Table ${ti.Name} not found.`);
      if (typeof input.VersionId === 'string' && input.VersionId !== String(t.versionId)) {
        throw new AwsError(
          'ConcurrentModificationException',
          `Update table failed due to concurrent modifications. VersionId ${input.VersionId} is not the latest.`,
        );
      }
      t.def = { ...ti, CreateTime: t.def.CreateTime, UpdateTime: epochSeconds() };
      t.versionId++;
      return {};
    },
    BatchCreatePartition(input) {
      const { t } = table(input, 'TableName');
      const list = input.PartitionInputList;
      if (!Array.isArray(list))
        throw new AwsError(
          'InvalidInputException',
          "Value null at 'partitionInputList' failed to satisfy constraint: Member must not be null",
        );
      if (list.length > 100) {
        throw new AwsError(
          'InvalidInputException',
          `1 validation error detected: Value at 'partitionInputList' failed to satisfy constraint: Member must have length less than or equal to 100`,
        );
      }
      const keys = (t.def.PartitionKeys ?? []) as Column[];
      const errors: Json[] = [];
      for (const p of list as Json[]) {
        const values = (p.Values ?? []) as string[];
        if (values.length !== keys.length) {
          errors.push({
            PartitionValues: values,
            ErrorDetail: {
              ErrorCode: 'InvalidInputException',
              ErrorMessage: `The number of partition values (${values.length}) does not match the number of partition keys (${keys.length}).`,
            },
          });
          continue;
        }
        const key = JSON.stringify(values);
        if (t.partitions.has(key)) {
          errors.push({
            PartitionValues: values,
            ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' },
          });
          continue;
        }
        t.partitions.set(key, { ...p, CreationTime: epochSeconds() });
      }
      return errors.length ? { Errors: errors } : {};
    },
    GetPartitions(input) {
      const { dbName, t } = table(input, 'TableName');
      return {
        Partitions: [...t.partitions.values()].map((p) => ({ ...p, DatabaseName: dbName, TableName: t.def.Name, CatalogId: catalogId })),
      };
    },
  });

  return {
    ...server,
    databases,
    addDatabase(name) {
      databases.set(name.toLowerCase(), new Map());
    },
    table: (d, t) => databases.get(d)?.get(t),
    partitionValues(d, t) {
      return [...(databases.get(d)?.get(t)?.partitions.values() ?? [])].map((p) => (p.Values as string[]).join('/')).sort();
    },
    columns(d, t) {
      const def = databases.get(d)?.get(t)?.def;
      return (((def?.StorageDescriptor as Json | undefined)?.Columns ?? []) as Column[]).map((c) => [c.Name, c.Type ?? '']);
    },
  };
}
