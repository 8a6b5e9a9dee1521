import { javaStringHashCode } from '../../../../core/util/java-hash.js';
import { BoundedMemo } from '../../../../core/util/bounded-memo.js';
import { setOwn } from './own-record.js';

/**
 * The iteration order of a `java.util.HashMap` (and `HashSet`, which wraps one), computed.
 *
 * A default-constructed HashMap starts with 16 buckets and doubles whenever its size exceeds
 * 0.75 × capacity. An entry sits in bucket `(h ^ (h >>> 16)) & (capacity − 1)`, with `h` the key's
 * `hashCode()`; iteration walks the buckets in index order and each bucket in insertion order
 * (a resize splits a bucket but keeps the relative order of its entries). Treeified buckets
 * (≥ 8 collisions) are not modelled.
 */

const INITIAL_CAPACITY = 16;
const LOAD_FACTOR = 0.75;

/** Number of buckets a default HashMap has after `size` distinct puts. */
export function javaHashMapCapacity(size: number): number {
  let capacity = INITIAL_CAPACITY;
  while (size > capacity * LOAD_FACTOR) capacity *= 2;
  return capacity;
}

/** `HashMap.hash()`: folds the high half of the hash into the low half (int32 arithmetic). */
export function javaHashSpread(hash: number): number {
  return (hash ^ (hash >>> 16)) | 0;
}

/**
 * Iteration order of a default HashMap/HashSet after inserting `items` in the given order,
 * each hashed by `hashOf` (an int32, as Java's `hashCode()`). Items whose `identity` repeats an
 * earlier one are dropped, as a repeated `put` keeps the first entry's position.
 */
export function javaHashOrder<T>(items: readonly T[], hashOf: (item: T) => number, identity: (item: T) => unknown = (x) => x): T[] {
  const seen = new Set<unknown>();
  const distinct = items.filter((item) => {
    const id = identity(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const mask = javaHashMapCapacity(distinct.length) - 1;
  return distinct
    .map((item, position) => ({ item, position, bucket: javaHashSpread(hashOf(item)) & mask }))
    .sort((x, y) => x.bucket - y.bucket || x.position - y.position)
    .map((entry) => entry.item);
}

/**
 * The order in which a `HashMap<String, …>` iterates its keys after they were `put` in
 * `keysInInsertionOrder` (repeats keep their first position).
 *
 * Feeding a HashMap's own iteration order back in (plus later keys) gives the same result as the
 * true insertion order, because keys that share a bucket keep their relative order.
 *
 * Remembered per key list (up to {@link MAX_REMEMBERED} lists): a broker orders the same few property and header
 * key sets for every message it stores and answers.
 */
export function javaHashMapOrder(keysInInsertionOrder: readonly string[]): readonly string[] {
  if (keysInInsertionOrder.some((k) => k.includes('\u0000'))) return javaHashOrder(keysInInsertionOrder, javaStringHashCode);
  const id = `${keysInInsertionOrder.length}\u0000${keysInInsertionOrder.join('\u0000')}`;
  return remembered.get(id) ?? remembered.remember(id, Object.freeze(javaHashOrder(keysInInsertionOrder, javaStringHashCode)));
}

const MAX_REMEMBERED = 1024;
/** Orders by their key count and key list joined with NUL (lists with a NUL in a key are not remembered). */
const remembered = new BoundedMemo<readonly string[]>(MAX_REMEMBERED);

/**
 * `map.put(k, v)` for each entry of `added`, on a map whose keys are already in Java HashMap
 * order (for example an encoded header): returns a new record in the resulting Java order.
 * This is how a hook that adds ext fields after the header was filled (ACL `Signature`,
 * `AccessKey`) lands in the frame.
 */
export function javaHashMapPut(map: Readonly<Record<string, string>>, added: Readonly<Record<string, string>>): Record<string, string> {
  const values = new Map<string, string>([...Object.entries(map), ...Object.entries(added)]);
  const out: Record<string, string> = {};
  for (const key of javaHashMapOrder([...values.keys()])) setOwn(out, key, values.get(key) as string);
  return out;
}
