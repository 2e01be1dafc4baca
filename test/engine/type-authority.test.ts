// The runner takes the destination's column types (its data catalog's table) as the highest authority, over a user
// catalog and the built-in one, before chunk 1. The real Glue registry lives on its own branch; here the destination
// is a real local folder and a small in-memory registry stands in for the catalog's answer (h8glue brings Glue).
import { parquetMetadata } from 'hyparquet';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG, type AthenaType } from '../../shared/catalog/tables';
import { createMambuSource } from '../../electron/engine/mambu/source';
import { runBackfill } from '../../electron/engine/runner';
import { createLocalDestination } from '../../electron/engine/sink/local';
import type { Destination, TableRegistry } from '../../electron/engine/types';
import { mergeCatalogs } from '../../electron/engine/transform/user-catalog';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { listFiles } from '../helpers/landed';
import { connFor } from '../mambu/helpers';
import { makeEvent, tempDir } from '../reliability/harness';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 5 });
});
afterAll(async () => sim?.close());

const CONTEXT = { connection: 'sim', destination: 'tmp', destinationUri: '', appVersion: 'test', mode: 'run' as const };

async function landedTypes(root: string, table: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of (await listFiles(path.join(root, table))).filter((x) => x.endsWith('.parquet'))) {
    const meta = parquetMetadata(new Uint8Array(await readFile(path.join(root, table, f))));
    for (const el of meta.schema.slice(1)) out.set(el.name, `${el.type}${el.logical_type ? `/${el.logical_type.type}` : ''}`);
  }
  return out;
}

describe('type authority in a run', () => {
  it("the registry's types win over a user catalog and the built-in catalog; a failing registry stops the run before chunk 1", async () => {
    const root = await tempDir('authority');
    const asked: string[] = [];
    const glueTypes: Record<string, AthenaType> = { amount: 'string', id: 'bigint' };
    const registry: TableRegistry = {
      check: async () => undefined,
      columnTypes: async (table) => (asked.push(table), glueTypes),
      ensureTable: async () => undefined,
      addPartitions: async () => undefined,
    };
    const destination: Destination = Object.assign(createLocalDestination(root), { registry });
    const event = makeEvent({ start_date: '2025-01-02 00:00:00', end_date: '2025-01-03 00:00:00' });
    // The user catalog says amount is int and value_date string; the registry says amount is string.
    const catalog = mergeCatalogs(BUILTIN_CATALOG, { mambu_loan_transactions: { amount: 'int', value_date: 'string' } });
    const record = await runBackfill({
      event,
      source: createMambuSource(connFor(sim)),
      destination,
      context: CONTEXT,
      onEvent: () => undefined,
      signal: new AbortController().signal,
      catalog,
    });
    expect(record.chunks[0]!.status).toBe('success');
    expect(asked).toEqual(['mambu_loan_transactions']);
    const types = await landedTypes(root, 'mambu_loan_transactions');
    expect(types.get('amount')).toBe('BYTE_ARRAY/STRING'); // registry over user catalog (int) and built-in (double)
    expect(types.get('value_date')).toBe('BYTE_ARRAY/STRING'); // user catalog over built-in (timestamp)
    expect(types.get('creation_date')).toBe('INT64/TIMESTAMP'); // built-in
    // ids like LT000123 are not bigints: counted per column, never silently retyped.
    expect(record.chunks[0]!.warningDetails).toContainEqual(expect.objectContaining({ kind: 'cast-failure', column: 'id' }));

    const broken: Destination = Object.assign(createLocalDestination(await tempDir('authority-broken')), {
      registry: { ...registry, columnTypes: async () => Promise.reject(new Error('AccessDeniedException: glue:GetTable')) },
    });
    const failed = await runBackfill({
      event,
      source: createMambuSource(connFor(sim)),
      destination: broken,
      context: CONTEXT,
      onEvent: () => undefined,
      signal: new AbortController().signal,
    });
    expect(failed.status).toBe(1);
    expect(failed.fatalError).toMatch(
      /cannot read the column types of mambu_loan_transactions from the destination: AccessDeniedException/,
    );
    // Not run, and said so on every row (no row stays "pending" once a run has ended).
    expect(failed.chunks.every((c) => c.status === 'failed' && /^Not run: the setup check failed/.test(c.error ?? ''))).toBe(true);
  });
});
