import { javaStringHashCode } from '../../../../core/util/java-hash.js';

/**
 * The iteration order of a `java.util.HashMap`/`HashSet` that received `items` in this order (default capacity, no
 * removals): by bucket `(h ^ h >>> 16) & (capacity - 1)`, insertion order within a bucket. Capacity starts at 16 and
 * doubles past a 0.75 load factor. (Java turns a bucket of ≥ 8 entries into a tree once the table has ≥ 64 slots;
 * that case is not modelled.)
 */
export function javaHashOrder<T>(items: readonly T[], hash: (item: T) => number): T[] {
  let capacity = 16;
  while (items.length > capacity * 0.75) capacity *= 2;
  return items
    .map((item, index) => {
      const h = hash(item) | 0;
      return { item, index, bucket: (h ^ (h >>> 16)) & (capacity - 1) };
    })
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((e) => e.item);
}

/** Java `Long.hashCode` for a safe integer: `(int) (v ^ (v >>> 32))`. */
export function javaLongHash(v: number): number {
  const hi = Math.floor(v / 4294967296) | 0;
  return ((v >>> 0) ^ hi) | 0;
}

/** Java `Integer.hashCode`. */
export const javaIntHash = (v: number): number => v | 0;

export const javaStringHash = javaStringHashCode;
