import { describe, expect, it } from 'vitest';
import { toSnakeCase } from '../../electron/engine/transform/snake-case';

// Expected values produced by the original's Python regexes (re.sub("([a-z])([A-Z])"...), re.sub("([A-Z]+)([A-Z][a-z])"...),
// collapse "_", strip, lower) run on these inputs; the TS port must agree on every one.
const PYTHON_PARITY: Record<string, string> = {
  encodedKey: 'encoded_key',
  id: 'id',
  lastModifiedDate: 'last_modified_date',
  IBAN: 'iban',
  ibanCode: 'iban_code',
  accountIBANNumber: 'account_iban_number',
  HTTPResponseCode: 'http_response_code',
  addresses_0_line1: 'addresses_0_line1',
  address1Line: 'address1line',
  _Personal_Details_Employer: 'personal_details_employer',
  disbursementDetails_expectedDisbursementDate: 'disbursement_details_expected_disbursement_date',
  __weird__Key__: 'weird_key',
  ABC: 'abc',
  aBC: 'a_bc',
  getHTTPResponse: 'get_http_response',
  loanAmount: 'loan_amount',
  a__b: 'a_b',
  x: 'x',
  XMLHttpRequest: 'xml_http_request',
  already_snake: 'already_snake',
  PAN2Card: 'pan2card',
  v2Api: 'v2api',
};

describe('toSnakeCase (parity with the original Lambda)', () => {
  for (const [input, expected] of Object.entries(PYTHON_PARITY)) {
    it(`${input} → ${expected}`, () => expect(toSnakeCase(input)).toBe(expected));
  }
});
