/** Java HashMap/HashSet iteration order: one implementation, shared with the header codecs. */
export { javaHashOrder } from '../headers/java-hashmap-order.js';

/** Java `Long.hashCode` for a safe integer: `(int) (v ^ (v >>> 32))`. */
export function javaLongHash(v: number): number {
  const hi = Math.floor(v / 4294967296) | 0;
  return ((v >>> 0) ^ hi) | 0;
}

/** Java `Integer.hashCode`. */
export const javaIntHash = (v: number): number => v | 0;
