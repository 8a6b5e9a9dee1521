/**
 * Java's `String.hashCode()`: 31-polynomial over UTF-16 code units with int32 overflow.
 * RocketMQ uses it for tag codes (`"TagA"` → 2598919) and for hashing sharding keys.
 * One argument only, so that it can be passed to `Array.prototype.map` as is.
 */
export function javaStringHashCode(s: string): number {
  return continueJavaStringHash(0, s);
}

/**
 * The hash of `a + s` from `prefixHash`, the hash of `a` (`continueJavaStringHash(javaStringHashCode(a), b)` is
 * `javaStringHashCode(a + b)`), without building that string.
 */
export function continueJavaStringHash(prefixHash: number, s: string): number {
  let h = prefixHash;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
