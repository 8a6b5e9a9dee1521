/**
 * Java's `String.hashCode()`: 31-polynomial over UTF-16 code units with int32 overflow.
 * RocketMQ uses it for tag codes (`"TagA"` → 2598919) and for hashing sharding keys.
 * `prefixHash` continues a hash: `javaStringHashCode(b, javaStringHashCode(a))` is the hash of `a + b`, without
 * building that string.
 */
export function javaStringHashCode(s: string, prefixHash = 0): number {
  let h = prefixHash;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
