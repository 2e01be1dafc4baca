// The bench day's event and the URLs of its pages: what every benchmark fetches, with nothing of the engine
// loaded (the memory group's app-mode child keeps the engine off its main thread).
import { validateEvent, type BackfillEvent } from '../../shared/event/schema';

export const BENCH_DAY = { start: '2025-01-01 00:00:00', end: '2025-01-02 00:00:00' };
export const BENCH_ENDPOINT = 'loans/transactions:search';

/** The engine's :search body for the bench day (BETWEEN on creationDate, ascending), sent as is by the loops that
 *  fetch the same pages without the engine (bare loop, JSON.parse yardstick). */
export function benchSearchBody(): string {
  return JSON.stringify({
    filterCriteria: [
      {
        field: 'creationDate',
        operator: 'BETWEEN',
        value: `${BENCH_DAY.start.replace(' ', 'T')}+00:00`,
        secondValue: `${BENCH_DAY.end.replace(' ', 'T')}+00:00`,
      },
    ],
    sortingCriteria: { field: 'creationDate', order: 'ASC' },
  });
}

/** The URL of one page of the bench day's search, as the engine asks it (`paginationDetails=ON` on the first page
 *  only), for the loops that fetch the same pages without the engine. */
export function benchPageUrl(simUrl: string, offset: number, limit: number): string {
  return `${simUrl}/${BENCH_ENDPOINT}?detailsLevel=FULL&offset=${offset}&limit=${limit}${offset === 0 ? '&paginationDetails=ON' : ''}`;
}

export function benchEvent(table = 'mambu_loan_transactions'): BackfillEvent {
  const v = validateEvent({
    table_name: table,
    endpoint: BENCH_ENDPOINT,
    request_type: 'Post',
    cdc_field: 'creationDate',
    start_date: BENCH_DAY.start,
    end_date: BENCH_DAY.end,
    chunk_hours: 24,
  });
  if (!v.ok) throw new Error(`bench event invalid: ${JSON.stringify(v.issues)}`);
  return v.event;
}
