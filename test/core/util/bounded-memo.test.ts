import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../../core/util/bounded-memo.js';

describe('BoundedMemo', () => {
  it('answers what it remembered, and forgets everything when a new key would pass the bound', () => {
    const memo = new BoundedMemo<number>(2);
    expect(memo.remember('a', 1)).toBe(1);
    memo.remember('b', 2);
    expect([memo.get('a'), memo.get('b'), memo.get('c')]).toEqual([1, 2, undefined]);
    memo.remember('c', 3);
    expect([memo.get('a'), memo.get('b'), memo.get('c')]).toEqual([undefined, undefined, 3]);
  });
});
