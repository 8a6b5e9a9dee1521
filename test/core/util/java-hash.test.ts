import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { javaStringHashCode } from '../../../core/util/java-hash.js';

describe('javaStringHashCode', () => {
  it("gives Java's String.hashCode", () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('TagA')).toBe(2598919);
    expect(javaStringHashCode('Aa')).toBe(javaStringHashCode('BB'));
  });

  it('continues the hash of a prefix: hash(b, hash(a)) is hash(a + b)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(javaStringHashCode(b, javaStringHashCode(a))).toBe(javaStringHashCode(a + b));
      }),
    );
  });
});
