// The Glue registry against the Glue stand-in, through the real GlueClient (AWS_ENDPOINT_URL_GLUE): the table it
// creates, schema evolution, partitions in batches of ≤100, and the stand-in's error shapes as the SDK sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetTableCommand,
  GlueClient,
  BatchCreatePartitionCommand,
  EntityNotFoundException,
  AlreadyExistsException,
  CreateTableCommand,
} from '@aws-sdk/client-glue';
import { createGlueRegistry, GlueRegistryError } from '../../electron/engine/aws/glue-registry';
import { athenaTypeOfGlue } from '../../electron/engine/aws/glue-types';
import { startGlueStandIn, type GlueStandIn } from '../servers/glue-stand-in';
import { useAwsEnv } from './aws-env';

let glue: GlueStandIn;
let restore: () => void;
const signal = new AbortController().signal;

beforeAll(async () => {
  glue = await startGlueStandIn({ databases: ['datalake_raw'] });
  restore = useAwsEnv({ AWS_ENDPOINT_URL_GLUE: glue.url });
});
afterAll(async () => {
  restore?.();
  await glue?.close();
});

const registry = (database = 'datalake_raw') => createGlueRegistry({ database, root: 's3://lake/raw/mambu/' });

describe('the Glue stand-in through the real SDK', () => {
  it('answers a missing table with EntityNotFoundException and a duplicate with AlreadyExistsException', async () => {
    const client = new GlueClient({});
    const missing = await client.send(new GetTableCommand({ DatabaseName: 'datalake_raw', Name: 'nope' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(EntityNotFoundException);
    expect((missing as Error).message).toBe('Table nope not found.');
    expect((missing as EntityNotFoundException).$metadata.httpStatusCode).toBe(400);
    const input = {
      DatabaseName: 'datalake_raw',
      TableInput: { Name: 'dup', StorageDescriptor: { Columns: [{ Name: 'a', Type: 'string' }] } },
    };
    await client.send(new CreateTableCommand(input));
    expect(await client.send(new CreateTableCommand(input)).catch((e: unknown) => e)).toBeInstanceOf(AlreadyExistsException);
    const noDb = await client.send(new GetTableCommand({ DatabaseName: 'elsewhere', Name: 'dup' })).catch((e: unknown) => e);
    expect((noDb as Error).name).toBe('EntityNotFoundException');
    expect((noDb as Error).message).toBe('Database elsewhere not found.');
    // Every call was SigV4-signed for the glue service with the environment's key.
    expect(glue.calls.every((c) => c.accessKeyId === 'AKIDSTANDIN')).toBe(true);
  });

  it('refuses more than 100 partitions in one BatchCreatePartition and lists per-partition errors', async () => {
    const client = new GlueClient({});
    const reg = registry();
    await reg.ensureTable('limits', { a: 'string' }, signal);
    const many = Array.from({ length: 101 }, (_, i) => ({ Values: [`2025${String(i).padStart(4, '0')}`] }));
    const err = await client
      .send(new BatchCreatePartitionCommand({ DatabaseName: 'datalake_raw', TableName: 'limits', PartitionInputList: many }))
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe('InvalidInputException');
    const r = await client.send(
      new BatchCreatePartitionCommand({
        DatabaseName: 'datalake_raw',
        TableName: 'limits',
        PartitionInputList: [{ Values: ['20250101'] }, { Values: ['20250101'] }, { Values: ['a', 'b'] }],
      }),
    );
    expect(r.Errors?.map((e) => [e.PartitionValues, e.ErrorDetail?.ErrorCode])).toEqual([
      [['20250101'], 'AlreadyExistsException'],
      [['a', 'b'], 'InvalidInputException'],
    ]);
  });
});

describe('createGlueRegistry', () => {
  it('creates the table as awswrangler does, then only appends new columns', async () => {
    const reg = registry();
    expect(await reg.columnTypes('mambu_clients', signal)).toBeNull();
    await reg.ensureTable(
      'mambu_clients',
      { encoded_key: 'string', loan_cycle: 'int', created_date: 'timestamp', timestamp_extracted: 'timestamp' },
      signal,
    );
    const t = glue.table('datalake_raw', 'mambu_clients')!.def as any;
    expect(t.TableType).toBe('EXTERNAL_TABLE');
    expect(t.Parameters).toMatchObject({ classification: 'parquet', compressionType: 'snappy' });
    expect(t.PartitionKeys).toEqual([{ Name: 'date', Type: 'string' }]);
    expect(t.StorageDescriptor.Location).toBe('s3://lake/raw/mambu/mambu_clients/');
    expect(t.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    expect(t.StorageDescriptor.InputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat');
    expect(t.StorageDescriptor.OutputFormat).toBe('org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat');
    expect(glue.columns('datalake_raw', 'mambu_clients')).toEqual([
      ['encoded_key', 'string'],
      ['loan_cycle', 'int'],
      ['created_date', 'timestamp'],
      ['timestamp_extracted', 'timestamp'],
    ]);
    // A later write brings a new column and a known one with another type: the type is never changed.
    await reg.ensureTable('mambu_clients', { loan_cycle: 'double', LOAN_CYCLE: 'string', notes: 'string', date: 'string' }, signal);
    expect(glue.columns('datalake_raw', 'mambu_clients')).toEqual([
      ['encoded_key', 'string'],
      ['loan_cycle', 'int'],
      ['created_date', 'timestamp'],
      ['timestamp_extracted', 'timestamp'],
      ['notes', 'string'],
    ]);
    expect(glue.table('datalake_raw', 'mambu_clients')!.def.Parameters).toMatchObject({ classification: 'parquet' });
    const updates = glue.calls.filter((c) => c.operation === 'UpdateTable').length;
    await reg.ensureTable('mambu_clients', { notes: 'string' }, signal);
    expect(glue.calls.filter((c) => c.operation === 'UpdateTable').length).toBe(updates); // nothing new: no update
    expect(await reg.columnTypes('mambu_clients', signal)).toEqual({
      encoded_key: 'string',
      loan_cycle: 'int',
      created_date: 'timestamp',
      timestamp_extracted: 'timestamp',
      notes: 'string',
    });
  });

  it('registers partitions in batches of at most 100, each at its date= folder, already registered ones fine', async () => {
    const reg = registry();
    await reg.ensureTable('mambu_loan_transactions', { id: 'string', amount: 'double' }, signal);
    const days = Array.from({ length: 250 }, (_, i) =>
      new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''),
    );
    const before = glue.calls.length;
    await reg.addPartitions('mambu_loan_transactions', days, signal);
    const batches = glue.calls.slice(before).filter((c) => c.operation === 'BatchCreatePartition');
    expect(batches.map((c) => (c.input.PartitionInputList as unknown[]).length)).toEqual([100, 100, 50]);
    expect(glue.partitionValues('datalake_raw', 'mambu_loan_transactions')).toEqual(days);
    const p = [...glue.table('datalake_raw', 'mambu_loan_transactions')!.partitions.values()][0] as any;
    expect(p.StorageDescriptor.Location).toBe('s3://lake/raw/mambu/mambu_loan_transactions/date=20240101/');
    expect(p.StorageDescriptor.Columns).toEqual([
      { Name: 'id', Type: 'string' },
      { Name: 'amount', Type: 'double' },
    ]);
    await reg.addPartitions('mambu_loan_transactions', [days[0]!, days[1]!], signal);
    expect(glue.partitionValues('datalake_raw', 'mambu_loan_transactions')).toHaveLength(250);
  });

  it('fails on a partition error other than AlreadyExists, and on a rejected call', async () => {
    const reg = registry();
    await reg.ensureTable('t_fail', { a: 'string' }, signal);
    glue.failNext('BatchCreatePartition', 'ResourceNumberLimitExceededException', 'Number of partitions exceeds the limit');
    await expect(reg.addPartitions('t_fail', ['20250101'], signal)).rejects.toThrow(
      'BatchCreatePartition t_fail in Glue database "datalake_raw" failed: ResourceNumberLimitExceededException: Number of partitions exceeds the limit',
    );
    await expect(reg.addPartitions('t_fail', ['2025-01-01'], signal)).rejects.toThrow(
      'partition value "2025-01-01" of table t_fail is not a YYYYMMDD date',
    );
  });

  it('retries an update that raced another writer (ConcurrentModificationException)', async () => {
    const reg = registry();
    await reg.ensureTable('t_race', { a: 'string' }, signal);
    glue.failNext('UpdateTable', 'ConcurrentModificationException', 'Update table failed due to concurrent modifications.');
    await reg.ensureTable('t_race', { b: 'bigint' }, signal);
    expect(glue.columns('datalake_raw', 't_race')).toEqual([
      ['a', 'string'],
      ['b', 'bigint'],
    ]);
  });

  it('check: a missing database, denied access and an unreachable catalog each say what to do', async () => {
    await expect(registry('analytics').check('t', signal)).rejects.toThrow(
      /^Glue database "analytics" does not exist: create it .*GLUE_DATABASE.*--no-glue/,
    );
    glue.failNext(
      'GetDatabase',
      'AccessDeniedException',
      'User: arn:aws:iam::123456789012:user/x is not authorized to perform: glue:GetDatabase',
    );
    const denied = await registry()
      .check('t', signal)
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(GlueRegistryError);
    expect((denied as Error).message).toMatch(
      /^access to Glue database "datalake_raw" denied \(GetDatabase\): AccessDeniedException: User: .* the credentials need glue:GetDatabase/,
    );
    await registry().check('absent_table', signal); // a table not there yet is fine: the first chunk creates it
    const closed = await startGlueStandIn();
    await closed.close();
    process.env.AWS_ENDPOINT_URL_GLUE = closed.url;
    try {
      const down = await registry()
        .check('t', signal)
        .catch((e: unknown) => e);
      expect((down as Error).message).toMatch(
        /^the Glue Data Catalog is not reachable \(GetDatabase\): ECONNREFUSED.*AWS_ENDPOINT_URL_GLUE.*--no-glue/,
      );
    } finally {
      process.env.AWS_ENDPOINT_URL_GLUE = glue.url;
    }
  });

  it('reads Glue types as the writer types them', () => {
    expect(
      [
        'int',
        'INTEGER',
        'smallint',
        'bigint',
        'double',
        'float',
        'decimal(10,2)',
        'boolean',
        'date',
        'timestamp',
        'varchar(20)',
        'array<string>',
        'string',
      ].map(athenaTypeOfGlue),
    ).toEqual(['int', 'int', 'int', 'bigint', 'double', 'double', 'double', 'boolean', 'date', 'timestamp', 'string', 'string', 'string']);
  });
});
