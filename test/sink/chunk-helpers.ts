// Helpers for chunk-writer tests: a validated event, planned chunks, synthetic records, and reading back every
// Parquet object of a table from a destination.
import { readFile } from 'node:fs/promises';
import type { Destination, MambuRecord } from '../../electron/engine/types';
import { validateEvent, type BackfillEvent } from '../../shared/event/schema';
import type { PlannedChunk } from '../../shared/plan';
import { readWithHyparquet } from './read-parquet';

export function loanTxEvent(extra: Record<string, unknown> = {}): BackfillEvent {
  const v = validateEvent({
    table_name: 'mambu_loan_transactions',
    endpoint: 'loans/transactions:search',
    request_type: 'Post',
    cdc_field: 'creationDate',
    start_date: '2025-01-01 00:00:00',
    end_date: '2025-01-05 00:00:00',
    chunk_hours: 24,
    ...extra,
  });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.event;
}

export function windowChunk(start: string, end: string, index = 1): PlannedChunk {
  return { index, start, end, kind: 'window' };
}

/** `n` loan transactions spread evenly over [start, end). */
export function loanTransactions(start: string, end: string, n: number, seed = 0): MambuRecord[] {
  const s = Date.parse(start.replace(' ', 'T') + 'Z');
  const e = Date.parse(end.replace(' ', 'T') + 'Z');
  return Array.from({ length: n }, (_, i) => {
    const t = new Date(s + Math.floor(((e - s) * i) / n));
    return {
      encodedKey: `8a${seed}${String(i).padStart(6, '0')}`,
      id: String(1000 + i),
      creationDate: t.toISOString().replace('.000Z', '+00:00'),
      valueDate: t.toISOString(),
      type: i % 3 === 0 ? 'REPAYMENT' : 'DISBURSEMENT',
      amount: i % 10 === 0 ? null : 100 + i / 4,
      notes: i % 5 === 0 ? 'line one\nline two' : null,
      affectedAmounts: { principalAmount: i, interestAmount: 0.5 },
      customInformation: [{ customFieldID: 'risk', value: `r${i % 4}` }],
    };
  });
}

export interface ReadObject {
  key: string;
  rows: Record<string, unknown>[];
}

/** Every object under `<table>/`, read with hyparquet (local destinations read the file directly). */
export async function readTable(dest: Destination, table: string, get?: (key: string) => Promise<Uint8Array>): Promise<ReadObject[]> {
  const keys = await dest.list(`${table}/`, new AbortController().signal);
  const out: ReadObject[] = [];
  for (const key of keys) {
    const bytes = get ? await get(key) : new Uint8Array(await readFile(dest.uriOf(key)));
    out.push({ key, rows: await readWithHyparquet(bytes) });
  }
  return out;
}

export function withoutExtracted(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map(({ timestamp_extracted: _t, ...rest }) => rest);
}
