import { describe, expect, it } from 'vitest';
import { validateEvent, toOriginalEvent, issuesByField } from '../../shared/event/schema';
import { closestEndpoint } from '../../shared/endpoints';

const original = {
  table_name: 'mambu_loan_accounts',
  endpoint: 'mambu:loans:search',
  request_type: 'Post',
  cdc_field: 'lastModifiedDate',
  start_date: '2025-01-01 00:00:00',
  end_date: '2025-01-10 00:00:00',
  extra_params: '',
  auto_schema: 'False',
  rename_columns: [],
  chunk_hours: 24,
};

function issuesOf(input: unknown) {
  const r = validateEvent(input);
  if (r.ok) throw new Error('expected the event to be rejected');
  return r.issues;
}

describe('event schema', () => {
  it('accepts the original Glue event with its loose forms and normalises it', () => {
    const r = validateEvent({ ...original, request_type: 'POST', auto_schema: 'True', chunk_hours: '12' });
    expect(r).toEqual({
      ok: true,
      event: {
        ...original,
        endpoint: 'loans:search',
        request_type: 'post',
        auto_schema: true,
        chunk_hours: 12,
        rename_columns: [],
      },
    });
  });

  it('defaults chunk_hours to 24, extra_params to empty, auto_schema to false', () => {
    const { chunk_hours: _c, extra_params: _e, auto_schema: _a, rename_columns: _r, ...minimal } = original;
    const r = validateEvent(minimal);
    expect(r.ok && r.event).toMatchObject({ chunk_hours: 24, extra_params: '', auto_schema: false, rename_columns: [] });
  });

  it.each([
    ['start_date', '2025-01-01', 'start_date must look like 2025-01-31 00:00:00'],
    ['start_date', '2025-02-30 00:00:00', 'start_date is not a real calendar date'],
    ['end_date', '2025-01-10T00:00:00', 'end_date must look like 2025-01-31 00:00:00'],
    ['chunk_hours', 0, 'chunk_hours must be a whole number of hours from 1 to 8760'],
    ['chunk_hours', 1.5, 'chunk_hours must be a whole number'],
    ['chunk_hours', 9000, 'chunk_hours must be at most 8760'],
    ['chunk_hours', 'abc', 'chunk_hours must be a whole number'],
    ['request_type', 'put', 'request_type must be Get or Post'],
    ['table_name', 'Mambu Loans', 'table_name must be lowercase letters'],
    ['extra_params', 'offset=5', 'extra_params may not set offset'],
    ['extra_params', 'a=1&paginationDetails=ON', 'extra_params may not set paginationDetails'],
    ['auto_schema', 'maybe', 'auto_schema must be true or false'],
  ])('rejects %s = %j naming the field', (field, value, expected) => {
    const issues = issuesOf({ ...original, [field]: value });
    const mine = issues.filter((i) => i.field === field);
    expect(mine.length, JSON.stringify(issues)).toBeGreaterThan(0);
    expect(mine.map((i) => i.message).join('\n')).toContain(expected);
  });

  it('requires start before end', () => {
    const issues = issuesOf({ ...original, start_date: '2025-01-10 00:00:00', end_date: '2025-01-10 00:00:00' });
    expect(issues).toEqual([
      expect.objectContaining({ field: 'end_date', message: expect.stringContaining('end_date must be after start_date') }),
    ]);
  });

  it('requires cdc_field for Post and checks it against the endpoint', () => {
    expect(issuesOf({ ...original, cdc_field: '' })).toEqual([
      expect.objectContaining({ field: 'cdc_field', message: expect.stringContaining('cdc_field is required for Post') }),
    ]);
    const tx = issuesOf({ ...original, endpoint: 'deposits/transactions:search', cdc_field: 'lastModifiedDate' });
    expect(tx[0]!.message).toBe(
      'cdc_field lastModifiedDate cannot filter deposits/transactions:search; use one of creationDate, valueDate',
    );
  });

  it('checks request_type against the endpoint', () => {
    expect(issuesOf({ ...original, request_type: 'get' })[0]).toMatchObject({ field: 'request_type' });
    expect(issuesOf({ ...original, endpoint: 'users', request_type: 'post' })[0]).toMatchObject({ field: 'request_type' });
  });

  it('rejects unknown keys by name and lists every problem at once', () => {
    const issues = issuesOf({ ...original, chunkhours: 5, start_date: 'x', table_name: '' });
    const fields = issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['chunkhours', 'start_date', 'table_name']));
    expect(issues.find((i) => i.field === 'chunkhours')!.message).toContain('chunkhours is not an event field');
  });

  it('validates rename_columns items', () => {
    const issues = issuesOf({
      ...original,
      rename_columns: [{ a: 'b', c: 'd' }, { id: '' }, { x: 'date' }, { y: 'same' }, { z: 'same' }, 'nope'],
    });
    const byField = issuesByField(issues);
    expect(byField.rename_columns!.length).toBeGreaterThanOrEqual(5);
    expect(issues.map((i) => i.field)).toEqual(
      expect.arrayContaining(['rename_columns[0]', 'rename_columns[1]', 'rename_columns[2]', 'rename_columns[4]', 'rename_columns[5]']),
    );
  });

  it('accepts a valid rename and round-trips to the original form', () => {
    const r = validateEvent({ ...original, rename_columns: [{ loan_name: 'product_name' }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const back = validateEvent(toOriginalEvent(r.event));
    expect(back).toEqual(r);
    expect(toOriginalEvent(r.event)).toMatchObject({ request_type: 'Post', auto_schema: 'False' });
  });

  it('never throws on arbitrary input', () => {
    for (const v of [null, 1, 'x', [], [1], { table_name: {} }, { rename_columns: 'x' }, Object.create(null)]) {
      expect(() => validateEvent(v)).not.toThrow();
      expect(validateEvent(v).ok).toBe(false);
    }
  });
});

describe('event schema and planner agree', () => {
  it('refuses, on chunk_hours, a window the planner would refuse', async () => {
    const { planChunks } = await import('../../shared/plan');
    const r = validateEvent({ ...original, start_date: '2010-01-01 00:00:00', end_date: '2022-01-01 00:00:00', chunk_hours: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      {
        field: 'chunk_hours',
        message: 'chunk_hours 1 splits this window into 105,192 chunks; the most is 100,000: raise chunk_hours or shorten the window',
      },
    ]);
    const fine = validateEvent({ ...original, start_date: '2010-01-01 00:00:00', end_date: '2022-01-01 00:00:00', chunk_hours: 2 });
    expect(fine.ok && planChunks(fine.event).chunks.length).toBe(52_596);
  });
});

describe('unknown endpoints', () => {
  it('warns (never errors) with the closest known endpoint, and stays quiet for known ones', () => {
    const v = validateEvent({ ...original, endpoint: 'loan/transaction:search' });
    expect(v.ok).toBe(true);
    expect(v.warnings).toEqual([
      {
        field: 'endpoint',
        message: expect.stringMatching(/loan\/transaction:search is not one the engine knows.*Did you mean loans\/transactions:search\?/),
      },
    ]);
    expect(validateEvent({ ...original, endpoint: 'mambu:deposits/transactions:search' }).warnings).toBeUndefined();
    expect(closestEndpoint('users')).toBeUndefined();
    expect(closestEndpoint('brnches')).toBe('branches');
    // Still shown when other fields are wrong.
    const bad = validateEvent({ ...original, endpoint: 'loanz:search', chunk_hours: 0 });
    expect(bad.ok).toBe(false);
    expect(bad.warnings?.[0]?.message).toMatch(/Did you mean loans:search\?/);
  });
});
