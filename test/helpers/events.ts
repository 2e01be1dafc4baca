// The event most engine, CLI and reliability tests run, as the original job's dict spells it (the `mambu:` prefix,
// "Post", "False"): loan transactions searched by creationDate from 2025-01-01. Each test sets what it is about.
export function originalEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    table_name: 'mambu_loan_transactions',
    endpoint: 'mambu:loans/transactions:search',
    request_type: 'Post',
    cdc_field: 'creationDate',
    start_date: '2025-01-01 00:00:00',
    end_date: '2025-01-04 00:00:00',
    extra_params: '',
    auto_schema: 'False',
    rename_columns: [],
    chunk_hours: 24,
    ...overrides,
  };
}
