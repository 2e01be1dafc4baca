// What the engine knows about Mambu v2 endpoints (see docs/mambu-contract.md, search and GET endpoints).
// Pure data: the form uses it to offer cdc fields, the schema to validate them, the engine to pick a pager.

/** How an endpoint is fetched. */
export type EndpointKind =
  /** POST /{entity}:search with a BETWEEN filter on the cdc field, windowed per chunk. */
  | 'search'
  /** GET with date parameters, windowed per chunk (dates only, so the window is widened to whole days and the
   *  records are then cut to the exact window on the cdc field). */
  | 'windowed-get'
  /** GET with no date filter: one fetch per run, shown as a single snapshot chunk. */
  | 'snapshot-get';

export interface EndpointInfo {
  /** Canonical path without `/api/` and without the `mambu:` prefix, e.g. `loans:search`. */
  readonly path: string;
  readonly kind: EndpointKind;
  /** Date fields the endpoint can filter (search) or window (windowed-get) on. Empty for snapshots. */
  readonly dateFields: readonly string[];
  /** The cdc field the original production schedule used for this endpoint. */
  readonly defaultCdc?: string;
  /** Whether Mambu accepts `sortingCriteria` here (creditarrangements does not sort on most fields). */
  readonly sortable: boolean;
  /** Whether the endpoint takes `detailsLevel` (gljournalentries:search does not). */
  readonly detailsLevel: boolean;
  /** search only: where Mambu's filter/sort field name differs from the record's property (the canonical spelling in
   *  dateFields and in events), e.g. clients filter on `birthdate` but records carry `birthDate`. */
  readonly filterNames?: Readonly<Record<string, string>>;
  /** windowed-get only: names of the from/to query parameters (values are dates, `YYYY-MM-DD`, both inclusive). */
  readonly windowParams?: { readonly from: string; readonly to: string };
}

const search = (
  path: string,
  dateFields: string[],
  defaultCdc: string,
  extra: Partial<Pick<EndpointInfo, 'sortable' | 'detailsLevel' | 'filterNames'>> = {},
): EndpointInfo => ({ path, kind: 'search', dateFields, defaultCdc, sortable: true, detailsLevel: true, ...extra });

const snapshot = (path: string): EndpointInfo => ({
  path,
  kind: 'snapshot-get',
  dateFields: [],
  sortable: false,
  detailsLevel: true,
});

export const ENDPOINTS: readonly EndpointInfo[] = [
  search('clients:search', ['creationDate', 'lastModifiedDate', 'birthDate'], 'lastModifiedDate', {
    filterNames: { birthDate: 'birthdate' }, // Swagger ClientFilterCriteria.field enum vs Client.birthDate
  }),
  search('groups:search', ['creationDate', 'lastModifiedDate'], 'lastModifiedDate'),
  search(
    'loans:search',
    [
      'creationDate',
      'approvedDate',
      'lastModifiedDate',
      'lastSetToArrearsDate',
      'lastLockedDate',
      'closedDate',
      'firstRepaymentDate',
      'lastPaymentDate',
      'expectedMaturityDate',
      'lastAccountAppraisalDate',
      'disbursementDetails.disbursementDate',
    ],
    'lastModifiedDate',
  ),
  search(
    'deposits:search',
    [
      'creationDate',
      'activationDate',
      'approvedDate',
      'lastModifiedDate',
      'maturityDate',
      'lastSetToArrearsDate',
      'closedDate',
      'overdraftSettings.overdraftExpiryDate',
    ],
    'lastModifiedDate',
  ),
  search('loans/transactions:search', ['creationDate', 'valueDate'], 'creationDate'),
  search('deposits/transactions:search', ['creationDate', 'valueDate'], 'creationDate'),
  // detailsLevel=FULL although Mambu's published query list for this search omits it: the original job sent it on
  // every search, and its table's gl_account_* columns (creation date, description, currency, …) exist only in the
  // FULL form of the embedded GL account. See docs/type-authority.md.
  search('gljournalentries:search', ['bookingDate', 'creationDate'], 'creationDate'),
  search('accounting/interestaccrual:search', ['bookingDate', 'creationDate'], 'creationDate', {
    detailsLevel: false,
  }),
  search('creditarrangements:search', ['startDate', 'expireDate', 'approvedDate'], 'approvedDate', {
    sortable: false,
  }),
  {
    path: 'gljournalentries',
    kind: 'windowed-get',
    dateFields: ['bookingDate'],
    defaultCdc: 'bookingDate',
    sortable: false,
    detailsLevel: false,
    windowParams: { from: 'from', to: 'to' },
  },
  {
    path: 'installments',
    kind: 'windowed-get',
    dateFields: ['dueDate'],
    defaultCdc: 'dueDate',
    sortable: false,
    detailsLevel: false,
    windowParams: { from: 'dueFrom', to: 'dueTo' },
  },
  snapshot('users'),
  snapshot('branches'),
  snapshot('centres'),
  snapshot('loanproducts'),
  snapshot('depositproducts'),
  // GET /glaccounts: the original's mambu_gl_accounts / gl_accounts tables. Mambu requires `type` (ASSET, LIABILITY,
  // EQUITY, INCOME, EXPENSE): give it in extra_params, one event per type, as the original looped over them.
  snapshot('glaccounts'),
];

const BY_PATH = new Map(ENDPOINTS.map((e) => [e.path, e]));

/** `mambu:loans:search`, `/loans:search/`, ` loans:search ` all become `loans:search`. */
export function normaliseEndpoint(raw: string): string {
  return raw
    .trim()
    .replace(/^mambu:/i, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/^api\//, '');
}

export function endpointInfo(path: string): EndpointInfo | undefined {
  return BY_PATH.get(normaliseEndpoint(path));
}

/** The endpoint's own spelling of a date field given in any letter case (`birthdate` → `birthDate`), so the window
 *  filter, the window cut and the partition lookup all read the same property; undefined when it has no such field. */
export function canonicalDateField(info: EndpointInfo, field: string): string | undefined {
  const lower = field.toLowerCase();
  return info.dateFields.find((f) => f.toLowerCase() === lower);
}

/** The field name Mambu's search filter and sort take for a (canonical) date field. */
export function filterFieldName(info: EndpointInfo | undefined, field: string): string {
  return info?.filterNames?.[field] ?? field;
}

/** Kind for any endpoint, known or not: unknown `x:search` endpoints are searches, other unknown GETs snapshots. */
export function endpointKind(path: string): EndpointKind {
  const known = endpointInfo(path);
  if (known) return known.kind;
  return /:search$/.test(normaliseEndpoint(path)) ? 'search' : 'snapshot-get';
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The known endpoint nearest to `raw` by edit distance (ties: the first listed), or undefined when `raw` is known. */
export function closestEndpoint(raw: string): string | undefined {
  const p = normaliseEndpoint(raw).toLowerCase();
  if (BY_PATH.has(p)) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const e of ENDPOINTS) {
    const d = editDistance(p, e.path.toLowerCase());
    if (d < bestD) {
      best = e.path;
      bestD = d;
    }
  }
  return best;
}

/** A warning (not an error: Mambu has endpoints this list does not) for an endpoint the engine does not know. */
export function unknownEndpointWarning(raw: string): string | undefined {
  const p = normaliseEndpoint(raw);
  if (p === '' || BY_PATH.has(p)) return undefined;
  const near = closestEndpoint(p);
  return `endpoint ${p} is not one the engine knows; Mambu may answer 404 at run time` + (near ? `. Did you mean ${near}?` : '');
}
