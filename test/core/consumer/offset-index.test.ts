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

  it('stays a sorted map over long in-order streams with scattered removals and late inserts (trimming and compaction)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (picks, stride) => {
        const index = new OffsetIndex<number>();
        const model = new Map<number, number>();
        let next = 0;
        for (let round = 0; round < 120; round++) {
          for (let i = 0; i < 32; i++) {
            index.set(next, next);
            model.set(next, next);
            next++;
          }
          // Leave every stride-th held offset behind for a while, remove the rest; put a few old ones back.
          const held = [...model.keys()].sort((a, b) => a - b);
          held.forEach((o, i) => {
            if (i % (stride + 1) !== 0 || held.length - i < 4) {
              expect(index.delete(o)).toBe(o);
              model.delete(o);
            }
          });
          const back = picks[round % picks.length]!;
          if (back < next && !model.has(back)) {
            expect(index.set(back, back)).toBe(true);
            model.set(back, back);
          }
          const keys = [...model.keys()].sort((a, b) => a - b);
          expect(index.size).toBe(model.size);
          expect(index.first()).toBe(keys[0]);
          expect(index.last()).toBe(keys[keys.length - 1]);
          expect(index.has(keys[0]!)).toBe(true);
          expect(index.get(next)).toBeUndefined();
        }
        expect([...index.entries()]).toEqual([...model.entries()].sort((a, b) => a[0] - b[0]));
      }),
      { numRuns: 40 },
    );
  });

  it('keeps undefined values apart from missing offsets', () => {
    const index = new OffsetIndex<undefined>();
    expect(index.set(3, undefined)).toBe(true);
    expect(index.has(3)).toBe(true);
    expect(index.size).toBe(1);
    expect(index.delete(3)).toBeUndefined();
    expect(index.has(3)).toBe(false);
    expect(index.size).toBe(0);
  });
});
