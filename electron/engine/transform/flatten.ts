// Flattens a Mambu record the way flatten_json (the original's library) does: nested object keys joined with
// "_", array items indexed ("addresses_0_line1"). An empty object or array is kept under its own key, as
// flatten_json's `if not object_: flattened[key] = object_` does; the original then wrote it as text ("[]", "{}"),
// which is why its catalog types columns such as `addresses` or `disbursement_details_fees` as string.
// Each leaf keeps its source path too, so a column-name collision can name both source fields.

export interface FlatLeaf {
  /** The flattened key before snake_case, e.g. `addresses_0_line1`. */
  key: string;
  /** The path in the source record, for messages, e.g. `addresses[0].line1`. */
  source: string;
  /** A scalar (string, number, boolean) or null. */
  value: string | number | boolean | null;
}

/** The text an empty array / object is written as (Python's str() of the value the original kept). */
export const EMPTY_ARRAY = '[]';
export const EMPTY_OBJECT = '{}';

export function flattenRecord(record: Record<string, unknown>): FlatLeaf[] {
  const out: FlatLeaf[] = [];
  walk(record, '', '', out);
  return out;
}

function walk(value: unknown, key: string, source: string, out: FlatLeaf[]): void {
  if (value === null || value === undefined) {
    if (key) out.push({ key, source, value: null });
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      if (key) out.push({ key, source, value: EMPTY_ARRAY });
      return;
    }
    value.forEach((item, i) => walk(item, key ? `${key}_${i}` : String(i), `${source}[${i}]`, out));
    return;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) {
      if (key) out.push({ key, source, value: EMPTY_OBJECT });
      return;
    }
    for (const [k, v] of entries) {
      walk(v, key ? `${key}_${k}` : k, source ? `${source}.${k}` : k, out);
    }
    return;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push({ key, source, value });
    return;
  }
  // bigint, symbol, function: not produced by JSON.parse; keep the text rather than drop the field.
  out.push({ key, source, value: String(value) });
}
