import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OffsetIndex } from '../../../core/consumer/offset-index.js';

describe('OffsetIndex', () => {
  it('behaves like a sorted map under any sequence of sets and deletes', () => {
    const op = fc.oneof(
      { weight: 50, arbitrary: fc.record({ kind: fc.constant('set' as const), offset: fc.integer({ min: 0, max: 40 }) }) },
      { weight: 45, arbitrary: fc.record({ kind: fc.constant('delete' as const), offset: fc.integer({ min: 0, max: 40 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), offset: fc.constant(0) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600, size: 'large' }), (ops) => {
        const index = new OffsetIndex<string>();
        const model = new Map<number, string>();
        for (const { kind, offset } of ops) {
          if (kind === 'set') {
            expect(index.set(offset, `v${offset}`)).toBe(!model.has(offset));
            model.set(offset, `v${offset}`);
          } else if (kind === 'delete') {
            expect(index.delete(offset)).toBe(model.get(offset));
            model.delete(offset);
          } else {
            index.clear();
            model.clear();
          }
          const keys = [...model.keys()].sort((a, b) => a - b);
          expect(index.size).toBe(model.size);
          expect(index.first()).toBe(keys[0]);
          expect(index.last()).toBe(keys[keys.length - 1]);
          if (kind === 'set') expect([...index.entries()].map(([o]) => o)).toEqual(keys);
        }
        expect([...index.entries()]).toEqual([...model.entries()].sort((a, b) => a[0] - b[0]));
      }),
      { numRuns: 60 },
    );
  });
});
