// cleanString decides with one scan whether a value needs the original's clean-up; whatever it returns must be what
// the original's two replacements make of the value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanString } from '../../electron/engine/transform/clean';

const original = (s: string) => s.replace(/[\n\r\t]/g, ' ').replace(/ {2,}/g, ' ');

describe('cleanString', () => {
  it('equals the original clean-up on any text, clean or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: fc.constantFrom(' ', '\n', '\r', '\t', 'a', 'é') }), fc.string({ unit: 'binary' })), (s) => {
        expect(cleanString(s)).toBe(original(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns the very value when there is nothing to clean', () => {
    const s = 'LT3100001 manual entry';
    expect(cleanString(s)).toBe(s);
    expect(cleanString(' a b ')).toBe(' a b ');
    expect(cleanString('a  b')).toBe('a b');
    expect(cleanString('a\t b')).toBe('a b');
  });
});
