import { describe, expect, it } from 'vitest';
import { mambuBaseUrl } from '../../shared/settings';

describe('mambuBaseUrl', () => {
  it('builds the tenant URL from a subdomain, as the original Lambda did', () => {
    expect(mambuBaseUrl('mybank')).toBe('https://mybank.mambu.com/api');
    expect(mambuBaseUrl('mybank.sandbox')).toBe('https://mybank.sandbox.mambu.com/api');
    expect(mambuBaseUrl(' mybank.mambu.com ')).toBe('https://mybank.mambu.com/api');
  });

  it('keeps a full URL, adding /api when it has no path', () => {
    expect(mambuBaseUrl('https://mybank.mambu.com')).toBe('https://mybank.mambu.com/api');
    expect(mambuBaseUrl('http://127.0.0.1:4567/api/')).toBe('http://127.0.0.1:4567/api');
  });

  it('refuses credentials in the URL without echoing them', () => {
    let message = '';
    try {
      mambuBaseUrl('https://analyst:hunter2-Secret@mybank.mambu.com/api');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('must not contain a user name or password');
    expect(message).not.toContain('hunter2-Secret');
  });

  it('refuses what is neither a URL nor a subdomain', () => {
    expect(() => mambuBaseUrl('my bank!')).toThrow(/neither a URL nor a Mambu subdomain/);
  });
});
