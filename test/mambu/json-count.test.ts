// The pager's record count from raw page text must agree with JSON.parse on every JSON array, whatever its
// strings hold (quotes, backslashes, brackets, commas) and however it is spaced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topLevelCount } from '../../electron/engine/mambu/json-count';

describe('topLevelCount', () => {
  it('equals the parsed array length for arbitrary JSON arrays, compact and indented', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 30 }), (arr) => {
        expect(topLevelCount(JSON.stringify(arr))).toBe(arr.length);
        expect(topLevelCount(JSON.stringify(arr, null, 2))).toBe(arr.length);
      }),
      { numRuns: 500 },
    );
  });

  it('handles the hard strings and empty arrays', () => {
    for (const t of ['[]', ' [ ] ', '[0]', '["\\\\"]', '["\\\\\\"],["]', '[{"a":"x,\\"]"},[1,2],"q\\\\",null]', '[[],{},""]']) {
      expect(topLevelCount(t)).toBe((JSON.parse(t) as unknown[]).length);
    }
  });

  it('reports a string left open as -1 (never a full page)', () => {
    expect(topLevelCount('[{"a":"unterminated')).toBe(-1);
  });
});
