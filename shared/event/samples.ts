// The sample event the form is pre-filled with: runs against the built-in sandbox tenant with no credentials.
import type { BackfillEvent } from './schema';

export const SAMPLE_EVENT: BackfillEvent = {
  table_name: 'mambu_loan_transactions',
  endpoint: 'loans/transactions:search',
  request_type: 'post',
  cdc_field: 'creationDate',
  start_date: '2025-01-01 00:00:00',
  end_date: '2025-01-10 00:00:00',
  extra_params: '',
  auto_schema: false,
  rename_columns: [],
  chunk_hours: 24,
};
