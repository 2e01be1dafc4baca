// Prints shared/catalog/builtin.ts: the built-in Athena column types of the standard Mambu tables.
// Where Mambu publishes a Swagger definition (team kit mambu-specs/: Client, LoanAccount, DepositAccount,
// DepositTransaction) the columns are derived from it; the other tables use the Mambu v2 field names listed below.
// Nested objects are flattened with "_" and snake_cased exactly as the engine does; arrays are not expanded
// (their indexed columns are drift, kept as string).
//   npx tsx scripts/gen-builtin-catalog.ts [specs-dir] > shared/catalog/builtin.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toSnakeCase } from '../electron/engine/transform/snake-case';

type AthenaType = 'string' | 'int' | 'bigint' | 'double' | 'boolean' | 'date' | 'timestamp';
interface SwaggerProp {
  type?: string;
  format?: string;
  $ref?: string;
  properties?: Record<string, SwaggerProp>;
}
type Definitions = Record<string, SwaggerProp>;

const specsDir = process.argv[2] ?? '/work/shared/mambu-specs';

function athenaTypeOf(p: SwaggerProp): AthenaType {
  if (p.type === 'string' && p.format === 'date-time') return 'timestamp';
  if (p.type === 'string' && p.format === 'date') return 'date';
  if (p.type === 'number') return 'double';
  if (p.type === 'integer') return p.format === 'int64' ? 'bigint' : 'int';
  if (p.type === 'boolean') return 'boolean';
  return 'string';
}

function fromSwagger(defs: Definitions, name: string): Array<[string, AthenaType]> {
  const out: Array<[string, AthenaType]> = [];
  const walk = (props: Record<string, SwaggerProp>, prefix: string, depth: number, seen: string[]) => {
    for (const [key, raw] of Object.entries(props)) {
      const path = prefix ? `${prefix}_${key}` : key;
      const refName = raw.$ref?.replace('#/definitions/', '');
      const target = refName ? defs[refName] : raw;
      if (!target) continue;
      if (target.type === 'array') continue;
      if (target.properties) {
        // Guard against self-referencing definitions; Mambu's are shallow, four levels is plenty.
        if (depth < 4 && !(refName && seen.includes(refName))) walk(target.properties, path, depth + 1, refName ? [...seen, refName] : seen);
        continue;
      }
      if (target.type === 'object') continue; // free-form maps have data-dependent keys: drift
      out.push([toSnakeCase(path), athenaTypeOf(target)]);
    }
  };
  const def = defs[name];
  if (!def?.properties) throw new Error(`definition ${name} not found`);
  walk(def.properties, '', 0, [name]);
  return out;
}

const specs: Array<[table: string, file: string, definition: string]> = [
  ['mambu_clients', 'clients_v2_swagger.json', 'Client'],
  ['mambu_loan_accounts', 'loans_v2_swagger.json', 'LoanAccount'],
  ['mambu_deposit_accounts', 'deposit_accounts_v2_swagger.json', 'DepositAccount'],
  ['mambu_deposit_transactions', 'deposit_transactions_v2_swagger.json', 'DepositTransaction'],
];

// Mambu v2 fields for the tables without a published spec here. Compact notation: "name:type" (default string);
// nested objects are written with "_" the way they flatten.
const T = 'timestamp';
const D = 'double';
const hand: Record<string, string[]> = {
  mambu_groups: [
    'encodedKey', 'id', 'groupName', 'notes', `creationDate:${T}`, `lastModifiedDate:${T}`, `approvedDate:${T}`,
    `activationDate:${T}`, `closedDate:${T}`, 'assignedBranchKey', 'assignedCentreKey', 'assignedUserKey', 'emailAddress',
    'homePhone', 'mobilePhone', 'preferredLanguage', 'groupRoleKey', 'loanCycle:int', 'migrationEventKey',
  ],
  mambu_loan_transactions: [
    'encodedKey', 'id', 'externalId', `creationDate:${T}`, `valueDate:${T}`, `bookingDate:${T}`, 'notes',
    'parentAccountKey', 'type', `amount:${D}`, `originalAmount:${D}`, 'originalCurrencyCode', 'currencyCode', 'userKey',
    'branchKey', 'centreKey', 'tillKey', 'trancheKey', 'adjustmentTransactionKey', 'originalTransactionKey',
    'migrationEventKey', 'prepaymentRecalculationMethod',
    `accountBalances_totalBalance:${D}`, `accountBalances_advancePosition:${D}`, `accountBalances_arrearsPosition:${D}`,
    `accountBalances_expectedPrincipalRedraw:${D}`, `accountBalances_redrawBalance:${D}`, `accountBalances_principalBalance:${D}`,
    `affectedAmounts_principalAmount:${D}`, `affectedAmounts_interestAmount:${D}`, `affectedAmounts_deferredInterestAmount:${D}`,
    `affectedAmounts_feesAmount:${D}`, `affectedAmounts_penaltyAmount:${D}`, `affectedAmounts_fundersInterestAmount:${D}`,
    `affectedAmounts_organizationCommissionAmount:${D}`, `affectedAmounts_paymentHolidaysInterestAmount:${D}`,
    `affectedAmounts_interestFromArrearsAmount:${D}`,
    `taxes_taxRate:${D}`, `taxes_deferredTaxOnInterestAmount:${D}`,
    `terms_interestSettings_interestRate:${D}`, `terms_interestSettings_indexInterestRate:${D}`,
    `terms_interestSettings_interestSpread:${D}`, `terms_periodicPayment:${D}`, `terms_principalPaymentAmount:${D}`,
    `terms_principalPaymentPercentage:${D}`,
    'transactionDetails_transactionChannelKey', 'transactionDetails_transactionChannelId',
    'transferDetails_linkedDepositTransactionKey', 'transferDetails_linkedLoanTransactionKey',
    'cardTransaction_encodedKey', 'cardTransaction_externalReferenceId', `cardTransaction_amount:${D}`,
    'cardTransaction_currencyCode', `cardTransaction_advice:boolean`, 'cardTransaction_externalAuthorizationReferenceId',
    'cardTransaction_cardToken', 'cardTransaction_userTransactionTime',
  ],
  mambu_gl_journal_entries: [
    'encodedKey', 'entryId:bigint', 'transactionId', `creationDate:${T}`, `bookingDate:${T}`, `amount:${D}`, 'type',
    'accountKey', 'assignedBranchKey', 'productKey', 'productType', 'notes', 'reversalEntryKey', 'userKey',
    `foreignAmount_amount:${D}`, 'foreignAmount_currency_code', 'foreignAmount_currency_currencyCode',
    'foreignAmount_accountingRate_encodedKey', `foreignAmount_accountingRate_rate:${D}`,
    `foreignAmount_accountingRate_startDate:${T}`, `foreignAmount_accountingRate_endDate:${T}`,
    'foreignAmount_accountingRate_fromCurrencyCode', 'foreignAmount_accountingRate_toCurrencyCode',
    'glAccount_encodedKey', 'glAccount_glCode', 'glAccount_name', 'glAccount_type', 'glAccount_usage',
    'glAccount_description', 'glAccount_activated:boolean', 'glAccount_allowManualJournalEntries:boolean',
    'glAccount_stripTrailingZeros:boolean', `glAccount_balance:${D}`, 'glAccount_currency_code',
    'glAccount_currency_currencyCode', `glAccount_creationDate:${T}`, `glAccount_lastModifiedDate:${T}`,
    'glAccount_migrationEventKey',
  ],
  mambu_accounting_interestaccrual: [
    'entryId:bigint', 'entryType', `creationDate:${T}`, `bookingDate:${T}`, `amount:${D}`, 'transactionId',
    'parentEntryId:bigint', 'accountKey', 'accountId', 'productKey', 'productId', 'productType', 'branchKey',
    'branchName', 'glAccountKey', 'glAccountId', 'glAccountName', 'glAccountType', `foreignAmount_amount:${D}`,
    'foreignAmount_currency_code', 'foreignAmount_currency_currencyCode',
  ],
  mambu_users: [
    'encodedKey', 'id', 'username', 'firstName', 'lastName', 'email', 'title', 'mobilePhone', 'homePhone', 'language',
    'userState', 'twoFactorAuthentication:boolean', `creationDate:${T}`, `lastModifiedDate:${T}`,
    `lastLoggedInDate:${T}`, 'notes', 'assignedBranchKey', 'role_encodedKey', 'role_id',
    'access_administratorAccess:boolean', 'access_apiAccess:boolean', 'access_canManageAllBranches:boolean',
    'access_canManageEntitiesAssignedToOtherOfficers:boolean', 'access_creditOfficerAccess:boolean',
    'access_deliveryAccess:boolean', 'access_mambuAccess:boolean', 'access_portalAdministratorAccess:boolean',
    'access_supportAccess:boolean', 'access_tellerAccess:boolean',
  ],
  mambu_branches: [
    'encodedKey', 'id', 'name', 'state', 'phoneNumber', 'emailAddress', 'notes', `creationDate:${T}`,
    `lastModifiedDate:${T}`,
  ],
  mambu_loan_accounts_installments: [
    'encodedKey', 'parentAccountKey', 'number', `dueDate:${T}`, 'state', 'isPaymentHoliday:boolean',
    `lastPaidDate:${T}`, `repaidDate:${T}`, `lastPenaltyAppliedDate:${T}`,
    ...['principal_amount', 'interest_amount', 'interest_tax', 'fee_amount', 'fee_tax', 'penalty_amount', 'penalty_tax']
      .flatMap((p) => ['expected', 'paid', 'due', 'reduced'].map((f) => `${p}_${f}:${D}`))
      .filter((c) => !c.startsWith('principal_amount_reduced')),
  ],
};

const tables: Array<[string, Array<[string, AthenaType]>, string]> = [];
for (const [table, file, def] of specs) {
  const defs = (JSON.parse(readFileSync(join(specsDir, file), 'utf8')) as { definitions: Definitions }).definitions;
  tables.push([table, fromSwagger(defs, def), `from Mambu's Swagger ${file} #/definitions/${def}`]);
}
for (const [table, cols] of Object.entries(hand)) {
  tables.push([
    table,
    cols.map((c) => {
      const [name, type = 'string'] = c.split(':') as [string, AthenaType?];
      return [toSnakeCase(name), type];
    }),
    'Mambu v2 field names (no published spec in the team kit)',
  ]);
}
const order = [
  'mambu_clients', 'mambu_groups', 'mambu_loan_accounts', 'mambu_deposit_accounts', 'mambu_loan_transactions',
  'mambu_deposit_transactions', 'mambu_gl_journal_entries', 'mambu_accounting_interestaccrual', 'mambu_users',
  'mambu_branches', 'mambu_loan_accounts_installments',
];
tables.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));

const lines: string[] = [
  '// GENERATED by scripts/gen-builtin-catalog.ts — do not edit by hand; re-run the script instead.',
  '// Built-in Athena column types of the standard Mambu tables, by snake_case flattened column name.',
  '// Arrays are not expanded (their indexed columns are schema drift, written as string).',
  "import type { Catalog } from './tables';",
  '',
  'export const BUILTIN_CATALOG: Catalog = {',
];
for (const [table, cols, source] of tables) {
  const seen = new Set<string>();
  lines.push(`  // ${source}`, `  ${table}: {`);
  for (const [name, type] of cols) {
    if (seen.has(name)) throw new Error(`${table}: column ${name} appears twice`);
    seen.add(name);
    lines.push(`    ${name}: '${type}',`);
  }
  lines.push('  },');
}
lines.push('};', '');
process.stdout.write(lines.join('\n'));
