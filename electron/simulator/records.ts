// Deterministic Mambu v2 records, generated on demand from (seed, entity, index): nothing is held in memory, so a
// million-record tenant costs nothing until a page is asked for. Dated entities are laid out day by day; inside a
// day record k sits in its own time slot, so the creation time (and fields derived from it by flooring, like a
// journal entry's bookingDate) never decreases with the index — the server answers windows on those fields by
// binary search. Every day's first record sits exactly on midnight, and every 7th record shares the previous
// record's timestamp, so boundary and tie handling always get exercised.
import { formatMambuTime, startOfTenantDay } from '../engine/mambu/time';

export type MambuRecord = Record<string, unknown>;

export type EntityName =
  | 'clients'
  | 'groups'
  | 'loans'
  | 'deposits'
  | 'loans/transactions'
  | 'deposits/transactions'
  | 'gljournalentries'
  | 'installments'
  | 'users'
  | 'branches'
  | 'accounting/interestaccrual'
  | 'glaccounts'
  | 'loanproducts';

export const ENTITY_NAMES: readonly EntityName[] = [
  'clients',
  'groups',
  'loans',
  'deposits',
  'loans/transactions',
  'deposits/transactions',
  'gljournalentries',
  'installments',
  'users',
  'branches',
  'accounting/interestaccrual',
  'glaccounts',
  'loanproducts',
];

/** Entities served as paged snapshots (GET without a date filter); their perDay is a count. */
export const SNAPSHOT_ENTITIES: readonly EntityName[] = ['users', 'branches', 'glaccounts', 'loanproducts'];

export interface GenContext {
  seed: number;
  zone: string;
  startMs: number;
  days: number;
  perDay: number;
  /** Size of the base population (perDay·days, or a fixed count for snapshots). */
  count: number;
  /** Population of the other entities, for foreign keys. */
  countOf: (e: EntityName) => number;
}

export interface EntitySpec {
  name: EntityName;
  code: number;
  idPrefix: string | null;
  snapshot: boolean;
  defaultPerDay: number;
  /** Fields whose value never decreases with the index (for binary search); mapped to ms cheaply. */
  monotone: Record<string, (i: number, ctx: GenContext) => number>;
  build: (i: number, ctx: GenContext) => MambuRecord;
}

// ---- deterministic randomness ----------------------------------------------------------------------------------

function mix(a: number): number {
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return (a ^ (a >>> 16)) >>> 0;
}

/** A small PRNG seeded per record, so record i is the same whatever else was generated. */
export function rng(seed: number, code: number, i: number): () => number {
  let s = mix(seed ^ mix(code * 0x9e3779b1 + i));
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, w: number) => (n >>> 0).toString(16).padStart(w, '0').slice(-w);

/** 32 hex characters: `8a`, entity code, 8-hex index, 20 hex of hash — the index can be read back. */
export function encodedKeyOf(code: number, i: number, seed: number): string {
  const h1 = mix(seed ^ (code << 24) ^ i);
  const h2 = mix(h1 ^ 0x5bd1e995);
  const h3 = mix(h2 ^ i);
  return `8a${hex(code, 2)}${hex(i, 8)}${hex(h1, 8)}${hex(h2, 8)}${hex(h3, 4)}`;
}

export function indexOfEncodedKey(code: number, key: string): number | undefined {
  const m = /^8a([0-9a-f]{2})([0-9a-f]{8})[0-9a-f]{20}$/.exec(key);
  if (!m || parseInt(m[1]!, 16) !== code) return undefined;
  return parseInt(m[2]!, 16);
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const money = (r: () => number, max: number, decimals = true) => (decimals ? Math.round(r() * max * 100) / 100 : Math.round(r() * max));

// ---- time layout -----------------------------------------------------------------------------------------------

const DAY = 86_400_000;

function slotSeconds(k: number, perDay: number, r: number): number {
  if (k === 0) return 0;
  const a = Math.floor((k * 86400) / perDay);
  const b = Math.floor(((k + 1) * 86400) / perDay);
  return a + Math.floor(r * Math.max(0, b - a));
}

/** Creation instant of dated record i: monotone in i; midnights and ties included. Inserted records (i ≥ count)
 *  have their times set explicitly, so this is only called for the base population. */
export function creationMs(i: number, ctx: GenContext, code: number): number {
  const day = Math.floor(i / ctx.perDay);
  let k = i % ctx.perDay;
  if (k % 7 === 6) k -= 1; // tie with the previous record
  const idx = day * ctx.perDay + k;
  const r = rng(ctx.seed, code + 1000, idx)();
  return ctx.startMs + day * DAY + slotSeconds(k, ctx.perDay, r) * 1000;
}

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Eva', 'Farah', 'Georg', 'Hana', 'Ivan', "O'Neil", 'Jia', 'Kofi'];
const LAST = ['Müller', 'Schmidt', 'Rossi', 'García', 'Nowak', 'Okafor', 'Tanaka', 'Dubois', 'Silva', 'Smith'];
const CITIES = ['Berlin', 'Amsterdam', 'Lisbon', 'Warsaw', 'Nairobi', 'Dublin', 'Madrid'];
const STREETS = ['Hauptstraße', 'Main Street', 'Rua Augusta', 'Calle Mayor', 'Kerkstraat'];

function address(r: () => number, parentKey: string, seed: number, code: number, i: number, n: number): MambuRecord {
  return {
    encodedKey: encodedKeyOf(code + 100, i * 4 + n, seed),
    parentKey,
    line1: `${1 + Math.floor(r() * 200)} ${pick(r, STREETS)}`,
    line2: r() < 0.6 ? null : `Apt ${1 + Math.floor(r() * 40)}`,
    city: pick(r, CITIES),
    region: r() < 0.3 ? null : 'Region ' + (1 + Math.floor(r() * 9)),
    postcode: String(10000 + Math.floor(r() * 89999)),
    country: pick(r, ['DE', 'NL', 'PT', 'PL', 'KE', 'IE', 'ES']),
    indexInList: n,
    latitude: null,
    longitude: null,
  };
}

// ---- the entities ----------------------------------------------------------------------------------------------

const CODES: Record<EntityName, number> = {
  clients: 0x11,
  groups: 0x12,
  loans: 0x13,
  deposits: 0x14,
  'loans/transactions': 0x15,
  'deposits/transactions': 0x16,
  gljournalentries: 0x17,
  installments: 0x18,
  users: 0x19,
  branches: 0x1a,
  'accounting/interestaccrual': 0x1b,
  glaccounts: 0x1c,
  loanproducts: 0x1d,
};

/** The tenant's chart of accounts: journal entries, interest accruals and GET /glaccounts all use it. */
const GL = [
  { glCode: '1000', name: 'Cash', type: 'ASSET' },
  { glCode: '1100', name: 'Loans portfolio', type: 'ASSET' },
  { glCode: '1200', name: 'Interest income', type: 'INCOME' },
  { glCode: '1300', name: 'Fees income', type: 'INCOME' },
  { glCode: '1400', name: 'Customer deposits', type: 'LIABILITY' },
  { glCode: '1500', name: 'Suspense', type: 'EQUITY' },
  { glCode: '1600', name: 'Interest receivable', type: 'ASSET' },
  { glCode: '1700', name: 'Interest expense', type: 'EXPENSE' },
] as const;

/** GL account n as Mambu's FULL details show it (embedded in a journal entry, or from GET /glaccounts). */
function glAccount(n: number, ctx: GenContext): MambuRecord {
  const g = GL[n % GL.length]!;
  const created = ctx.startMs - (700 - n) * DAY;
  return {
    encodedKey: encodedKeyOf(0x37, n % GL.length, ctx.seed),
    creationDate: t(created, ctx),
    lastModifiedDate: t(created + 30 * DAY, ctx),
    glCode: g.glCode,
    type: g.type,
    usage: 'DETAIL',
    name: g.name,
    activated: true,
    description: `${g.name} (${g.type.toLowerCase()})`,
    allowManualJournalEntries: n % 3 !== 0,
    stripTrailingZeros: false,
    currency: { code: 'EUR', currencyCode: 'EUR' },
  };
}

function key(e: EntityName, i: number, ctx: GenContext): string {
  const n = Math.max(1, ctx.countOf(e));
  return encodedKeyOf(CODES[e], i % n, ctx.seed);
}

function idOf(prefix: string, i: number): string {
  return `${prefix}${String(i + 1).padStart(6, '0')}`;
}

const t = (ms: number, ctx: GenContext) => formatMambuTime(ms, ctx.zone);

/** Modifications happen after creation; kept inside [creation, creation + 5 days]. */
function modifiedMs(r: () => number, created: number): number {
  return created + Math.floor(r() * 5 * 86400) * 1000;
}

function dated(
  name: EntityName,
  idPrefix: string | null,
  defaultPerDay: number,
  build: (i: number, ctx: GenContext, r: () => number, created: number, k: string) => MambuRecord,
  monotone: Record<string, (i: number, ctx: GenContext) => number> = {},
): EntitySpec {
  const code = CODES[name];
  return {
    name,
    code,
    idPrefix,
    snapshot: false,
    defaultPerDay,
    monotone: { creationDate: (i, ctx) => creationMs(i, ctx, code), ...monotone },
    build: (i, ctx) => {
      const r = rng(ctx.seed, code, i);
      const created = creationMs(i, ctx, code);
      return build(i, ctx, r, created, encodedKeyOf(code, i, ctx.seed));
    },
  };
}

const clients = dated('clients', 'CL', 8, (i, ctx, r, created, k) => {
  const modified = modifiedMs(r, created);
  const first = pick(r, FIRST);
  return {
    encodedKey: k,
    id: idOf('CL', i),
    state: pick(r, ['ACTIVE', 'ACTIVE', 'INACTIVE', 'PENDING_APPROVAL', 'EXITED']),
    firstName: first,
    middleName: r() < 0.7 ? null : pick(r, FIRST),
    lastName: pick(r, LAST),
    birthDate: `${1950 + Math.floor(r() * 50)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
    gender: pick(r, ['FEMALE', 'MALE']),
    emailAddress: `${first.toLowerCase().replace(/[^a-z]/g, '')}.${i}@example.org`,
    mobilePhone: `+49170${String(Math.floor(r() * 1e7)).padStart(7, '0')}`,
    homePhone: null,
    preferredLanguage: pick(r, ['ENGLISH', 'GERMAN', 'PORTUGUESE']),
    creationDate: t(created, ctx),
    lastModifiedDate: t(modified, ctx),
    approvedDate: t(created, ctx),
    activationDate: t(created + 3600_000, ctx),
    closedDate: null,
    assignedBranchKey: key('branches', i, ctx),
    assignedUserKey: key('users', i, ctx),
    assignedCentreKey: null,
    clientRoleKey: encodedKeyOf(0x30, 1, ctx.seed),
    loanCycle: Math.floor(r() * 4),
    groupLoanCycle: 0,
    groupKeys: r() < 0.2 ? [key('groups', i, ctx)] : [],
    addresses: Array.from({ length: 1 + Math.floor(r() * 2) }, (_, n) => address(r, k, ctx.seed, CODES.clients, i, n)),
    idDocuments: [
      {
        encodedKey: encodedKeyOf(0x31, i, ctx.seed),
        clientKey: k,
        documentType: pick(r, ['Passport', 'ID card']),
        documentId: `X${Math.floor(r() * 1e8)}`,
        issuingAuthority: 'Bürgeramt',
        validUntil: `${2026 + Math.floor(r() * 8)}-06-30`,
        indexInList: 0,
      },
    ],
    notes: r() < 0.5 ? null : 'Walk-in client;\nprefers e-mail',
    _Personal_Details: {
      Nationality: pick(r, ['DE', 'NL', 'PT', 'KE']),
      Employer: r() < 0.3 ? null : pick(r, ['ACME GmbH', 'Globex BV', 'Initech']),
      Monthly_Income: money(r, 9000),
    },
  };
});

const groups = dated('groups', 'GR', 2, (i, ctx, r, created, k) => ({
  encodedKey: k,
  id: idOf('GR', i),
  groupName: `Savings circle ${i + 1}`,
  preferredLanguage: pick(r, ['ENGLISH', 'GERMAN']),
  groupRoleKey: r() < 0.5 ? null : encodedKeyOf(0x32, 2, ctx.seed),
  creationDate: t(created, ctx),
  lastModifiedDate: t(modifiedMs(r, created), ctx),
  assignedBranchKey: key('branches', i, ctx),
  assignedUserKey: key('users', i, ctx),
  assignedCentreKey: null,
  emailAddress: r() < 0.5 ? null : `group${i}@example.org`,
  loanCycle: Math.floor(r() * 3),
  groupMembers: Array.from({ length: 2 + Math.floor(r() * 3) }, (_, n) => ({
    clientKey: key('clients', i * 5 + n, ctx),
    roles: n === 0 ? [{ groupRoleNameKey: encodedKeyOf(0x32, 1, ctx.seed), roleName: 'Leader' }] : [],
  })),
  addresses: [address(r, k, ctx.seed, CODES.groups, i, 0)],
  notes: null,
  _Group_Details: { Meeting_Day: pick(r, ['MONDAY', 'WEDNESDAY', 'FRIDAY']), Founded: `20${10 + Math.floor(r() * 14)}-01-01` },
}));

const loans = dated(
  'loans',
  'LN',
  6,
  (i, ctx, r, created, k) => {
    const amount = money(r, 50000, false) + 500;
    const paid = Math.round(amount * r() * 0.5 * 100) / 100;
    const disbursed = created + 86400_000;
    const state = pick(r, ['ACTIVE', 'ACTIVE', 'ACTIVE_IN_ARREARS', 'APPROVED', 'CLOSED']);
    return {
      encodedKey: k,
      id: idOf('LN', i),
      loanName: pick(r, ['Micro business loan', 'Personal loan', 'Agri loan']),
      accountHolderKey: key('clients', i, ctx),
      accountHolderType: 'CLIENT',
      accountState: state,
      accountSubState: null,
      productTypeKey: encodedKeyOf(0x33, Math.floor(r() * 3), ctx.seed),
      loanAmount: amount,
      creationDate: t(created, ctx),
      approvedDate: t(created + 1800_000, ctx),
      lastModifiedDate: t(modifiedMs(r, created), ctx),
      lastAccountAppraisalDate: t(disbursed + Math.floor(r() * 86400) * 1000, ctx),
      lastSetToArrearsDate: state === 'ACTIVE_IN_ARREARS' ? t(disbursed + 30 * 86400_000, ctx) : null,
      lastLockedDate: null,
      closedDate: state === 'CLOSED' ? t(disbursed + 60 * 86400_000, ctx) : null,
      assignedBranchKey: key('branches', i, ctx),
      assignedUserKey: key('users', i, ctx),
      accruedInterest: money(r, 300),
      daysInArrears: state === 'ACTIVE_IN_ARREARS' ? 1 + Math.floor(r() * 60) : 0,
      daysLate: 0,
      balances: {
        principalDue: money(r, 1000),
        principalPaid: paid,
        principalBalance: Math.round((amount - paid) * 100) / 100,
        interestDue: money(r, 200),
        interestPaid: money(r, 500),
        interestBalance: money(r, 400),
        feesDue: 0,
        feesBalance: 0,
        penaltyDue: 0,
        penaltyBalance: 0,
        holdBalance: 0,
        redrawBalance: 0,
      },
      interestSettings: {
        interestRate: Math.round((5 + r() * 20) * 100) / 100,
        interestChargeFrequency: 'ANNUALIZED',
        interestCalculationMethod: 'DECLINING_BALANCE',
        interestRateSource: 'FIXED_INTEREST_RATE',
        interestType: 'SIMPLE_INTEREST',
        accrueInterestAfterMaturity: false,
      },
      disbursementDetails: {
        encodedKey: encodedKeyOf(0x34, i, ctx.seed),
        expectedDisbursementDate: t(disbursed, ctx),
        disbursementDate: state === 'APPROVED' ? null : t(disbursed, ctx),
        firstRepaymentDate: t(disbursed + 30 * 86400_000, ctx),
        transactionDetails: { transactionChannelKey: encodedKeyOf(0x35, 0, ctx.seed), transactionChannelId: 'BANK_TRANSFER' },
        fees: [],
      },
      scheduleSettings: {
        gracePeriod: 0,
        gracePeriodType: 'NONE',
        periodicPayment: state === 'APPROVED' ? null : Math.round(amount / 12),
        repaymentInstallments: 6 + Math.floor(r() * 30),
        repaymentPeriodCount: 1,
        repaymentPeriodUnit: 'MONTHS',
        repaymentScheduleMethod: 'FIXED',
        scheduleDueDatesMethod: 'INTERVAL',
      },
      notes: null,
      _Loan_Purpose: { Purpose: pick(r, ['Working capital', 'Equipment', 'Education']), Risk_Score: Math.floor(r() * 100) },
    };
  },
  {},
);

const deposits = dated('deposits', 'DP', 6, (i, ctx, r, created, k) => {
  const total = money(r, 20000);
  const overdraft = r() < 0.3;
  return {
    encodedKey: k,
    id: idOf('DP', i),
    name: pick(r, ['Current account', 'Savings account']),
    accountHolderKey: key('clients', i, ctx),
    accountHolderType: 'CLIENT',
    accountState: pick(r, ['ACTIVE', 'ACTIVE', 'APPROVED', 'DORMANT']),
    accountType: pick(r, ['CURRENT_ACCOUNT', 'REGULAR_SAVINGS']),
    currencyCode: 'EUR',
    productTypeKey: encodedKeyOf(0x36, Math.floor(r() * 2), ctx.seed),
    creationDate: t(created, ctx),
    approvedDate: t(created + 600_000, ctx),
    activationDate: t(created + 3600_000, ctx),
    lastModifiedDate: t(modifiedMs(r, created), ctx),
    maturityDate: null,
    closedDate: null,
    lastSetToArrearsDate: null,
    assignedBranchKey: key('branches', i, ctx),
    balances: {
      totalBalance: total,
      availableBalance: total,
      blockedBalance: 0,
      feesDue: 0,
      holdBalance: 0,
      lockedBalance: 0,
      overdraftAmount: 0,
      technicalOverdraftAmount: 0,
    },
    accruedAmounts: { interestAccrued: money(r, 30), overdraftInterestAccrued: 0, technicalOverdraftInterestAccrued: 0 },
    interestSettings: {
      interestRateSettings: {
        interestRate: Math.round(r() * 300) / 100,
        interestChargeFrequency: 'ANNUALIZED',
        interestRateSource: 'FIXED_INTEREST_RATE',
      },
      interestPaymentSettings: { interestPaymentPoint: 'FIRST_DAY_OF_MONTH', interestPaymentDates: [] },
    },
    overdraftSettings: {
      allowOverdraft: overdraft,
      overdraftLimit: overdraft ? 500 : 0,
      overdraftExpiryDate: overdraft ? t(created + 365 * 86400_000, ctx) : null,
    },
    internalControls: { maxWithdrawalAmount: null, recommendedDepositAmount: 100 },
    _Deposit_Details: { Source_Of_Funds: pick(r, ['Salary', 'Savings', 'Business']), Statement_Email: r() < 0.5 },
  };
});

function txn(name: EntityName, prefix: string, loan: boolean) {
  return dated(name, prefix, 40, (i, ctx, r, created, k) => {
    const amount = money(r, 2500) + 1;
    const valueMs = created - Math.floor(r() * 2 * 1440) * 60_000; // up to two days earlier
    const common = {
      encodedKey: k,
      id: idOf(prefix, i),
      externalId: r() < 0.8 ? null : `EXT-${i}`,
      parentAccountKey: key(loan ? 'loans' : 'deposits', i, ctx),
      type: loan
        ? pick(r, ['REPAYMENT', 'REPAYMENT', 'DISBURSEMENT', 'INTEREST_APPLIED', 'FEE_APPLIED'])
        : pick(r, ['DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'INTEREST_APPLIED']),
      amount,
      currencyCode: 'EUR',
      creationDate: t(created, ctx),
      valueDate: t(valueMs, ctx),
      bookingDate: t(created, ctx),
      notes: r() < 0.7 ? null : 'manual\tentry',
      userKey: key('users', i, ctx),
      branchKey: key('branches', i, ctx),
      centreKey: null,
      tillKey: null,
      migrationEventKey: null,
      originalTransactionKey: null,
      adjustmentTransactionKey: null,
      transactionDetails: {
        transactionChannelKey: encodedKeyOf(0x35, 0, ctx.seed),
        transactionChannelId: pick(r, ['CASH', 'BANK_TRANSFER', 'SEPA']),
      },
      _Payment_Details: { Reference: `INV-${100000 + i}`, Payer_IBAN: r() < 0.4 ? null : `DE${Math.floor(r() * 1e16)}` },
    };
    if (loan) {
      const principal = Math.round(amount * 0.8 * 100) / 100;
      return {
        ...common,
        affectedAmounts: {
          principalAmount: principal,
          interestAmount: Math.round((amount - principal) * 100) / 100,
          feesAmount: 0,
          penaltyAmount: 0,
          fundersInterestAmount: 0,
          deferredInterestAmount: 0,
        },
        accountBalances: {
          totalBalance: money(r, 40000),
          principalBalance: money(r, 40000),
          advancePosition: 0,
          arrearsPosition: 0,
          redrawBalance: 0,
        },
        taxes: { taxRate: null },
        terms: {
          interestSettings: { interestRate: Math.round((5 + r() * 20) * 100) / 100 },
          periodicPayment: null,
          principalPaymentAmount: null,
        },
      };
    }
    return {
      ...common,
      affectedAmounts: {
        fundsAmount: amount,
        interestAmount: 0,
        feesAmount: 0,
        overdraftAmount: 0,
        overdraftFeesAmount: 0,
        overdraftInterestAmount: 0,
        technicalOverdraftAmount: 0,
      },
      accountBalances: { totalBalance: money(r, 20000) },
      taxes: { taxRate: null },
      terms: {
        interestSettings: { interestRate: 0.5 },
        overdraftInterestSettings: { interestRate: null, indexInterestRate: null },
        overdraftSettings: { overdraftLimit: 0 },
      },
      cardTransaction: null,
      fees:
        r() < 0.3
          ? [{ predefinedFeeKey: encodedKeyOf(0x3b, 1, ctx.seed), name: 'Transfer fee', amount: 1.5, taxAmount: 0, trigger: 'MANUAL' }]
          : [],
    };
  });
}

const jeCode = CODES.gljournalentries;
const gljournalentries = dated(
  'gljournalentries',
  null,
  40,
  (i, ctx, r, created, k) => {
    const foreign = i % 5 === 0;
    const amount = money(r, 3000) + 1;
    return {
      encodedKey: k,
      // Mambu sends entryId as a number; the original's catalog keeps it as string (its Athena table says so).
      entryId: i + 1,
      transactionId: `T${String(Math.floor(i / 2) + 1).padStart(7, '0')}`,
      type: i % 2 === 0 ? 'DEBIT' : 'CREDIT',
      amount,
      bookingDate: t(startOfTenantDay(created, ctx.zone), ctx),
      creationDate: t(created, ctx),
      assignedBranchKey: key('branches', i, ctx),
      userKey: key('users', i, ctx),
      productKey: key('loans', i, ctx),
      productType: pick(r, ['LOAN', 'SAVINGS']),
      accountKey: key('loans', i, ctx),
      notes: r() < 0.8 ? null : 'month-end accrual',
      reversalEntryKey: null,
      glAccount: glAccount(i % 6, ctx),
      foreignAmount: foreign
        ? {
            amount: Math.round(amount * 1.08 * 100) / 100,
            currency: { code: 'USD', currencyCode: 'USD' },
            accountingRate: {
              encodedKey: encodedKeyOf(0x3a, 1, ctx.seed),
              rate: 1.08,
              fromCurrencyCode: 'EUR',
              toCurrencyCode: 'USD',
              startDate: t(ctx.startMs - 10 * DAY, ctx),
            },
          }
        : null,
    };
  },
  { bookingDate: (i, ctx) => startOfTenantDay(creationMs(i, ctx, jeCode), ctx.zone) },
);

/** Interest accrual breakdown entries: flat records (the endpoint takes no detailsLevel). */
const iaCode = CODES['accounting/interestaccrual'];
const interestaccrual = dated(
  'accounting/interestaccrual',
  null,
  10,
  (i, ctx, r, created) => {
    const g = GL[6 + (i % 2)]!;
    return {
      entryId: i + 1,
      parentEntryId: r() < 0.5 ? null : i,
      entryType: i % 2 === 0 ? 'DEBIT' : 'CREDIT',
      transactionId: `IA${String(i + 1).padStart(7, '0')}`,
      accountKey: key('loans', i, ctx),
      accountId: idOf('LN', i % Math.max(1, ctx.countOf('loans'))),
      productKey: encodedKeyOf(0x33, i % 3, ctx.seed),
      productId: `LP${(i % 3) + 1}`,
      productType: 'LOAN',
      amount: Math.round(r() * 5000) / 100,
      bookingDate: t(startOfTenantDay(created, ctx.zone), ctx),
      creationDate: t(created, ctx),
      glAccountKey: encodedKeyOf(0x37, 6 + (i % 2), ctx.seed),
      glAccountId: g.glCode,
      glAccountName: g.name,
      glAccountType: g.type,
      foreignAmount: null,
      branchKey: key('branches', i, ctx),
      branchName: `Branch ${(i % 5) + 1}`,
    };
  },
  { bookingDate: (i, ctx) => startOfTenantDay(creationMs(i, ctx, iaCode), ctx.zone) },
);

/** Installments fall due at tenant midnight: every record of a day ties. */
const instCode = CODES.installments;
const dueMs = (i: number, ctx: GenContext) => startOfTenantDay(ctx.startMs + Math.floor(i / ctx.perDay) * DAY + 43200_000, ctx.zone);
const installments: EntitySpec = {
  name: 'installments',
  code: instCode,
  idPrefix: null,
  snapshot: false,
  defaultPerDay: 20,
  monotone: { dueDate: dueMs },
  build: (i, ctx) => {
    const r = rng(ctx.seed, instCode, i);
    const principal = money(r, 800) + 10;
    const interest = money(r, 90);
    const state = pick(r, ['PAID', 'PENDING', 'LATE', 'PARTIALLY_PAID']);
    const part = (expected: number) => ({
      expected,
      paid: state === 'PAID' ? expected : 0,
      due: state === 'PAID' ? 0 : expected,
      reduced: 0,
    });
    return {
      encodedKey: encodedKeyOf(instCode, i, ctx.seed),
      parentAccountKey: key('loans', i, ctx),
      number: String(1 + (i % 12)),
      dueDate: t(dueMs(i, ctx), ctx),
      state,
      isPaymentHoliday: false,
      lastPaidDate: state === 'PAID' ? t(dueMs(i, ctx) - 3600_000, ctx) : null,
      repaidDate: state === 'PAID' ? t(dueMs(i, ctx) - 3600_000, ctx) : null,
      principal: { amount: part(principal) },
      interest: { amount: part(interest), tax: part(0) },
      fee: { amount: part(0), tax: part(0) },
      penalty: { amount: part(0), tax: part(0) },
    };
  },
};

function snapshot(
  name: EntityName,
  prefix: string,
  count: number,
  build: (i: number, ctx: GenContext, r: () => number, k: string) => MambuRecord,
): EntitySpec {
  const code = CODES[name];
  return {
    name,
    code,
    idPrefix: prefix,
    snapshot: true,
    defaultPerDay: count,
    monotone: {},
    build: (i, ctx) => build(i, ctx, rng(ctx.seed, code, i), encodedKeyOf(code, i, ctx.seed)),
  };
}

const users = snapshot('users', 'U', 25, (i, ctx, r, k) => {
  const first = pick(r, FIRST);
  const created = ctx.startMs - (400 - i) * DAY;
  return {
    encodedKey: k,
    id: idOf('U', i),
    username: `${first.toLowerCase().replace(/[^a-z]/g, '')}${i}`,
    firstName: first,
    lastName: pick(r, LAST),
    email: `user${i}@bank.example`,
    title: r() < 0.5 ? null : 'Loan officer',
    userState: pick(r, ['ACTIVE', 'ACTIVE', 'INACTIVE']),
    language: 'ENGLISH',
    assignedBranchKey: key('branches', i, ctx),
    creationDate: t(created, ctx),
    lastModifiedDate: t(created + 86400_000, ctx),
    role: { encodedKey: encodedKeyOf(0x38, i % 3, ctx.seed), id: `ROLE${i % 3}` },
    access: {
      administratorAccess: i === 0,
      apiAccess: i < 2,
      canManageAllBranches: i < 3,
      creditOfficerAccess: i % 2 === 0,
      managedBranches: [{ branchKey: key('branches', i, ctx) }],
      permissions: ['VIEW_CLIENT_DETAILS', 'VIEW_LOAN_ACCOUNT_DETAILS'],
    },
    transactionLimits: {},
    _User_Details: { Employee_Number: `E${1000 + i}` },
  };
});

const branches = snapshot('branches', 'BR', 5, (i, ctx, r, k) => ({
  encodedKey: k,
  id: idOf('BR', i),
  name: `${pick(r, CITIES)} branch ${i + 1}`,
  state: 'ACTIVE',
  phoneNumber: `+3120${String(Math.floor(r() * 1e7)).padStart(7, '0')}`,
  emailAddress: `branch${i}@bank.example`,
  creationDate: t(ctx.startMs - (900 - i) * DAY, ctx),
  lastModifiedDate: t(ctx.startMs - (300 - i) * DAY, ctx),
  addresses: [address(r, k, ctx.seed, CODES.branches, i, 0)],
  branchHolidays: [{ name: 'New Year', date: '2025-01-01', isAnnuallyRecurring: true, encodedKey: encodedKeyOf(0x39, i, ctx.seed) }],
  notes: null,
}));

const glaccounts = snapshot('glaccounts', 'GL', GL.length, (i, ctx, r) => ({
  ...glAccount(i, ctx),
  migrationEventKey: null,
  balance: Math.round(r() * 1e8) / 100,
}));

const loanproducts = snapshot('loanproducts', 'LP', 3, (i, ctx, r, k) => ({
  encodedKey: encodedKeyOf(0x33, i, ctx.seed), // the key loans carry as productTypeKey
  id: `LP${i + 1}`,
  name: ['Micro business loan', 'Personal loan', 'Agri loan'][i % 3],
  notes: null,
  type: 'DYNAMIC_TERM_LOAN',
  category: pick(r, ['PERSONAL_LENDING', 'COMMERCIAL']),
  state: 'ACTIVE',
  creationDate: t(ctx.startMs - (500 - i) * DAY, ctx),
  lastModifiedDate: t(ctx.startMs - (100 - i) * DAY, ctx),
  loanAmountSettings: { loanAmount: { minValue: 500, maxValue: 50000, defaultValue: 5000 }, trancheSettings: { maxNumberOfTranches: 1 } },
  scheduleSettings: {
    repaymentScheduleMethod: 'FIXED',
    scheduleDueDatesMethod: 'INTERVAL',
    shortMonthHandlingMethod: 'LAST_DAY_IN_MONTH',
    numInstallments: { defaultValue: 12, minValue: 3, maxValue: 60 },
    repaymentScheduleEditOptions: ['ADJUST_PAYMENT_DATES', 'ADJUST_NUMBER_OF_INSTALLMENTS'],
    repaymentReschedulingMethod: 'NEXT_WORKING_DAY',
  },
  paymentSettings: {
    paymentMethod: 'HORIZONTAL',
    amortizationMethod: 'STANDARD_PAYMENTS',
    latePaymentsRecalculationMethod: 'OVERDUE_INSTALLMENTS_INCREASE',
    repaymentAllocationOrder: ['FEE', 'PENALTY', 'INTEREST', 'PRINCIPAL'],
    principalPaymentSettings: {
      encodedKey: k,
      defaultPrincipalRepaymentInterval: 1,
      includeInterestInFloorAmount: false,
      includeFeesInFloorAmount: false,
    },
  },
  interestSettings: {
    interestApplicationMethod: 'REPAYMENT_DUE_DATE',
    interestCalculationMethod: 'DECLINING_BALANCE',
    daysInYear: 'ACTUAL_365_FIXED',
    interestType: 'SIMPLE_INTEREST',
    accrueLateInterest: true,
    indexRateSettings: {
      interestChargeFrequency: 'ANNUALIZED',
      interestChargeFrequencyCount: 1,
      accrueInterestAfterMaturity: false,
      allowNegativeInterestRate: false,
    },
    interestRateSettings: [
      {
        encodedKey: encodedKeyOf(0x3c, i, ctx.seed),
        interestRateSource: 'FIXED_INTEREST_RATE',
        interestRateMinValue: 1,
        interestRateMaxValue: 30,
        interestRateDefaultValue: 9.5,
      },
    ],
  },
}));

export const SPECS: Record<EntityName, EntitySpec> = {
  'accounting/interestaccrual': interestaccrual,
  glaccounts,
  loanproducts,
  clients,
  groups,
  loans,
  deposits,
  'loans/transactions': txn('loans/transactions', 'LT', true),
  'deposits/transactions': txn('deposits/transactions', 'DT', false),
  gljournalentries,
  installments,
  users,
  branches,
};
