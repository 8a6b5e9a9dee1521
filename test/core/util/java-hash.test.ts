import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { continueJavaStringHash, javaStringHashCode } from '../../../core/util/java-hash.js';

describe('javaStringHashCode', () => {
  it("gives Java's String.hashCode", () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('TagA')).toBe(2598919);
    expect(javaStringHashCode('Aa')).toBe(javaStringHashCode('BB'));
    // Passed to map as is (value, index, array): the index must not change the hash.
    expect(['TagA', 'TagA'].map(javaStringHashCode)).toEqual([2598919, 2598919]);
  });

  it('continues the hash of a prefix: continue(hash(a), b) is hash(a + b)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(continueJavaStringHash(javaStringHashCode(a), b)).toBe(javaStringHashCode(a + b));
      }),
    );
  });
});
