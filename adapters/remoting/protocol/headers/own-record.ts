/**
 * Helpers for string records that come from the wire: keys are data, so `__proto__` or
 * `toString` must behave as ordinary keys, never reach `Object.prototype`.
 */

/** Defines an own enumerable property, so that a key such as `__proto__` stays an ordinary entry. */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The record's own value for `key`, ignoring anything inherited. */
export function getOwn(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
