// The standard Mambu raw-zone tables: choosing one in the form fills endpoint, request type and cdc field.
// Mirrors the original production schedule (the original's EventBridge rules, see docs/mambu-contract.md sources).

export interface TableDefaults {
  readonly table_name: string;
  readonly endpoint: string;
  readonly request_type: 'get' | 'post';
  readonly cdc_field: string | null;
  readonly label: string;
}

export const STANDARD_TABLES: readonly TableDefaults[] = [
  { table_name: 'mambu_clients', endpoint: 'clients:search', request_type: 'post', cdc_field: 'lastModifiedDate', label: 'Clients' },
  { table_name: 'mambu_groups', endpoint: 'groups:search', request_type: 'post', cdc_field: 'lastModifiedDate', label: 'Groups' },
  {
    table_name: 'mambu_loan_accounts',
    endpoint: 'loans:search',
    request_type: 'post',
    cdc_field: 'lastModifiedDate',
    label: 'Loan accounts',
  },
  {
    table_name: 'mambu_deposit_accounts',
    endpoint: 'deposits:search',
    request_type: 'post',
    cdc_field: 'lastModifiedDate',
    label: 'Deposit accounts',
  },
  {
    table_name: 'mambu_loan_transactions',
    endpoint: 'loans/transactions:search',
    request_type: 'post',
    cdc_field: 'creationDate',
    label: 'Loan transactions',
  },
  {
    table_name: 'mambu_deposit_transactions',
    endpoint: 'deposits/transactions:search',
    request_type: 'post',
    cdc_field: 'creationDate',
    label: 'Deposit transactions',
  },
  {
    table_name: 'mambu_gl_journal_entries',
    endpoint: 'gljournalentries:search',
    request_type: 'post',
    cdc_field: 'creationDate',
    label: 'GL journal entries',
  },
  {
    table_name: 'mambu_accounting_interestaccrual',
    endpoint: 'accounting/interestaccrual:search',
    request_type: 'post',
    cdc_field: 'creationDate',
    label: 'Interest accrual',
  },
  {
    table_name: 'mambu_loan_accounts_installments',
    endpoint: 'installments',
    request_type: 'get',
    cdc_field: 'dueDate',
    label: 'Loan installments',
  },
  { table_name: 'mambu_users', endpoint: 'users', request_type: 'get', cdc_field: null, label: 'Users' },
  { table_name: 'mambu_loan_products', endpoint: 'loanproducts', request_type: 'get', cdc_field: null, label: 'Loan products' },
  {
    table_name: 'mambu_gl_accounts',
    endpoint: 'glaccounts',
    request_type: 'get',
    cdc_field: null,
    label: 'GL accounts (set type=… in extra params)',
  },
  { table_name: 'mambu_branches', endpoint: 'branches', request_type: 'get', cdc_field: null, label: 'Branches' },
];

export function tableDefaults(tableName: string): TableDefaults | undefined {
  return STANDARD_TABLES.find((t) => t.table_name === tableName);
}
