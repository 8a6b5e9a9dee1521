import { javaStringHashCode } from '../../../../core/util/java-hash.js';

export { javaStringHashCode };

/** Separator between business keys in the KEYS property (Java `MessageConst.KEY_SEPARATOR`). */
export const KEY_SEPARATOR = ' ';

/**
 * The consume-queue filter code of a message (§8.6): Java `String.hashCode()` of its TAGS value, 0 when it has none.
 */
export function tagsCode(tags: string | undefined): number {
  return tags === undefined || tags.length === 0 ? 0 : javaStringHashCode(tags);
}

/** The KEYS property split on single spaces, empty parts dropped. */
export function splitKeys(keys: string | undefined): string[] {
  if (keys === undefined || keys.length === 0) return [];
  return keys.split(KEY_SEPARATOR).filter((k) => k.length > 0);
}

/** Business keys joined for the KEYS property. */
export function joinKeys(keys: readonly string[]): string {
  return keys.join(KEY_SEPARATOR);
}
